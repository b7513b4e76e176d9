import type { OpenApiDocument } from "@frontdesk/http";
import { html, raw } from "hono/html";

interface Operation {
  summary?: string;
  security?: unknown[];
  requestBody?: unknown;
  responses?: Record<string, { description?: string }>;
}

const methodOrder = ["get", "post", "put", "patch", "delete"];

/** A readable API reference rendered on the server from the OpenAPI document (no scripts, no CDN). */
export function renderReference(document: OpenApiDocument) {
  const paths = Object.entries(document.paths ?? {}) as [string, Record<string, Operation | undefined>][];
  const rows = paths.flatMap(([path, operations]) =>
    methodOrder
      .filter((method) => operations[method])
      .map((method) => {
        const operation = operations[method] ?? {};
        const statuses = Object.entries(operation.responses ?? {})
          .map(([status, detail]) => `<li><code>${status}</code> ${escapeHtml(detail.description ?? "")}</li>`)
          .join("");
        return `<section><h2><span class="m ${method}">${method.toUpperCase()}</span> <code>${escapeHtml(path)}</code></h2>
          <p>${escapeHtml(operation.summary ?? "")}</p>
          <p class="auth">${operation.security?.length ? "Bearer token required" : "No credentials needed"}</p>
          <ul>${statuses}</ul></section>`;
      }),
  );
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${document.info.title} reference</title>
        <style>
          body { font: 16px/1.5 system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; color: #1d232a; }
          section { border-top: 1px solid #dde3ea; padding: .5rem 0; }
          h2 { font-size: 1.05rem; margin: .5rem 0 0; }
          .m { display: inline-block; min-width: 4.5rem; font-size: .8rem; color: #fff; border-radius: 4px; padding: 2px 6px; text-align: center; }
          .get { background: #2563eb; } .post { background: #16a34a; } .put, .patch { background: #d97706; } .delete { background: #dc2626; }
          .auth { color: #5b6673; font-size: .9rem; margin: 0; }
          ul { margin: .25rem 0 .5rem; font-size: .9rem; }
        </style>
      </head>
      <body>
        <h1>${document.info.title} <small>${document.info.version}</small></h1>
        <p>${document.info.description ?? ""} Machine-readable: <a href="/v1/openapi.json">/v1/openapi.json</a>.
          Errors are <code>application/problem+json</code>.</p>
        ${raw(rows.join(""))}
      </body>
    </html>`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
