// A seeded fuzzer over the published OpenAPI document: every operation is called with malformed
// input (bad ids, wrong types, extreme numbers and dates, NUL bytes, huge and deeply nested bodies,
// bad JSON, wrong media types). A 5xx, or a 4xx that is not problem+json, is a finding. Shared by
// the gateway test project (a few thousand requests) and `pnpm bench:fuzz` (10,000 or more).
import fc from "fast-check";

type Schema = {
  $ref?: string;
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
};

interface Parameter {
  name: string;
  in: "path" | "query" | "header" | "cookie";
  schema?: Schema;
}

interface Operation {
  parameters?: Parameter[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema> };
}

export interface FuzzRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
  /** Which malformation this request carries, for the report. */
  strategy: string;
}

export interface Finding {
  request: Omit<FuzzRequest, "body"> & { bodyStart?: string };
  status: number;
  contentType: string | null;
  responseStart: string;
}

export interface FuzzReport {
  requests: number;
  byStatus: Record<string, number>;
  byStrategy: Record<string, number>;
  operations: number;
  findings: Finding[];
}

const methods = ["get", "post", "put", "patch", "delete"];
const bodyMethods = new Set(["POST", "PUT", "PATCH"]);

/** Path segments that are not what a route expects. */
const hostileSegments = [
  "",
  "x",
  "0",
  "-1",
  "99999999999999999999999",
  "1e309",
  "NaN",
  "null",
  "%00",
  "a%00b",
  "00000000-0000-0000-0000-00000000000g",
  "00000000-0000-0000-0000-000000000000",
  "%2e%2e%2f%2e%2e%2fetc",
  "%F0%9F%98%80",
  "%E0%A4%A",
  "constructor",
  "__proto__",
  "x".repeat(3000),
];

/** Strings, numbers and dates a handler or Postgres might choke on. */
const hostileScalars: unknown[] = [
  "",
  "\u0000",
  "a\u0000b",
  "\uD800",
  "x".repeat(20_000),
  "0000-00-00",
  "2026-02-30",
  "0001-01-01T00:00:00Z",
  "+275760-09-13T00:00:00.000Z",
  "9999-12-31T23:59:59Z",
  "1970-01-01T00:00:00Z",
  "2026-13-45T25:61:61Z",
  "not a date",
  1e308,
  -1e308,
  5e-324,
  2 ** 53 + 1,
  -(2 ** 31) - 1,
  2 ** 63,
  0,
  -1,
  0.5,
  true,
  null,
  [],
  {},
  [null],
  { "": null },
  { __proto__: 1 },
  { constructor: { prototype: 1 } },
  "constructor",
  "<script>alert(1)</script>",
  "'; drop table customers; --",
  "%00",
  "\u202e",
];

const hostileQueryValues = [
  "",
  "%00",
  "-1",
  "0",
  "1e309",
  "99999999999999999999",
  "NaN",
  "2026-02-30",
  "0000-01-01",
  "99999-12-31",
  "1969-12-31T23:59:59Z",
  "not-a-cursor",
  "eyJ0IjoiYSJ9",
  "x".repeat(4000),
  "constructor",
  "%F0%9F",
  "true",
];

const badJsonTexts = ["{", '{"a":', "[1,2", "nul", "\u0000", '{"a":1}garbage', "1e99999", '"\\ud800"', "{'a':1}", ""];
const wrongMediaTypes = [
  "text/plain",
  "application/x-www-form-urlencoded",
  "multipart/form-data; boundary=x",
  "application/xml",
];

function resolve(document: OpenApiDocument, schema: Schema | undefined, depth = 0): Schema | undefined {
  if (!schema?.$ref || depth > 10) return schema;
  const name = schema.$ref.replace("#/components/schemas/", "");
  return resolve(document, document.components?.schemas?.[name], depth + 1);
}

