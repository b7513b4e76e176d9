import { createDb } from "@frontdesk/db";
import { sql } from "drizzle-orm";
import type { ChatEnv } from "../env.ts";
import { type FrameWindow, type SocketCredential, socketHolder } from "./socket-attachment.ts";

/** Frames per socket and minute: as many as the requests a client would need for the same writes. */
export const framesPerMinute = 30;
/** How often the alarm checks open sockets' credentials again, frames or not (revocation, deactivation). */
export const recheckMs = 30_000;

/** Counts one frame; returns how many seconds to wait when the window is spent. */
export function spendFrame(window: FrameWindow | undefined, now: number): { window: FrameWindow; retryAfter?: number } {
  const current = !window || now >= window.startedAt + 60_000 ? { startedAt: now, used: 0 } : window;
  if (current.used >= framesPerMinute)
    return { window: current, retryAfter: Math.ceil((current.startedAt + 60_000 - now) / 1000) };
  return { window: { ...current, used: current.used + 1 } };
}

/**
 * Whether the credential behind a socket still works: the key not revoked or expired, the staff
 * user still active in this organization, the visitor's channel still active, the token not
 * expired. One query.
 */
async function credentialStillValid(
  env: ChatEnv,
  organizationId: string,
  credential: SocketCredential,
): Promise<boolean> {
  if (credential.expiresAt !== null && credential.expiresAt <= Date.now()) return false;
  const db = createDb(env);
  const query = {
    api_key: sql`
      select 1 from api_keys where id = ${credential.id} and organization_id = ${organizationId}
        and revoked_at is null and (expires_at is null or expires_at > now())`,
    user: credential.sessionId
      ? sql`select 1 from users u join staff_sessions s on s.user_id = u.id
          where u.id = ${credential.id} and u.organization_id = ${organizationId} and u.is_active
            and s.id = ${credential.sessionId} and s.revoked_at is null and s.expires_at > now()`
      : sql`select 1 from users where id = ${credential.id} and organization_id = ${organizationId} and is_active`,
    visitor: sql`
      select 1 from channels where id = ${credential.id} and organization_id = ${organizationId} and is_active`,
  }[credential.kind];
  const result = await db.execute(query);
  return result.rows.length > 0;
}

/** The close code for a socket whose credential stopped working (the 4000 range is the application's). */
export const credentialRevokedCode = 4401;

/**
 * Whether the credential behind a socket still works; closes the socket when it does not. A socket
 * opened before credentials were recorded on it cannot be checked, so it is closed (and reconnects).
 */
export async function socketStillAllowed(env: ChatEnv, socket: WebSocket): Promise<boolean> {
  const attachment = socketHolder.safeParse(socket.deserializeAttachment());
  const organizationId = attachment.data?.organizationId ?? "";
  const credential = attachment.data?.credential;
  const expired = !credential || (credential.expiresAt !== null && credential.expiresAt <= Date.now());
  if (!expired && (await credentialStillValid(env, organizationId, credential))) return true;
  socket.close(credentialRevokedCode, expired ? "session expired" : "credential revoked");
  return false;
}

/** Checks every open socket now (the alarm's second timer: silent sockets too). */
export async function recheckSockets(env: ChatEnv, sockets: WebSocket[]): Promise<void> {
  // A check that cannot run (the database is away) leaves the socket open until the next one.
  await Promise.all(sockets.map((socket) => socketStillAllowed(env, socket).catch(() => true)));
}

/** When the sockets next need a look: the earliest session expiry, or the periodic recheck. */
export function nextSocketCheck(sockets: WebSocket[]): number | undefined {
  if (sockets.length === 0) return undefined;
  const expiries = sockets
    .map((socket) => socketHolder.safeParse(socket.deserializeAttachment()).data?.credential.expiresAt ?? null)
    .filter((at): at is number => at !== null);
  return Math.min(Date.now() + recheckMs, ...expiries);
}
