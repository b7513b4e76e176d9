import type { Database } from "@frontdesk/db";
import { schema } from "@frontdesk/db";
import { decryptCredentials, privateUrlReason } from "@frontdesk/http";
import { and, eq, sql } from "drizzle-orm";
import { nextRetryDelay, retryAfterSeconds } from "./backoff.ts";
import { signedHeaders } from "./standard-webhooks.ts";

export interface DispatchOptions {
  /** Whether receivers may be on loopback or private networks (ALLOW_PRIVATE_URLS, local and tests only). */
  allowPrivateUrls?: boolean;
  /** At most this many deliveries of one organization per run, so no tenant's backlog starves the others. */
  perOrganization?: number;
  /** Only this organization's deliveries (right after one of its writes). */
  organizationId?: string;
  /** Only these messages (the ones a write just queued). */
  messageIds?: string[];
  limit?: number;
  /** How long one attempt may take before it counts as failed. */
  timeoutMs?: number;
}

export interface DispatchSummary {
  attempted: number;
  delivered: number;
  retrying: number;
  failed: number;
}

interface ClaimedDelivery extends Record<string, unknown> {
  id: string;
  organization_id: string;
  endpoint_id: string;
  message_id: string;
  payload: unknown;
  attempt_count: number;
  url: string;
  secret_ciphertext: string;
}

/** The context the sealed secret is bound to: a ciphertext copied to another endpoint does not open. */
export const endpointSecretContext = (organizationId: string, endpointId: string) =>
  `webhook-endpoint:${organizationId}:${endpointId}`;

const leaseSeconds = 60;

/**
 * Claims due deliveries with a lease (so a second dispatcher, the cron or another write's, skips
 * them), then sends each, signed, and records the attempt: delivered on 2xx; retried with backoff
 * on anything else (honouring Retry-After); the endpoint disabled on 410, as Standard Webhooks asks.
 */
export async function dispatchWebhooks(
  db: Database,
  encryptionKey: string,
  options: DispatchOptions = {},
): Promise<DispatchSummary> {
  const { organizationId, messageIds, limit = 50, timeoutMs = 10_000, perOrganization = 10 } = options;
  // Round robin across organizations: each one's oldest due deliveries take turns (its first, then
  // everyone's second, ...), and no organization gets more than `perOrganization` slots in a run.
  const claimed = await db.execute<ClaimedDelivery>(sql`
    update webhook_deliveries d
    set locked_until = now() + make_interval(secs => ${leaseSeconds})
    from webhook_endpoints e
    where d.id in (
      select id from webhook_deliveries
      where id in (
        select id from (
          select id, next_attempt_at,
            row_number() over (partition by organization_id order by next_attempt_at) as turn
          from webhook_deliveries
          where status = 'pending' and next_attempt_at <= now()
            and (locked_until is null or locked_until < now())
            ${organizationId ? sql`and organization_id = ${organizationId}` : sql``}
            ${messageIds?.length ? sql`and message_id in ${messageIds}` : sql``}
        ) due
        where turn <= ${perOrganization}
        order by turn, next_attempt_at
        limit ${limit}
      )
      for update skip locked
    )
      and e.organization_id = d.organization_id and e.id = d.endpoint_id and e.is_active
    returning d.id, d.organization_id, d.endpoint_id, d.message_id, d.payload, d.attempt_count, e.url, e.secret_ciphertext`);
  const summary: DispatchSummary = { attempted: 0, delivered: 0, retrying: 0, failed: 0 };
  await Promise.all(
    claimed.rows.map(async (delivery) => {
      const result = await attempt(delivery, encryptionKey, timeoutMs, options.allowPrivateUrls ?? false);
      const status = await record(db, delivery, result);
      summary.attempted++;
      summary[status === "pending" ? "retrying" : status]++;
    }),
  );
  return summary;
}

interface AttemptResult {
  status?: number;
  error?: string;
  durationMs: number;
  retryAfter?: number;
  gone: boolean;
}

/**
 * What the delivery log says of a failure: a fixed code, never the runtime's error text (which can
 * name internal hosts and addresses).
 */
function failureCode(error: unknown): string {
  const name = error instanceof Error ? error.name : "";
  if (name === "TimeoutError" || name === "AbortError") return "timeout";
  return "connection-failed";
}

async function attempt(
  delivery: ClaimedDelivery,
  encryptionKey: string,
  timeoutMs: number,
  allowPrivateUrls: boolean,
): Promise<AttemptResult> {
  const started = Date.now();
  const body = JSON.stringify(delivery.payload);
  // The address is checked again at send time: a URL stored before the rule, or under other settings.
  if (privateUrlReason(delivery.url, allowPrivateUrls)) return { error: "blocked-address", durationMs: 0, gone: false };
  let secret: string | undefined;
  try {
    ({ secret } = await decryptCredentials(
      delivery.secret_ciphertext,
      encryptionKey,
      endpointSecretContext(delivery.organization_id, delivery.endpoint_id),
    ));
  } catch {
    return { error: "decrypt-failed", durationMs: 0, gone: false };
  }
  let result: AttemptResult;
  try {
    const response = await fetch(delivery.url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "user-agent": "Frontdesk-Webhooks/1.0",
        ...(await signedHeaders(secret ?? "", delivery.message_id, body)),
      },
      body,
      redirect: "manual",
      signal: AbortSignal.timeout(timeoutMs),
    });
    await response.body?.cancel();
    result = {
      status: response.status,
      durationMs: Date.now() - started,
      gone: response.status === 410,
      ...(response.ok ? {} : { error: `HTTP ${response.status}` }),
      ...(retryAfterSeconds(response.headers.get("retry-after")) !== undefined
        ? { retryAfter: retryAfterSeconds(response.headers.get("retry-after")) }
        : {}),
    };
  } catch (error) {
    result = { error: failureCode(error), durationMs: Date.now() - started, gone: false };
  }
  return result;
}

/** Stores the attempt and the delivery's new state: one batch. */
async function record(db: Database, delivery: ClaimedDelivery, result: AttemptResult) {
  const attemptNumber = delivery.attempt_count + 1;
  const delivered = result.status !== undefined && result.status >= 200 && result.status < 300;
  const delay = delivered || result.gone ? undefined : nextRetryDelay(attemptNumber, result.retryAfter);
  const status = delivered ? "delivered" : delay === undefined ? "failed" : "pending";
  const d = schema.webhookDeliveries;
  await db.batch([
    db
      .update(d)
      .set({
        status,
        attemptCount: attemptNumber,
        lockedUntil: null,
        lastAttemptAt: new Date(),
        lastResponseStatus: result.status ?? null,
        lastError: result.error ?? null,
        ...(delivered ? { deliveredAt: new Date() } : {}),
        ...(delay !== undefined ? { nextAttemptAt: new Date(Date.now() + delay * 1000) } : {}),
      })
      .where(and(eq(d.organizationId, delivery.organization_id), eq(d.id, delivery.id))),
    db.insert(schema.webhookDeliveryAttempts).values({
      organizationId: delivery.organization_id,
      deliveryId: delivery.id,
      attempt: attemptNumber,
      responseStatus: result.status ?? null,
      error: result.error ?? null,
      durationMs: result.durationMs ?? 0,
    }),
    ...(result.gone
      ? [
          db
            .update(schema.webhookEndpoints)
            .set({ isActive: false, disabledReason: "The receiver answered 410 Gone." })
            .where(
              and(
                eq(schema.webhookEndpoints.organizationId, delivery.organization_id),
                eq(schema.webhookEndpoints.id, delivery.endpoint_id),
              ),
            ),
        ]
      : []),
  ]);
  return status;
}
