import { Hono } from "hono";
import { html } from "hono/html";
import type { GatewayApp } from "../app-env.ts";

const page = (title: string, body: ReturnType<typeof html>) => html`<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>${title}</title>
    <style>
      body { margin: 0; font: 16px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1b1f24; background: #fbfaf7; }
      main { max-width: 760px; margin: 0 auto; padding: 48px 24px 120px; }
      h1 { font-size: 40px; margin: 0 0 8px; letter-spacing: -0.02em; }
      .hero { background: linear-gradient(135deg, #0f5132, #198754); color: #fff; padding: 56px 24px; }
      .hero p { font-size: 19px; max-width: 560px; opacity: .95; }
      .grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(200px, 1fr)); gap: 16px; margin: 32px 0; }
      .card { background: #fff; border: 1px solid #e6e2d9; border-radius: 12px; padding: 18px; }
      .card h2 { font-size: 17px; margin: 0 0 6px; }
      code { background: #f0ede6; padding: 2px 6px; border-radius: 6px; font-size: 14px; }
      a { color: #0f5132; }
    </style>
  </head>
  <body>
    ${body}
  </body>
</html>`;

/**
 * The front page, the demo business's website with the widget on it: what a newcomer opens first.
 * A plain Hono app, not createApi: it is mounted at "/", where createApi's JSON-only body check
 * would reach every path (and refuse Twilio's form-encoded webhooks).
 */
export const pages = new Hono<GatewayApp>();

pages.get("/", (c) =>
  c.html(
    page(
      "Frontdesk",
      html`<main>
        <h1>Frontdesk</h1>
        <p>The backend for AI customer conversations is running.</p>
        <div class="grid">
          <div class="card">
            <h2><a href="/demo">Demo website</a></h2>
            Chat with Northwind Cycles through the web chat widget.
          </div>
          <div class="card">
            <h2><a href="/app/">Agent workspace</a></h2>
            The inbox, knowledge editor and dashboards for the team.
          </div>
          <div class="card">
            <h2><a href="/docs">API reference</a></h2>
            Every route of every worker, from <code>/v1/openapi.json</code>.
          </div>
          <div class="card">
            <h2><a href="/health">Health</a></h2>
            The database and the workers behind the gateway.
          </div>
        </div>
      </main>`,
    ),
  ),
);

pages.get("/demo", (c) => {
  const key = c.env.DEMO_PUBLISHABLE_KEY;
  if (!key) return c.notFound();
  return c.html(
    page(
      "Northwind Cycles: repairs, rentals and e-bikes",
      html`<section class="hero">
          <main style="padding: 0">
            <h1>Northwind Cycles</h1>
            <p>Repairs, servicing, rentals and e-bikes in the heart of town. Ask us anything in the chat: our
              assistant Nora answers at once, and Sam from the workshop steps in when it takes a person.</p>
          </main>
        </section>
        <main>
          <div class="grid">
            <div class="card"><h2>Workshop</h2>Services from £45, puncture repairs while you wait.</div>
            <div class="card"><h2>Rentals</h2>City bikes and e-bikes by the day or the week.</div>
            <div class="card"><h2>Drop-off slots</h2>Book a repair drop-off right in the chat.</div>
          </div>
          <p>This page is the demo business's website with one line added:</p>
          <p><code>&lt;script src="/widget.js" data-key="${key}" async&gt;&lt;/script&gt;</code></p>
        </main>
        <script src="/widget.js" data-key="${key}" async></script>`,
    ),
  );
});
