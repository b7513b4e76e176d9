import type { ForwardedIdentity } from "@frontdesk/http";

/** Who made a change, as history rows record it: `api_key:<id>`, `user:<id>`, `public:<channel id>`. */
export const changedBy = (identity: ForwardedIdentity) => `${identity.principal}:${identity.subjectId}`;
