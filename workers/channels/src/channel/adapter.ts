import type { channelTypes } from "@frontdesk/db/schema";
import { ProblemError } from "@frontdesk/http";
import type { ChannelsEnv } from "../env.ts";
import type {
  InboundMessage,
  LoadedChannel,
  MediaRef,
  Provider,
  Reaction,
  ReplyEnvelope,
  StatusUpdate,
} from "./types.ts";

/** A provider's webhook request as its verifier and parser read it: the raw bytes, never re-encoded. */
export interface WebhookRequest {
  url: string;
  headers: Headers;
  body: string;
}

/** What a verified delivery holds, reduced to what we act on. */
export interface Delivery {
  messages: InboundMessage[];
  statuses: StatusUpdate[];
  reactions: Reaction[];
}

/** What became of a delivery: the provider's answer is made from it. */
export interface Accepted {
  received: number;
  duplicates: number;
  statuses: number;
  reactions: number;
  /** Senders queued for the consumer. */
  senders: number;
}

/** Where an attachment waits at the provider, with the headers the provider asks for. */
export interface MediaLocation {
  url: string;
  headers: Record<string, string>;
}

/** The webhook door of a provider that posts to us (email arrives through Email Routing instead). */
export interface WebhookAdapter {
  /** The channel types a webhook URL of this provider may name. */
  channelTypes: readonly (typeof channelTypes)[number][];
  /** A subscription handshake (WhatsApp's `hub.challenge`): the text to answer, or a thrown 403. */
  handshake?(channel: LoadedChannel, query: URLSearchParams): string;
  /** Why the request is not the provider's (a forged, tampered or stale signature), or undefined. */
  verify(channel: LoadedChannel, request: WebhookRequest): Promise<string | undefined>;
  /** The delivery, or undefined when the body is not one of this provider's (a 422). */
  parse(body: string): Delivery | undefined;
  /** What a delivery is, for the 422 ("Not <this>."). */
  expects: string;
  /** The provider's answer once the delivery is claimed. */
  acknowledge(accepted: Accepted): Response;
  /** The business's own bridge waits for the reply in the webhook's response. */
  answersInResponse?: true;
}

/**
 * Everything Frontdesk knows about one provider, behind one contract: the inbound webhook (verify,
 * parse, handshake), sending a reply, where an attachment is fetched from, and read receipts.
 */
export interface ChannelAdapter {
  provider: Provider;
  /** Sends text (an email threaded by its envelope); answers the provider's id of the sent message. */
  send(
    env: ChannelsEnv,
    channel: LoadedChannel,
    to: string,
    text: string,
    envelope: Partial<ReplyEnvelope>,
  ): Promise<string>;
  /** Where the attachment a message refers to can be downloaded. */
  locateMedia?(env: ChannelsEnv, channel: LoadedChannel, ref: MediaRef): Promise<MediaLocation>;
  /** Tells the provider these customer messages were read (a courtesy: callers log a failure). */
  markRead?(env: ChannelsEnv, channel: LoadedChannel, externalMessageIds: string[]): Promise<void>;
  webhook?: WebhookAdapter;
}

/** A JSON delivery's body, or a 400 that says it is not JSON. */
export function parseJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    throw new ProblemError("malformed-json", "The delivery is not valid JSON.");
  }
}

/** One message a delivery (Telegram's): the answer says only whether it was seen before. */
export const duplicateAnswer = (accepted: Accepted) => Response.json({ duplicate: accepted.duplicates > 0 });
