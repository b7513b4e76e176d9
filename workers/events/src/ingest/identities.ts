import { chatContract, type SegmentIdentities } from "@frontdesk/contracts/chat";
import { rpcClient, valueOrThrow } from "@frontdesk/http";
import type { EventsEnv } from "../env.ts";
import type { EventRow } from "./event-row.ts";

type Call = SegmentIdentities["calls"][number];

const text = (value: unknown) => (typeof value === "string" && value.trim() ? value.trim().slice(0, 320) : undefined);

/** Segment's traits as the customer record knows them (`company` may be a string or `{ name }`). */
function traitsOf(traits: Record<string, unknown>): Extract<Call, { type: "identify" }>["traits"] {
  const company =
    typeof traits.company === "object" && traits.company !== null
      ? text((traits.company as Record<string, unknown>).name)
      : text(traits.company);
  const picked = {
    email: text(traits.email),
    phone: text(traits.phone),
    name: text(traits.name),
    firstName: text(traits.firstName ?? traits.first_name),
    lastName: text(traits.lastName ?? traits.last_name),
    company,
  };
  return Object.fromEntries(Object.entries(picked).filter(([, value]) => value !== undefined));
}

function callOf(row: EventRow): Call | undefined {
  if (!row.userId) return undefined;
  if (row.kind === "identify") return { type: "identify", userId: row.userId, traits: traitsOf(row.traits) };
  const previousId = text(row.properties.previousId);
  if (row.kind === "alias" && previousId) return { type: "alias", userId: row.userId, previousId };
  return undefined;
}

/**
 * After identify and alias events are stored, the customers they name follow (the chat worker owns
 * customers: one RPC per organization, calls in their stored order).
 */
export async function applyIdentities(env: EventsEnv, rows: EventRow[]): Promise<void> {
  const byOrganization = new Map<string, Call[]>();
  for (const row of rows) {
    const call = callOf(row);
    if (!call) continue;
    byOrganization.set(row.organizationId, [...(byOrganization.get(row.organizationId) ?? []), call]);
  }
  for (const [organizationId, calls] of byOrganization) {
    valueOrThrow(await rpcClient(chatContract, env.CHAT).applySegmentIdentities({ organizationId, calls }));
  }
}