/** A value that fits `schema` with every leaf possibly replaced by something hostile. */
function valueFor(document: OpenApiDocument, raw: Schema | undefined, depth: number): fc.Arbitrary<unknown> {
  const schema = resolve(document, raw);
  const hostile = fc.constantFrom(...hostileScalars);
  if (!schema || depth > 4) return hostile;
  const variants = schema.anyOf ?? schema.oneOf ?? schema.allOf;
  if (variants?.length) return fc.oneof(...variants.map((variant) => valueFor(document, variant, depth + 1)), hostile);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  let fitting: fc.Arbitrary<unknown>;
  if (schema.enum?.length) fitting = fc.constantFrom(...schema.enum);
  else if (type === "object" || schema.properties) {
    const shape: Record<string, fc.Arbitrary<unknown>> = {};
    for (const [name, property] of Object.entries(schema.properties ?? {}))
      shape[name] = valueFor(document, property, depth + 1);
    fitting = fc.record(shape, { requiredKeys: schema.required?.filter((name) => name in shape) ?? [] });
  } else if (type === "array") fitting = fc.array(valueFor(document, schema.items, depth + 1), { maxLength: 4 });
  else if (type === "integer") fitting = fc.oneof(fc.integer(), fc.constantFrom(2 ** 53, -(2 ** 53), 2 ** 31));
  else if (type === "number") fitting = fc.double();
  else if (type === "boolean") fitting = fc.boolean();
  else if (schema.format === "uuid") fitting = fc.uuid();
  else if (schema.format === "date-time") fitting = fc.date({ noInvalidDate: true }).map((date) => date.toISOString());
  else if (schema.format === "email") fitting = fc.emailAddress();
  else fitting = fc.string({ maxLength: 40, unit: "binary" });
  return fc.oneof({ arbitrary: fitting, weight: 2 }, { arbitrary: hostile, weight: 1 });
}

interface Target {
  method: string;
  template: string;
  operation: Operation;
}

function targetsOf(document: OpenApiDocument): Target[] {
  const targets: Target[] = [];
  for (const [template, item] of Object.entries(document.paths))
    for (const method of methods) {
      const operation = item[method];
      if (operation) targets.push({ method: method.toUpperCase(), template, operation });
    }
  return targets;
}

const deepBody = (depth: number) => `{"a":${"[".repeat(depth)}${"]".repeat(depth)}}`;

/** One malformed request for `target`, drawn from `random`. */
function requestFor(
  document: OpenApiDocument,
  target: Target,
  seed: number,
  token: string,
  known: Record<string, string> = {},
): FuzzRequest {
  const pick = <T>(arbitrary: fc.Arbitrary<T>): T => {
    const [value] = fc.sample(arbitrary, { seed, numRuns: 1 });
    if (value === undefined) throw new Error("fast-check produced no sample");
    return value;
  };
  const parameters = target.operation.parameters ?? [];
  const validId = pick(fc.uuid());
  const segment = pick(fc.oneof(fc.constantFrom(...hostileSegments), fc.constant(validId)));
  // A parameter with a known good value (a real publishable key) gets it half the time, so the
  // fuzz reaches past the first check.
  let path = target.template.replace(/\{([^}]+)\}/g, (_, name: string) =>
    known[name] !== undefined && pick(fc.boolean()) ? (known[name] ?? segment) : segment,
  );
  const query = parameters
    .filter((parameter) => parameter.in === "query")
    .filter((_, index) => pick(fc.boolean()) || index === 0)
    .map((parameter) => `${encodeURIComponent(parameter.name)}=${pick(fc.constantFrom(...hostileQueryValues))}`);
  if (query.length > 0) path += `?${query.join("&")}`;
  const headers: Record<string, string> = {};
  const credential = pick(fc.nat(19));
  if (credential === 0) headers.authorization = "Bearer fdk_short";
  else if (credential === 1) headers.authorization = "Basic %%%";
  else if (credential !== 2) headers.authorization = `Bearer ${token}`;
  const request: FuzzRequest = { method: target.method, path, headers, strategy: "parameters" };
  if (!bodyMethods.has(target.method)) return request;
  const schema = target.operation.requestBody?.content?.["application/json"]?.schema;
  const strategy = pick(fc.nat(9));
  headers["content-type"] = "application/json";
  if (strategy <= 4) {
    request.strategy = "body: schema with hostile leaves";
    request.body = JSON.stringify(pick(valueFor(document, schema, 0)));
  } else if (strategy === 5) {
    request.strategy = "body: bad JSON";
    request.body = pick(fc.constantFrom(...badJsonTexts));
  } else if (strategy === 6) {
    request.strategy = "body: wrong media type";
    headers["content-type"] = pick(fc.constantFrom(...wrongMediaTypes));
    request.body = "a=1&b=2";
  } else if (strategy === 7) {
    request.strategy = "body: deeply nested";
    request.body = deepBody(pick(fc.constantFrom(65, 1_000, 100_000)));
  } else if (strategy === 8) {
    request.strategy = "body: huge";
    request.body = JSON.stringify({ value: "x".repeat(pick(fc.constantFrom(300_000, 1_200_000, 5_000_000))) });
  } else {
    request.strategy = "body: any JSON";
    request.body = JSON.stringify(pick(fc.jsonValue({ maxDepth: 3 })));
  }
  return request;
}

