import { EventSourceParserStream } from "eventsource-parser/stream";

export interface WidgetSettings {
  name: string;
  greeting: string | null;
  brandColor: string;
  position: "right" | "left";
  locale: string;
  online: boolean;
  offlineMessage: string;
  preChatForm: { enabled: boolean; name: string; email: string; consentText: string | null };
  maxMessageLength: number;
  identityVerification: boolean;
}

export interface Source {
  id: string;
  title: string;
  url: string | null;
}

/** A file a message carried, as its sender sees it again. */
export interface Attachment {
  kind: "image" | "audio" | "video" | "document";
  type: string;
  filename: string | null;
  size: number;
}

export interface ChatMessage {
  id: string;
  role: "customer" | "assistant" | "agent" | "system";
  content: string;
  sentAt: string;
  authorName: string | null;
  sources: Source[];
  /** Entries the assistant offers when unsure what is asked; sending one's title picks it. */
  suggestions?: Suggestion[];
  attachment?: Attachment | null;
}

/** A knowledge entry offered to the visitor ("did you mean …?"). */
export interface Suggestion {
  id: string;
  title: string;
}

/** What the API answers to a message sent whole (a file with its caption): the message, the reply, the conversation. */
export interface Turn {
  message: ChatMessage;
  reply: ChatMessage | null;
  conversation: Conversation;
}

export interface Conversation {
  id: string;
  status: "active" | "waiting" | "with_agent" | "closed";
  csatScore: number | null;
}

export interface Identity {
  userId?: string;
  userHash?: string;
  name?: string;
  email?: string;
}

/** A refusal from the API, with its problem+json body. */
export class ApiError extends Error {
  readonly status: number;
  readonly problem: { type?: string; detail?: string; retryAfter?: number };

  constructor(status: number, problem: ApiError["problem"]) {
    super(problem.detail ?? `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

/** The visitor API of one web channel (`/v1/public/{key}/…`), as the widget uses it. */
export class VisitorApi {
  readonly base: string;
  token: string | null = null;

  constructor(origin: string, key: string) {
    this.base = `${origin}/v1/public/${key}`;
  }

  private async call<T>(path: string, init: RequestInit = {}): Promise<T> {
    const response = await this.send(path, init);
    return (await response.json()) as T;
  }

  private async send(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    // A FormData body sets its own multipart type (with the boundary).
    if (typeof init.body === "string") headers.set("content-type", "application/json");
    if (this.token) headers.set("authorization", `Bearer ${this.token}`);
    const response = await fetch(`${this.base}${path}`, { ...init, headers });
    if (!response.ok) {
      const problem = (await response.json().catch(() => ({}))) as ApiError["problem"];
      const retryAfter = Number(response.headers.get("retry-after"));
      throw new ApiError(response.status, { ...problem, ...(retryAfter > 0 ? { retryAfter } : {}) });
    }
    return response;
  }

  settings(): Promise<WidgetSettings> {
    return this.call("/channel");
  }

  async start(identity: Identity & { consent?: boolean }): Promise<{ token: string; conversation: { id: string } }> {
    const page = { url: location.href.slice(0, 2000), title: document.title.slice(0, 300), locale: navigator.language };
    const attribution = landingAttribution();
    const body = { ...identity, page, ...(attribution ? { attribution } : {}) };
    const session = await this.call<{ token: string; conversation: { id: string } }>("/conversations", {
      method: "POST",
      body: JSON.stringify(body),
    });
    this.token = session.token;
    return session;
  }

  conversation(): Promise<{ conversation: Conversation }> {
    return this.call("/conversation");
  }

  async history(): Promise<ChatMessage[]> {
    const page = await this.call<{ data: ChatMessage[] }>("/conversation/messages?limit=50");
    return page.data.reverse();
  }

  rate(score: number): Promise<{ conversation: Conversation }> {
    return this.call("/conversation/csat", { method: "PUT", body: JSON.stringify({ score }) });
  }

  /**
   * Sends the visitor's message and reads the reply as the AI SDK UI message stream, calling
   * `onChunk` for each chunk (text deltas, sources, the start with the message ids).
   */
  async say(content: string, onChunk: (chunk: Record<string, unknown> & { type: string }) => void): Promise<void> {
    const response = await this.send("/conversation/messages", {
      method: "POST",
      headers: { accept: "text/event-stream" },
      body: JSON.stringify({ content }),
    });
    if (!response.body) return;
    const events = response.body.pipeThrough(new TextDecoderStream()).pipeThrough(new EventSourceParserStream());
    const reader = events.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      if (value.data === "[DONE]") continue;
      onChunk(JSON.parse(value.data));
    }
  }

  /** Sends a file (and its caption) as one message; the reply comes whole. */
  upload(file: File, caption: string): Promise<Turn> {
    const form = new FormData();
    form.set("file", file, file.name);
    if (caption) form.set("content", caption);
    return this.call("/conversation/attachments", { method: "POST", body: form });
  }

  /** Revokes this visitor's tokens on the server (a sign-out); the caller forgets the token. */
  async logout(): Promise<void> {
    if (this.token) await this.send("/conversation/session", { method: "DELETE" });
    this.token = null;
  }

  /** The live socket: the token travels as a subprotocol (browsers set no headers on a WebSocket). */
  live(): WebSocket {
    const url = `${this.base.replace(/^http/, "ws")}/conversation/live`;
    return new WebSocket(url, ["frontdesk.visitor", this.token ?? ""]);
  }
}

/** The parameters ads put on a landing page's URL: utm_* and the platforms' click ids. */
const attributionKeys = [
  "utm_source",
  "utm_medium",
  "utm_campaign",
  "utm_content",
  "utm_term",
  "gclid",
  "fbclid",
  "ttclid",
  "msclkid",
];
const attributionStorageKey = "frontdesk_attribution";

/**
 * Where the visitor came from: the ad parameters of the page they landed on in this tab, kept in
 * sessionStorage so a chat opened pages later is still attributed to the ad that brought them.
 */
export function landingAttribution(): Record<string, string> | undefined {
  const here: Record<string, string> = {};
  const query = new URLSearchParams(location.search);
  for (const key of attributionKeys) {
    const value = query.get(key)?.trim().slice(0, 500);
    if (value) here[key] = value;
  }
  try {
    if (Object.keys(here).length > 0) sessionStorage.setItem(attributionStorageKey, JSON.stringify(here));
    const kept = JSON.parse(sessionStorage.getItem(attributionStorageKey) ?? "null") as unknown;
    if (kept && typeof kept === "object") {
      const entries = Object.entries(kept).filter(
        (entry): entry is [string, string] => attributionKeys.includes(entry[0]) && typeof entry[1] === "string",
      );
      return entries.length > 0 ? Object.fromEntries(entries) : undefined;
    }
  } catch {
    // Storage can be blocked (third-party contexts): the landing page's own parameters still count.
  }
  return Object.keys(here).length > 0 ? here : undefined;
}
