import type { InboxEvent } from "./types.ts";

type Listener = (event: InboxEvent) => void;

/**
 * The inbox's live feed: one WebSocket to /v1/inbox/live (the session cookie authenticates it),
 * reconnected with backoff when it drops. Each (re)connection starts with `ready`, on which views
 * reload what they show, so nothing missed while offline stays missing.
 */
export class LiveFeed {
  private socket: WebSocket | undefined;
  private listeners = new Set<Listener>();
  private retryMs = 500;
  private stopped = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  connected = false;
  onStatus: (connected: boolean) => void = () => {};

  start(): void {
    this.stopped = false;
    const url = new URL("/v1/inbox/live", location.href);
    url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
    const socket = new WebSocket(url);
    this.socket = socket;
    socket.addEventListener("message", (message) => {
      let event: InboxEvent;
      try {
        event = JSON.parse(String(message.data)) as InboxEvent;
      } catch {
        return;
      }
      if (event.type === "ready") {
        this.retryMs = 500;
        this.setConnected(true);
      }
      for (const listener of this.listeners) listener(event);
    });
    socket.addEventListener("close", () => {
      this.setConnected(false);
      if (this.stopped) return;
      this.timer = setTimeout(() => this.start(), this.retryMs);
      this.retryMs = Math.min(this.retryMs * 2, 10_000);
    });
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.socket?.close(1000, "signed out");
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private setConnected(connected: boolean): void {
    this.connected = connected;
    this.onStatus(connected);
  }
}

export const liveFeed = new LiveFeed();
