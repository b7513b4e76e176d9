// zod for every schema the API declares. Import it as a namespace (`import * as z from
// "@frontdesk/http/zod"`): a bundler then keeps only the zod functions a worker calls, where a
// named `z` (zod's own `export * as z`, or @hono/zod-openapi's) makes it keep all of zod, JSON
// Schema conversion and the schema compiler included (about 25 KiB gzipped per worker).
// Importing @hono/zod-openapi first gives every schema `.openapi()`, whichever module loads first.
import "@hono/zod-openapi";

export * from "zod";
