import { createDb, normalizePhone, phoneDigits, schema } from "@frontdesk/db";
import {
  actorOf,
  assertOwned,
  auditEntry,
  configApp,
  conflictResponse,
  findOwned,
  idParam,
  notFoundResponse,
  ProblemError,
  pageQuery,
  pageSchema,
  problemResponses,
  requireScope,
} from "@frontdesk/http";
import * as z from "@frontdesk/http/zod";
import { createRoute } from "@hono/zod-openapi";
import { and, eq, sql } from "drizzle-orm";
import { eraseCustomer, exportCustomer } from "../customers/data-rights.ts";
import { forgetCustomerSessions } from "../customers/forget-sessions.ts";
import { mergeByHand } from "../customers/merges.ts";
import { assetPhoneData } from "../customers/phone-data.ts";
import { activeCustomer, customerProfile, customerProfileSchema } from "../customers/profile.ts";
import { searchCustomers } from "../customers/search.ts";
import { customerSchema, customerView, mergeSchema, mergeView } from "../customers/views.ts";
import type { ChatEnv } from "../env.ts";

const security = [{ bearer: [] }];
const text = (max: number) => z.string().trim().min(1).max(max);
const fields = {
  externalId: text(200),
  name: text(200),
  firstName: text(100),
  lastName: text(100),
  email: z.email().max(320),
  phone: z.string().regex(/^\+?[0-9 ().-]{6,20}$/, "a phone number"),
  company: text(200),
  role: text(200),
  context: text(2000),
};
const editable = z.enum(["active", "blocked", "archived"]);
const jsonObject = z.record(z.string(), z.unknown());
const createBody = z
  .object({ ...fields, status: editable, preferences: jsonObject, metadata: jsonObject })
  .partial()
  .strict();
const updateBody = z
  .object({
    externalId: fields.externalId.nullable(),
    name: fields.name.nullable(),
    firstName: fields.firstName.nullable(),
    lastName: fields.lastName.nullable(),
    email: fields.email.nullable(),
    phone: fields.phone.nullable(),
    company: fields.company.nullable(),
    role: fields.role.nullable(),
    context: fields.context.nullable(),
    status: editable,
    preferences: jsonObject,
    metadata: jsonObject,
  })
  .partial()
  .strict();

const one = { content: { "application/json": { schema: z.object({ customer: customerSchema }) } } };
const boolean = z.enum(["true", "false"]).transform((value) => value === "true");

