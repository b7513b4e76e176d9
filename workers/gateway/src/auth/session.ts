import { sign, verify } from "hono/jwt";
import { type Principal, roleScopes, type StaffRole } from "./principal.ts";

/** Staff tokens are short-lived: a stolen one is worth a quarter of an hour. */
export const sessionSeconds = 15 * 60;

export async function issueSession(secret: string, user: { id: string; organizationId: string; role: StaffRole }) {
  const now = Math.floor(Date.now() / 1000);
  const expiresAt = now + sessionSeconds;
  const token = await sign(
    { sub: user.id, org: user.organizationId, role: user.role, iat: now, exp: expiresAt, typ: "staff" },
    secret,
    "HS256",
  );
  return { token, expiresAt: new Date(expiresAt * 1000).toISOString() };
}

/** The principal of a valid, unexpired staff token; undefined for anything else. */
export async function readSession(secret: string, token: string): Promise<Principal | undefined> {
  try {
    const claims = await verify(token, secret, "HS256");
    const role = claims.role as StaffRole;
    if (
      claims.typ !== "staff" ||
      typeof claims.sub !== "string" ||
      typeof claims.org !== "string" ||
      !(role in roleScopes)
    )
      return undefined;
    return {
      kind: "user",
      userId: claims.sub,
      organizationId: claims.org,
      role,
      scopes: roleScopes[role],
      ...(typeof claims.exp === "number" ? { expiresAt: claims.exp * 1000 } : {}),
    };
  } catch {
    return undefined;
  }
}
