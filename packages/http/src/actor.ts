import type { AuditActor } from "./audit.ts";
import type { ForwardedIdentity } from "./forwarded-identity.ts";

/** Who made a change, as history rows record it: `api_key:<id>`, `user:<id>`, `assistant:<name>`. */
export const actorLabel = (identity: ForwardedIdentity) => `${identity.principal}:${identity.subjectId}`;

/** The audit actor for a caller the gateway identified; no identity is the platform admin. */
export const actorOf = (identity: ForwardedIdentity | undefined): AuditActor =>
  identity
    ? {
        kind: identity.principal,
        apiKeyId: identity.principal === "api_key" ? identity.subjectId : null,
        userId: identity.principal === "user" ? identity.subjectId : null,
      }
    : { kind: "admin", apiKeyId: null, userId: null };
