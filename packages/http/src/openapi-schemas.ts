import * as z from "./zod.ts";

/** The path parameter of every route that addresses one resource. */
export const idParam = z.object({ id: z.uuid().openapi({ param: { name: "id", in: "path" } }) });

export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number(),
    detail: z.string().optional(),
    instance: z.string().optional(),
  })
  .openapi("Problem");

export const problemResponses = {
  400: { description: "Invalid request", content: { "application/problem+json": { schema: problemSchema } } },
  401: {
    description: "Missing or invalid credentials",
    content: { "application/problem+json": { schema: problemSchema } },
  },
  403: {
    description: "Credentials lack the scope",
    content: { "application/problem+json": { schema: problemSchema } },
  },
  429: { description: "Rate limited", content: { "application/problem+json": { schema: problemSchema } } },
} as const;

export const notFoundResponse = {
  description: "Not found in this organization",
  content: { "application/problem+json": { schema: problemSchema } },
} as const;

export const conflictResponse = {
  description: "Conflicts with an existing resource",
  content: { "application/problem+json": { schema: problemSchema } },
} as const;