const list = createRoute({
  method: "get",
  path: "/",
  summary: "Customers, newest first; search and filter",
  description:
    "`q` matches a phone number in any format by its digits, national forms read in the organization's region (`customers/phone_region`, else its phone number's or time zone's country), anything else by substring of name, email, company or external id. Merged customers are left out unless `includeMerged=true`; erased ones unless `status=erased`.",
  security,
  request: {
    query: pageQuery.extend({
      q: z.string().trim().min(1).max(200).optional(),
      channelId: z.uuid().optional(),
      hasOpenConversation: boolean.optional(),
      lastSeenAfter: z.iso.datetime({ offset: true }).optional(),
      lastSeenBefore: z.iso.datetime({ offset: true }).optional(),
      status: z.enum(schema.customerStatuses).optional(),
      includeMerged: boolean.optional(),
    }),
  },
  responses: {
    200: {
      description: "A page of customers",
      content: { "application/json": { schema: pageSchema(customerSchema) } },
    },
    ...problemResponses,
  },
});
const create = createRoute({
  method: "post",
  path: "/",
  summary: "Create a customer",
  security,
  request: { body: { required: true, content: { "application/json": { schema: createBody } } } },
  responses: { 201: { description: "Created", ...one }, 409: conflictResponse, ...problemResponses },
});
const get = createRoute({
  method: "get",
  path: "/{id}",
  summary: "One customer with identities, conversations, open tickets, bookings, leads and merge state",
  description:
    "A merged customer answers with its record, whose `mergedIntoCustomerId` says where it went; ask for that one.",
  security,
  request: { params: idParam },
  responses: {
    200: { description: "The customer", content: { "application/json": { schema: customerProfileSchema } } },
    404: notFoundResponse,
    ...problemResponses,
  },
});
const update = createRoute({
  method: "patch",
  path: "/{id}",
  summary: "Correct a customer",
  description:
    "Channel identities that were the old email or phone follow the change. A merged or erased customer cannot be changed (409).",
  security,
  request: { params: idParam, body: { required: true, content: { "application/json": { schema: updateBody } } } },
  responses: { 200: { description: "The customer", ...one }, 404: notFoundResponse, ...problemResponses },
});
const erase = createRoute({
  method: "delete",
  path: "/{id}",
  summary: "Erase a person (GDPR Art. 17)",
  description:
    "Deletes or irreversibly anonymises the person's data everywhere it lives, and touches nothing else: only rows linked to the person's customer records, identities, conversations, messages, leads, bookings and tickets. Gone: messages' content, attachments (deleted from storage within a minute), reactions, identities, memories, contact fields and notes of bookings, leads and tickets, events' user ids and free text (CSAT comments), the payloads of webhooks about them (a pending one is not sent), tool-call inputs and outputs, audit details, example questions drawn from their words, and the cached session context. Their conversations are closed and their visitor tokens revoked. The customer row stays as an anonymous `erased` record so that counts stay right. Needs `customers:erase`.",
  security,
  request: { params: idParam },
  responses: {
    200: {
      description: "Erased: how many rows of each kind were touched",
      content: { "application/json": { schema: z.object({ erased: z.record(z.string(), z.number()) }) } },
    },
    404: notFoundResponse,
    ...problemResponses,
  },
});
const revokeVisitorTokens = createRoute({
  method: "post",
  path: "/{id}/visitor-tokens/revoke",
  summary: "Sign a customer out of the chat widget: revoke their visitor tokens",
  description:
    "Every visitor token issued so far for this customer (or, with `visitorId`, for that one browser) stops working at once; the widget starts over as an unknown visitor. Needs `customers:write`.",
  security,
  request: {
    params: idParam,
    body: {
      content: { "application/json": { schema: z.object({ visitorId: z.uuid().optional() }).strict() } },
      required: false,
    },
  },
  responses: {
    200: {
      description: "Revoked",
      content: {
        "application/json": {
          schema: z.object({ revoked: z.object({ customerId: z.uuid(), visitorId: z.uuid().nullable() }) }),
        },
      },
    },
    404: notFoundResponse,
    ...problemResponses,
  },
});
const exportRoute = createRoute({
  method: "get",
  path: "/{id}/export",
  summary: "Everything stored about a person, as one JSON document (GDPR Art. 15 and 20)",
  security,
  request: { params: idParam },
  responses: {
    200: {
      description: "The export",
      content: { "application/json": { schema: z.record(z.string(), z.unknown()).openapi("CustomerExport") } },
    },
    404: notFoundResponse,
    ...problemResponses,
  },
});
const merge = createRoute({
  method: "post",
  path: "/{id}/merge",
  summary: "Merge another customer into this one",
  description:
    "Every row of `customerId` (conversations, messages, identities, memories, bookings, tickets, leads, events) moves to this customer; `customerId` is kept, merged, until the merge is undone (`POST /v1/customer-merges/{id}/undo`) or confirmed.",
  security,
  request: {
    params: idParam,
    body: {
      required: true,
      content: {
        "application/json": {
          schema: z.object({ customerId: z.uuid(), reason: z.string().trim().min(1).max(500).optional() }).strict(),
        },
      },
    },
  },
  responses: {
    200: { description: "The merge", content: { "application/json": { schema: z.object({ merge: mergeSchema }) } } },
    404: notFoundResponse,
    ...problemResponses,
  },
});

type CustomerRow = typeof schema.customers.$inferSelect;

/** A phone as it is stored: E.164 in the organization's region where it is a valid number, else as written. */
const storedPhone = async (env: ChatEnv, db: ReturnType<typeof createDb>, organizationId: string, phone: string) =>
  (await normalizePhone(db, organizationId, phone, assetPhoneData(env.ASSETS))) ?? phone;

async function loadCustomer(db: ReturnType<typeof createDb>, organizationId: string, id: string): Promise<CustomerRow> {
  const row = await findOwned(db, schema.customers, id, organizationId, "customer");
  return row;
}

function assertChangeable(row: CustomerRow): void {
  if (row.isMerged) {
    throw new ProblemError("invalid-transition", `This customer was merged into ${row.mergedIntoCustomerId}.`, {
      mergedIntoCustomerId: row.mergedIntoCustomerId,
    });
  }
  if (row.status === "erased") throw new ProblemError("invalid-transition", "This customer was erased.");
}

