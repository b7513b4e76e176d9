import * as z from "@frontdesk/http/zod";

export const socketCredential = z.object({
  kind: z.enum(["api_key", "user", "visitor"]),
  /** The API key's or staff user's id; for a web chat visitor, the channel's (closed when it is deactivated). */
  id: z.string(),
  /** Whether the credential may write messages (`conversations:write`). */
  canWrite: z.boolean(),
  /** When a staff session or visitor token stops working (ms since the epoch); API keys are checked instead. */
  expiresAt: z.number().nullable(),
  /** A staff user signed in through the browser: their session, which sign-out revokes. */
  sessionId: z.uuid().nullable().default(null),
});

/** What any socket's attachment says about who holds it, for the checks every socket gets. */
export const socketHolder = z.object({ organizationId: z.uuid(), credential: socketCredential });

export type SocketCredential = z.infer<typeof socketCredential>;

/** A socket's frame budget, kept in its attachment (which survives hibernation). */
export const frameWindow = z.object({ startedAt: z.number(), used: z.number() });

export type FrameWindow = z.infer<typeof frameWindow>;

/** What a WebSocket carries about its end (serializeAttachment survives hibernation), checked where it crosses. */
export const socketAttachment = z.object({
  role: z.enum(["customer", "agent"]),
  organizationId: z.uuid(),
  conversationId: z.uuid(),
  author: z.object({
    agentId: z.uuid().nullable(),
    userId: z.uuid().nullable(),
    /** The human agent's display name, shown to the visitor with their replies. */
    name: z.string().nullable().default(null),
  }),
  credential: socketCredential,
  frames: frameWindow.optional(),
});

export type SocketAttachment = z.infer<typeof socketAttachment>;
