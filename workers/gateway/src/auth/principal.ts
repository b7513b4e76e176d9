/** Who is calling, as the gateway established it. Domain workers receive it from the gateway only. */
export type Principal =
  | { kind: "admin" }
  | { kind: "api_key"; organizationId: string; apiKeyId: string; scopes: string[] };

export const scopes = [
  "*",
  "organization:read",
  "organization:write",
  "api_keys:read",
  "api_keys:write",
  "config:read",
  "config:write",
  "conversations:read",
  "conversations:write",
] as const;

export type Scope = (typeof scopes)[number];

export function hasScope(principal: Principal, scope: Scope): boolean {
  return principal.kind === "api_key" && (principal.scopes.includes("*") || principal.scopes.includes(scope));
}