/** Customers (`/v1/customers`): the contacts system over seed 003/004's customers and identities. */
export const customers = configApp<ChatEnv>()
  .openapi(list, async (c) => {
    requireScope(c.var.identity, "customers:read");
    const result = await searchCustomers(
      createDb(c.env),
      c.var.identity.organizationId,
      c.req.valid("query"),
      assetPhoneData(c.env.ASSETS),
    );
    return c.json({ data: result.data.map(customerView), nextCursor: result.nextCursor }, 200);
  })
  .openapi(create, async (c) => {
    const identity = c.var.identity;
    requireScope(identity, "customers:write");
    const written = c.req.valid("json");
    const db = createDb(c.env);
    const body = {
      ...written,
      ...(written.phone ? { phone: await storedPhone(c.env, db, identity.organizationId, written.phone) } : {}),
    };
    const id = crypto.randomUUID();
    const [[row]] = await db.batch([
      db
        .insert(schema.customers)
        .values({ ...body, id, organizationId: identity.organizationId })
        .returning(),
      auditEntry(db, c.req.raw.headers, actorOf(identity), {
        organizationId: identity.organizationId,
        action: "customer.created",
        resource: "customer",
        resourceId: id,
      }),
    ]);
    if (!row) throw new Error("insert returned no customer");
    return c.json({ customer: customerView(row) }, 201);
  })
  .openapi(get, async (c) => {
    requireScope(c.var.identity, "customers:read");
    const profile = await customerProfile(createDb(c.env), c.var.identity.organizationId, c.req.valid("param").id);
    if (!profile) throw new ProblemError("not-found", "No such customer in this organization.");
    return c.json(profile, 200);
  })
  .openapi(update, async (c) => {
    const identity = c.var.identity;
    requireScope(identity, "customers:write");
    const { id } = c.req.valid("param");
    const written = c.req.valid("json");
    const organizationId = identity.organizationId;
    const db = createDb(c.env);
    const changes = {
      ...written,
      ...(written.phone ? { phone: await storedPhone(c.env, db, organizationId, written.phone) } : {}),
    };
    const before = await loadCustomer(db, organizationId, id);
    assertChangeable(before);
    const cu = schema.customers;
    const i = schema.customerIdentities;
    // Identities that were the old email or phone follow it, so the person is still recognised.
    const followEmail =
      changes.email !== undefined && changes.email !== null && before.email && changes.email !== before.email
        ? [
            db
              .update(i)
              .set({ channelIdentifier: changes.email })
              .where(
                and(
                  eq(i.organizationId, organizationId),
                  eq(i.customerId, id),
                  sql`lower(${i.channelIdentifier}) = lower(${before.email})`,
                ),
              ),
          ]
        : [];
    const followPhone =
      changes.phone && before.phone && phoneDigits(changes.phone) !== phoneDigits(before.phone)
        ? [
            db
              .update(i)
              .set({ channelIdentifier: changes.phone })
              .where(
                and(
                  eq(i.organizationId, organizationId),
                  eq(i.customerId, id),
                  sql`regexp_replace(${i.channelIdentifier}, '\\D', '', 'g') = ${phoneDigits(before.phone)}`,
                ),
              ),
          ]
        : [];
    const [[row]] = await db.batch([
      db
        .update(cu)
        .set({ ...changes, updatedAt: new Date() })
        .where(activeCustomer(organizationId, id))
        .returning(),
      ...followEmail,
      ...followPhone,
      auditEntry(db, c.req.raw.headers, actorOf(identity), {
        organizationId,
        action: "customer.updated",
        resource: "customer",
        resourceId: id,
        details: { fields: Object.keys(changes) },
      }),
    ]);
    if (!row) throw new ProblemError("invalid-transition", "This customer was merged or erased meanwhile.");
    await forgetCustomerSessions(c.env, db, organizationId, id);
    return c.json({ customer: customerView(row) }, 200);
  })
  .openapi(erase, async (c) => {
    const identity = c.var.identity;
    requireScope(identity, "customers:erase");
    const { id } = c.req.valid("param");
    const db = createDb(c.env);
    const erased = await eraseCustomer(c.env, db, c.req.raw.headers, actorOf(identity), identity.organizationId, id);
    return c.json({ erased }, 200);
  })
  .openapi(revokeVisitorTokens, async (c) => {
    const identity = c.var.identity;
    requireScope(identity, "customers:write");
    const { id } = c.req.valid("param");
    const visitorId = c.req.valid("json")?.visitorId ?? null;
    const { organizationId } = identity;
    const db = createDb(c.env);
    await assertOwned(db, schema.customers, id, organizationId, "customer");
    await db.batch([
      db
        .insert(schema.visitorRevocations)
        .values(visitorId ? { organizationId, visitorId } : { organizationId, customerId: id }),
      auditEntry(db, c.req.raw.headers, actorOf(identity), {
        organizationId,
        action: "customer.visitor_tokens_revoked",
        resource: "customer",
        resourceId: id,
        details: { visitorId },
      }),
    ]);
    return c.json({ revoked: { customerId: id, visitorId } }, 200);
  })
  .openapi(exportRoute, async (c) => {
    requireScope(c.var.identity, "customers:read");
    const document = await exportCustomer(createDb(c.env), c.var.identity.organizationId, c.req.valid("param").id);
    return c.json(JSON.parse(JSON.stringify(document)) as Record<string, unknown>, 200);
  })
  .openapi(merge, async (c) => {
    const identity = c.var.identity;
    requireScope(identity, "customers:write");
    const { id } = c.req.valid("param");
    const { customerId, reason } = c.req.valid("json");
    const row = await mergeByHand(c.env, createDb(c.env), c.req.raw.headers, actorOf(identity), {
      organizationId: identity.organizationId,
      sourceId: customerId,
      targetId: id,
      reason,
    });
    return c.json({ merge: mergeView(row) }, 200);
  });
