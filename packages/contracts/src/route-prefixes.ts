/** Segment's tracking API paths, served by the events worker at the API's root like Segment's own. */
export const segmentPaths = [
  "/v1/batch",
  "/v1/track",
  "/v1/identify",
  "/v1/page",
  "/v1/screen",
  "/v1/group",
  "/v1/alias",
];

/**
 * Which domain worker serves which public path (each prefix and everything below it). The gateway
 * forwards by this table; a test holds every worker's OpenAPI paths to its own prefixes, and every
 * prefix to at least one documented path.
 */
export const routePrefixes = {
  chat: [
    "/v1/conversations",
    "/v1/inbox",
    "/v1/canned-responses",
    "/v1/customers",
    "/v1/customer-merges",
    "/v1/customer-merge-suggestions",
    "/v1/agents",
    "/v1/presence",
    "/v1/messages",
    "/v1/knowledge",
    "/v1/knowledge-suggestions",
    "/v1/synonyms",
    "/v1/escalation-rules",
    "/v1/stages",
    "/v1/templates",
    "/v1/projects",
    "/v1/simulations",
  ],
  bookings: [
    "/v1/availability",
    "/v1/bookings",
    "/v1/meeting-types",
    "/v1/holidays",
    "/v1/business-hours",
    "/v1/calendar-feeds",
    "/v1/webhook-endpoints",
  ],
  tools: ["/v1/tools", "/v1/tool-calls", "/v1/tickets", "/v1/leads"],
  events: ["/v1/events", "/v1/analytics", "/v1/ad-assets", ...segmentPaths],
  channels: ["/v1/channels", "/v1/attachments"],
} as const satisfies Record<string, readonly string[]>;

export type DomainWorker = keyof typeof routePrefixes;

/** The domain workers, in the table's order (Object.keys widens to string; the table is its own proof). */
export const domainWorkers = Object.keys(routePrefixes) as DomainWorker[];

/**
 * The web chat's visitor routes: documented by the chat and channels workers, reached through the
 * gateway's own public door (channel keys, CORS, visitor tokens), never forwarded by prefix.
 */
export const visitorPrefix = "/v1/public";

/** Whether a path is a prefix's own or below it. */
export const underPrefix = (path: string, prefix: string) => path === prefix || path.startsWith(`${prefix}/`);
