export { originSchema } from "@frontdesk/http";

export interface CorsPolicy {
  methods: string;
  requestHeaders: string;
}

const exposedHeaders = "X-Request-Id, RateLimit, RateLimit-Policy, Retry-After, Location";

export function corsHeaders(origin: string, policy: CorsPolicy): Record<string, string> {
  return {
    "access-control-allow-origin": origin,
    "access-control-allow-methods": policy.methods,
    "access-control-allow-headers": policy.requestHeaders,
    "access-control-expose-headers": exposedHeaders,
    "access-control-max-age": "600",
    vary: "Origin",
  };
}

export function isAllowedOrigin(origin: string, allowed: readonly string[]): boolean {
  return allowed.includes(origin.toLowerCase());
}

/** A CORS preflight: OPTIONS naming the method the browser wants to send. */
export function isPreflight(request: Request): boolean {
  return (
    request.method === "OPTIONS" &&
    request.headers.has("origin") &&
    request.headers.has("access-control-request-method")
  );
}
