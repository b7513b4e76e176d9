import { sign, verify } from "hono/jwt";
import { type Principal, roleScopes, type StaffRole } from "./principal.ts";

/** Staff tokens are short-lived: a stolen one is worth a quarter of an hour. */
export const sessionSeconds = 15 * 60;

export async function issueSession(secret: string, user: { id: string; organizationId: string; role: StaffRole }) {
  const issuedMs = Date.now();
  const now = Math.floor(issuedMs / 1000);
  const expiresAt = now + sessionSeconds;
  const token = await sign(
    // itm: issued at in ms, so a credential change a moment after sign-in still refuses the token.
    { sub: user.id, org: user.organizationId, role: user.role, iat: now, itm: issuedMs, exp: expiresAt, typ: "staff" },
    secret,
    "HS256",
  );
  return { token, expiresAt: new Date(expiresAt * 1000).toISOString() };
}

/** The principal of a valid, unexpired staff token and when it was issued (ms); undefined for anything else. */
export async function readSession(
  secret: string,
  token: string,
): Promise<{ principal: Principal; issuedAt: number } | undefined> {
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
    const issuedAt =
      typeof claims.itm === "number" ? claims.itm : typeof claims.iat === "number" ? claims.iat * 1000 : 0;
    return {
      principal: {
        kind: "user",
        userId: claims.sub,
        organizationId: claims.org,
        role,
        scopes: roleScopes[role],
        ...(typeof claims.exp === "number" ? { expiresAt: claims.exp * 1000 } : {}),
      },
      issuedAt,
    };
  } catch {
    return undefined;
  }
}
