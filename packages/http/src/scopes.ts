/** Every scope a credential can hold: one vocabulary for the gateway and every domain worker. */
export const scopes = [
  "*",
  "organization:read",
  "organization:write",
  "api_keys:read",
  "api_keys:write",
  "config:read",
  "config:write",
  "users:read",
  "users:write",
  "conversations:read",
  "conversations:write",
  "customers:read",
  "customers:write",
  // Erasing a person (GDPR Art. 17) cannot be undone: its own scope, not implied by customers:write.
  "customers:erase",
  "audit_logs:read",
  "bookings:read",
  "bookings:write",
  "tickets:read",
  "tickets:write",
  "tools:invoke",
  "tools:approve",
  "events:write",
  "analytics:read",
] as const;

export type Scope = (typeof scopes)[number];

/** Whether a list of held scopes covers `scope` (`*` covers everything). */
export const scopesCover = (held: readonly string[], scope: Scope): boolean =>
  held.includes("*") || held.includes(scope);

export const isScope = (value: string): value is Scope => (scopes as readonly string[]).includes(value);