/**
 * Sends `count` malformed requests spread over every operation of `document` (`concurrency` at a
 * time) and reports what came back. The same seed sends the same requests.
 */
export async function fuzzOpenApi(options: {
  document: OpenApiDocument;
  token: string;
  seed: number;
  count: number;
  concurrency?: number;
  send: (request: FuzzRequest) => Promise<Response>;
  /** Good values of path parameters (a real publishable key), used for half the requests. */
  known?: Record<string, string>;
  /** The bearer token of the visitor routes (/v1/public/…) in place of `token`. */
  visitorToken?: string;
  /** Operations not to call (a template such as "POST /v1/organizations"). */
  skip?: string[];
}): Promise<FuzzReport> {
  const targets = targetsOf(options.document).filter(
    (target) => !options.skip?.includes(`${target.method} ${target.template}`),
  );
  const report: FuzzReport = { requests: 0, byStatus: {}, byStrategy: {}, operations: targets.length, findings: [] };
  let next = 0;
  const worker = async () => {
    for (let index = next++; index < options.count; index = next++) {
      const target = targets[index % targets.length];
      if (!target) continue;
      const visitorRoute = target.template.startsWith("/v1/public/") && options.visitorToken;
      const token = visitorRoute ? (options.visitorToken ?? options.token) : options.token;
      const request = requestFor(options.document, target, options.seed + index, token, options.known);
      let response: Response;
      try {
        response = await options.send(request);
      } catch (error) {
        // Over HTTP, a server that refuses an oversized body may close the connection before the
        // client has written all of it: the client sees a reset, not the 413. Only then is it no finding.
        if (request.strategy !== "body: huge") throw error;
        report.requests++;
        report.byStatus["closed while uploading"] = (report.byStatus["closed while uploading"] ?? 0) + 1;
        report.byStrategy[request.strategy] = (report.byStrategy[request.strategy] ?? 0) + 1;
        continue;
      }
      const text = await response.text();
      const contentType = response.headers.get("content-type");
      report.requests++;
      const statusClass = `${Math.floor(response.status / 100)}xx`;
      report.byStatus[statusClass] = (report.byStatus[statusClass] ?? 0) + 1;
      report.byStrategy[request.strategy] = (report.byStrategy[request.strategy] ?? 0) + 1;
      const badProblem = response.status >= 400 && response.status < 500 && contentType !== "application/problem+json";
      if (response.status >= 500 || badProblem) {
        const { body, ...rest } = request;
        report.findings.push({
          request: { ...rest, path: rest.path.slice(0, 200), ...(body ? { bodyStart: body.slice(0, 200) } : {}) },
          status: response.status,
          contentType,
          responseStart: text.slice(0, 300),
        });
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 8 }, worker));
  return report;
}
