import { domainWorkers } from "@frontdesk/contracts/route-prefixes";
import { mergeOpenApiDocuments, type OpenApiDocument, ProblemError } from "@frontdesk/http";
import * as z from "@frontdesk/http/zod";
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { GatewayApp } from "../app-env.ts";
import { domainService } from "../domain-workers.ts";
import type { GatewayEnv } from "../env.ts";

const documentConfig = {
  openapi: "3.1.0",
  info: { title: "Frontdesk API", version: "1.0.0", description: "AI customer conversations on Cloudflare Workers." },
};

/** Each domain worker serves its own routes' document at this internal path (never routed publicly). */
export const workerDocumentPath = "/openapi.json";

/** What a domain worker's document must be to be merged (the rest of it is carried as it is). */
const workerDocumentSchema: z.ZodType<OpenApiDocument> = z
  .object({
    openapi: z.string(),
    info: z.object({ title: z.string(), version: z.string(), description: z.string().optional() }),
    paths: z.record(z.string(), z.record(z.string(), z.unknown())).optional(),
    components: z.record(z.string(), z.record(z.string(), z.unknown()).optional()).optional(),
  })
  .catchall(z.unknown());

// Documents are fixed for a deployment, so each isolate assembles the whole API's once.
let assembled: Promise<OpenApiDocument> | undefined;

async function workerDocument(name: string, worker: Fetcher): Promise<OpenApiDocument> {
  const response = await worker.fetch(`https://${name}.internal${workerDocumentPath}`);
  if (!response.ok)
    throw new ProblemError("service-unavailable", `The ${name} worker's API description is unavailable.`);
  return workerDocumentSchema.parse(await response.json());
}

/** The whole API: the gateway's own routes and every domain worker's, in one OpenAPI 3.1 document. */
export function apiDocument(app: OpenAPIHono<GatewayApp>, env: GatewayEnv): Promise<OpenApiDocument> {
  if (!assembled) {
    const gateway = app.getOpenAPI31Document(documentConfig) as OpenApiDocument;
    assembled = Promise.all(domainWorkers.map((name) => workerDocument(name, domainService(env, name)))).then(
      (documents) => mergeOpenApiDocuments(gateway, ...documents),
    );
    // A failed assembly is not cached: the next request tries again.
    assembled.catch(() => {
      assembled = undefined;
    });
  }
  return assembled;
}
