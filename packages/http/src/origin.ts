import * as z from "./zod.ts";

/** A web origin as browsers send it: scheme, host, optional port; compared lower-cased. */
export const originSchema = z
  .string()
  .regex(/^https?:\/\/[a-z0-9.-]+(:\d+)?$/i, "an origin such as https://shop.example (scheme, host, optional port)")
  .transform((value) => value.toLowerCase());
