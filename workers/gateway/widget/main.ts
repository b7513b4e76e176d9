// The Frontdesk chat widget: `<script src="https://<host>/widget.js" data-key="fdp_…" async></script>`.
// A launcher and a panel in a shadow root; the visitor API of the channel behind the key.
import { isHttpUrl } from "@frontdesk/contracts/links";
import {
  ApiError,
  type ChatMessage,
  type Conversation,
  type Identity,
  type Source,
  type Suggestion,
  VisitorApi,
} from "./api.ts";
import { acceptedFiles, attachmentView, maxFileMegabytes, pendingChip } from "./attachments.ts";
import { chatIcon, h, paperclipIcon } from "./dom.ts";
import { type Texts, textsFor } from "./i18n.ts";
import { preChatForm } from "./pre-chat-form.ts";
import { styles } from "./styles.ts";

class Widget {
  private readonly api: VisitorApi;
  private readonly storageKey: string;
  private t: Texts = textsFor("auto");
  private root!: ShadowRoot;
  private panel!: HTMLElement;
  private launcher!: HTMLButtonElement;
  private log!: HTMLElement;
  private typingLine!: HTMLElement;
  private errorLine!: HTMLElement;
  private input!: HTMLTextAreaElement;
  private sendButton!: HTMLButtonElement;
  private fileInput!: HTMLInputElement;
  private pendingLine!: HTMLElement;
  private pendingFile: File | null = null;
  private subtitle!: HTMLElement;
  private conversation: Conversation | null = null;
  private readonly shown = new Set<string>();
  private socket: WebSocket | null = null;
  private reconnectDelay = 1000;
  private connectedBefore = false;
  private unread = 0;
  private badge!: HTMLElement;
  private typingSent = 0;
  private typingTimer: ReturnType<typeof setTimeout> | undefined;
  private typingHide: ReturnType<typeof setTimeout> | undefined;
  private preChatDone = false;
  private settings!: Awaited<ReturnType<VisitorApi["settings"]>>;

  private identity: Identity;

  constructor(origin: string, key: string, identity: Identity) {
    this.identity = identity;
    this.api = new VisitorApi(origin, key);
    this.storageKey = `frontdesk:${key}`;
  }

  async mount(): Promise<void> {
    this.settings = await this.api.settings();
    this.t = textsFor(this.settings.locale);
    const host = h("div", { id: "frontdesk-widget" });
    this.root = host.attachShadow({ mode: "open" });
    const style = h("style");
    style.textContent = styles(this.settings.brandColor, this.settings.position);
    this.root.append(style, this.render());
    document.body.append(host);
    this.restoreToken();
    if (this.api.token) await this.resume();
    else this.greet();
    addEventListener("online", () => this.connect());
  }

  private render(): HTMLElement {
    const t = this.t;
    this.launcher = h("button", {
      class: "launcher",
      type: "button",
      "aria-label": t.open,
      "aria-expanded": "false",
      "aria-controls": "fd-panel",
      onclick: () => this.toggle(),
    }) as HTMLButtonElement;
    this.launcher.innerHTML = chatIcon;
    this.badge = h("span", { class: "badge", "aria-hidden": "true", hidden: true });
    this.launcher.append(this.badge);
    this.subtitle = h("p", {}, this.statusLine());
    this.log = h("div", { class: "log", role: "log", "aria-live": "polite", "aria-label": t.title });
    this.typingLine = h("div", { class: "typing", "aria-live": "polite" });
    this.errorLine = h("div", { class: "error", role: "alert" });
    this.input = h("textarea", {
      rows: "1",
      placeholder: t.placeholder,
      "aria-label": t.placeholder,
      maxlength: String(this.settings.maxMessageLength),
      oninput: () => this.typing(),
      onpaste: (event) => {
        const file = (event as ClipboardEvent).clipboardData?.files[0];
        if (!file) return;
        event.preventDefault();
        this.choose(file);
      },
      onkeydown: (event) => {
        const key = event as KeyboardEvent;
        if (key.key === "Enter" && !key.shiftKey) {
          key.preventDefault();
          void this.submit();
        }
      },
    }) as HTMLTextAreaElement;
    this.sendButton = h("button", { class: "primary", type: "submit" }, t.send) as HTMLButtonElement;
    this.fileInput = h("input", {
      type: "file",
      accept: acceptedFiles,
      class: "sr-only",
      tabindex: "-1",
      "aria-hidden": "true",
      onchange: () => {
        const file = this.fileInput.files?.[0];
        if (file) this.choose(file);
        this.fileInput.value = "";
      },
    }) as HTMLInputElement;
    const attach = h("button", {
      class: "attach",
      type: "button",
      "aria-label": t.attach,
      title: t.attach,
      onclick: () => this.fileInput.click(),
    });
    attach.innerHTML = paperclipIcon;
    this.pendingLine = h("div", { class: "pending", hidden: true });
    const compose = h(
      "form",
      {
        class: "compose",
        onsubmit: (event) => {
          event.preventDefault();
          void this.submit();
        },
      },
      attach,
      this.fileInput,
      this.input,
      this.sendButton,
    );
    const notice = this.settings.online ? null : h("div", { class: "notice" }, this.settings.offlineMessage);
    this.panel = h(
      "section",
      { id: "fd-panel", class: "panel", role: "dialog", "aria-label": this.settings.name, hidden: true },
      h(
        "header",
        {},
        h("div", { class: "grow" }, h("h2", {}, this.settings.name), this.subtitle),
        h("button", { type: "button", "aria-label": t.close, onclick: () => this.toggle(false) }, "×"),
      ),
      notice,
      this.log,
      this.typingLine,
      this.errorLine,
      this.pendingLine,
      compose,
    );
    this.panel.addEventListener("keydown", (event) => {
      if (event.key === "Escape") this.toggle(false);
    });
    // A file dropped anywhere on the panel is attached like one picked.
    this.panel.addEventListener("dragover", (event) => {
      if (!event.dataTransfer?.types.includes("Files")) return;
      event.preventDefault();
      this.panel.classList.add("dropping");
    });
    this.panel.addEventListener("dragleave", () => this.panel.classList.remove("dropping"));
    this.panel.addEventListener("drop", (event) => {
      this.panel.classList.remove("dropping");
      const file = event.dataTransfer?.files[0];
      if (!file) return;
      event.preventDefault();
      this.choose(file);
    });
    return h("div", { class: "fd" }, this.panel, this.launcher);
  }

  private statusLine(agentName?: string): Node {
    const online = this.settings.online;
    const line = h("span", {}, h("span", { class: online ? "dot" : "dot off" }));
    line.append(agentName ?? (online ? this.t.online : this.t.offline));
    return line;
  }

  toggle(open = this.panel.hidden): void {
    this.panel.hidden = !open;
    if (open) this.unread = 0;
    this.launcher.setAttribute("aria-expanded", String(open));
    this.labelLauncher();
    if (open) {
      if (this.needsPreChat()) this.showPreChat();
      else this.input.focus();
      this.scrollDown();
    } else this.launcher.focus();
  }

  /** The launcher says whether the panel is open and how many replies wait unread. */
  private labelLauncher(): void {
    const open = !this.panel.hidden;
    this.badge.hidden = open || this.unread === 0;
    this.badge.textContent = String(this.unread);
    this.launcher.setAttribute(
      "aria-label",
      open ? this.t.close : this.unread > 0 ? `${this.t.open} (${this.t.unread(this.unread)})` : this.t.open,
    );
  }

  private restoreToken(): void {
    const saved = localStorage.getItem(`${this.storageKey}:token`);
    const savedUser = localStorage.getItem(`${this.storageKey}:user`) ?? "";
    // Another signed-in user on this browser is another visitor.
    if (saved && savedUser === (this.identity.userId ?? "")) this.api.token = saved;
  }

  private saveToken(token: string | null): void {
    this.api.token = token;
    if (token) {
      localStorage.setItem(`${this.storageKey}:token`, token);
      localStorage.setItem(`${this.storageKey}:user`, this.identity.userId ?? "");
    } else localStorage.removeItem(`${this.storageKey}:token`);
  }

  /**
   * The site's user signed out: their visitor token is revoked on the server and forgotten here,
   * the conversation is cleared from the panel, and the next message starts as a new visitor.
   */
  async logout(): Promise<void> {
    const socket = this.socket;
    this.socket = null;
    socket?.close(1000);
    await this.api.logout().catch(() => undefined);
    this.saveToken(null);
    localStorage.removeItem(`${this.storageKey}:user`);
    this.identity = {};
    this.conversation = null;
    this.preChatDone = false;
    this.shown.clear();
    this.log.replaceChildren();
    // Nothing of the signed-out person's conversation stays on screen, the agent's name included.
    this.subtitle.replaceChildren(this.statusLine());
    this.greet();
  }

  private greet(): void {
    if (this.settings.greeting)
      this.show({
        id: "greeting",
        role: "assistant",
        content: this.settings.greeting,
        sentAt: "",
        authorName: null,
        sources: [],
      });
  }

  /** A returning visitor: their conversation and its history, then live updates. */
  private async resume(): Promise<void> {
    try {
      this.conversation = (await this.api.conversation()).conversation;
      this.preChatDone = true;
      this.greet();
      const history = await this.api.history();
      for (const message of history) this.show(message);
      // An offer still open when the visitor left can be answered on their return.
      const last = history[history.length - 1];
      const lastBubble = this.log.lastElementChild;
      if (last?.suggestions?.length && lastBubble instanceof HTMLElement) this.offer(lastBubble, last.suggestions);
      this.statusChanged();
      if (this.conversation.status !== "closed") this.connect();
    } catch (error) {
      if (error instanceof ApiError && (error.status === 401 || error.status === 404)) {
        this.saveToken(null);
        this.greet();
      } else throw error;
    }
  }

  private needsPreChat(): boolean {
    return this.settings.preChatForm.enabled && !this.preChatDone && !this.api.token;
  }

  private showPreChat(): void {
    const element = preChatForm(this.settings.preChatForm, this.t, this.identity, (answers) => {
      this.identity = { ...this.identity, ...answers.identity };
      this.preChatDone = true;
      this.consent = answers.consent;
      element.remove();
      this.input.focus();
    });
    this.log.append(element);
    element.querySelector("input")?.focus();
  }

  private consent: boolean | undefined;

  private async ensureConversation(): Promise<void> {
    if (this.api.token && this.conversation?.status !== "closed") return;
    const session = await this.api.start({
      ...this.identity,
      ...(this.consent === undefined ? {} : { consent: this.consent }),
    });
    this.saveToken(session.token);
    this.conversation = { id: session.conversation.id, status: "active", csatScore: null };
    this.connect();
  }

  /** A file the visitor picked, pasted or dropped: it waits above the input until they send. */
  private choose(file: File): void {
    this.errorLine.textContent = "";
    if (file.size > maxFileMegabytes * 1024 * 1024) {
      this.errorLine.textContent = this.t.fileTooLarge(maxFileMegabytes);
      return;
    }
    this.pendingFile = file;
    this.pendingLine.replaceChildren(...pendingChip(file, this.t, () => this.clearFile()));
    this.pendingLine.hidden = false;
    this.input.focus();
  }

  private clearFile(): void {
    const thumbnail = this.pendingLine.querySelector("img");
    if (thumbnail) URL.revokeObjectURL(thumbnail.src);
    this.pendingFile = null;
    this.pendingLine.hidden = true;
    this.pendingLine.replaceChildren();
  }

  private async submit(): Promise<void> {
    const content = this.input.value.trim();
    const file = this.pendingFile;
    if ((!content && !file) || this.sendButton.disabled) return;
    if (this.needsPreChat()) return this.showPreChat();
    this.sendButton.disabled = true;
    this.errorLine.textContent = "";
    this.stopTyping();
    const send = () => (file ? this.sendFile(file, content) : this.say(content));
    try {
      await this.ensureConversation();
      await send().catch(async (error) => {
        // The conversation closed meanwhile: the same visitor starts a new one and says it there.
        if (!(error instanceof ApiError && error.status === 409)) throw error;
        if (this.conversation) this.conversation.status = "closed";
        await this.ensureConversation();
        await send();
      });
      this.input.value = "";
      if (file) this.clearFile();
    } catch (error) {
      this.errorLine.textContent =
        error instanceof ApiError && error.status === 429
          ? this.t.tooMany(error.problem.retryAfter ?? 60)
          : error instanceof ApiError && error.problem.detail
            ? error.problem.detail
            : this.t.failed;
    } finally {
      this.sendButton.disabled = false;
      this.input.focus();
    }
  }

  /** Sends a file with its caption; the reply comes whole (the assistant cannot open files, a person can). */
  private async sendFile(file: File, caption: string): Promise<void> {
    this.typingLine.textContent = this.t.sending(file.name);
    try {
      const turn = await this.api.upload(file, caption);
      const preview = file.type.startsWith("image/") ? URL.createObjectURL(file) : undefined;
      if (!this.shown.has(turn.message.id)) this.show(turn.message, preview);
      if (turn.reply && !this.shown.has(turn.reply.id)) this.show(turn.reply);
      this.conversation = turn.conversation;
      this.statusChanged();
    } finally {
      this.typingLine.textContent = "";
    }
  }

  /** Sends one message and shows the reply as it streams in, its sources last. */
  private async say(content: string): Promise<void> {
    let reply: ChatMessage | null = null;
    let bubble: HTMLElement | null = null;
    let text: Text | null = null;
    const sources: Source[] = [];
    let suggestions: Suggestion[] = [];
    this.closeOffers();
    await this.api.say(content, (chunk) => {
      if (chunk.type === "start") {
        const metadata = chunk.messageMetadata as {
          customerMessageId?: string;
          conversation?: Conversation;
          authorName?: string;
          suggestions?: Suggestion[];
        };
        suggestions = metadata.suggestions ?? [];
        if (metadata.customerMessageId && !this.shown.has(metadata.customerMessageId))
          this.show({
            id: metadata.customerMessageId,
            role: "customer",
            content,
            sentAt: "",
            authorName: null,
            sources: [],
          });
        if (metadata.conversation) this.conversation = metadata.conversation;
        reply = {
          id: String(chunk.messageId),
          role: "assistant",
          content: "",
          sentAt: "",
          authorName: metadata.authorName ?? null,
          sources: [],
        };
      } else if ((chunk.type === "source-url" || chunk.type === "source-document") && reply) {
        sources.push({
          id: String(chunk.sourceId),
          title: String(chunk.title ?? ""),
          url: (chunk.url as string) ?? null,
        });
      } else if (chunk.type === "text-delta" && reply) {
        if (!bubble && !this.shown.has(reply.id)) {
          bubble = this.show(reply);
          text = document.createTextNode("");
          bubble.append(text);
        }
        if (text) text.data += String(chunk.delta);
        this.scrollDown();
      }
    });
    if (bubble && sources.length > 0) (bubble as HTMLElement).append(this.sourceList(sources));
    if (bubble) this.offer(bubble, suggestions);
    this.statusChanged();
  }

  private closeOffers(): void {
    for (const offer of this.log.querySelectorAll(".choices")) offer.remove();
  }

  /** "Did you mean …?": the offered entries as buttons, and one that turns them down. Only the latest offer stays. */
  private offer(bubble: HTMLElement, suggestions: Suggestion[]): void {
    this.closeOffers();
    if (suggestions.length === 0) return;
    const pick = (content: string) => {
      choices.remove();
      this.input.value = content;
      void this.submit();
    };
    const choices = h(
      "div",
      { class: "choices", role: "group", "aria-label": this.t.choices },
      ...suggestions.map((suggestion) =>
        h("button", { type: "button", onclick: () => pick(suggestion.title) }, suggestion.title),
      ),
      h("button", { type: "button", class: "none", onclick: () => pick(this.t.noneOfThese) }, this.t.noneOfThese),
    );
    bubble.append(choices);
    this.scrollDown();
  }

  private sourceList(sources: Source[]): HTMLElement {
    return h(
      "ul",
      { class: "sources", "aria-label": this.t.sources },
      ...sources.map((source) =>
        h(
          "li",
          {},
          // Only an http(s) link is rendered as one, whatever the server sent.
          isHttpUrl(source.url)
            ? h("a", { href: source.url, target: "_blank", rel: "noopener noreferrer" }, source.title)
            : source.title,
        ),
      ),
    );
  }

  /** Adds a message once (the stream and the socket both tell of it); returns its bubble. */
  private show(message: ChatMessage, preview?: string): HTMLElement {
    this.shown.add(message.id);
    const bubble = h("div", { class: `msg ${message.role}`, "data-id": message.id });
    if (message.role === "agent" || message.role === "assistant") {
      const name = message.authorName ?? "";
      if (name) bubble.append(h("span", { class: "author" }, name));
      if (message.role === "agent" && name) this.subtitle.replaceChildren(this.statusLine(name));
    }
    if (message.attachment) bubble.append(attachmentView(message.attachment, preview));
    if (message.content) bubble.append(message.content);
    if (message.sources.length > 0) bubble.append(this.sourceList(message.sources));
    this.log.append(bubble);
    this.scrollDown();
    return bubble;
  }

  private scrollDown(): void {
    this.log.scrollTop = this.log.scrollHeight;
  }

  private statusChanged(): void {
    if (this.conversation?.status !== "closed") return;
    this.socket?.close(1000);
    if (this.log.querySelector(".rating")) return;
    const t = this.t;
    if (this.conversation.csatScore !== null) {
      this.log.append(h("div", { class: "rating" }, t.closed));
      return;
    }
    const rating = h(
      "div",
      { class: "rating", role: "group", "aria-label": t.rate },
      h("div", {}, t.closed),
      h("div", {}, t.rate),
    );
    for (let score = 1; score <= 5; score++) {
      rating.append(
        h(
          "button",
          {
            type: "button",
            "aria-label": t.stars(score),
            onclick: async () => {
              await this.api.rate(score);
              rating.replaceChildren(h("div", {}, t.closed), h("div", {}, t.thanks));
            },
          },
          String(score),
        ),
      );
    }
    this.log.append(rating);
    this.scrollDown();
  }

  /** The live socket, reconnected with backoff while the conversation is open. */
  connect(): void {
    if (!this.api.token || this.conversation?.status === "closed") return;
    if (this.socket && this.socket.readyState <= WebSocket.OPEN) return;
    const socket = this.api.live();
    this.socket = socket;
    socket.onopen = () => {
      this.reconnectDelay = 1000;
      // Only the socket's own notice goes: a send's error (a refused file) stays until the next send.
      if (this.errorLine.textContent === this.t.reconnecting) this.errorLine.textContent = "";
    };
    socket.addEventListener("message", () => (this.connectedBefore = true), { once: true });
    socket.onmessage = (event) => this.onEvent(JSON.parse(String(event.data)));
    socket.onclose = (event) => {
      if (this.socket !== socket) return;
      this.socket = null;
      if (event.code === 4401 || this.conversation?.status === "closed") return;
      if (!navigator.onLine) this.errorLine.textContent = this.t.reconnecting;
      setTimeout(() => this.connect(), this.reconnectDelay);
      this.reconnectDelay = Math.min(this.reconnectDelay * 2, 30_000);
    };
  }

  private async catchUp(): Promise<void> {
    for (const message of await this.api.history()) if (!this.shown.has(message.id)) this.show(message);
    this.conversation = (await this.api.conversation()).conversation;
    this.statusChanged();
  }

  private onEvent(event: {
    type: string;
    message?: ChatMessage;
    conversation?: Conversation;
    role?: string;
    typing?: boolean;
    name?: string | null;
  }): void {
    if (event.type === "message" && event.message && !this.shown.has(event.message.id)) {
      // The visitor's own messages and the assistant's replies arrive through the stream.
      if (event.message.role === "agent" || event.message.role === "system") {
        this.typingLine.textContent = "";
        this.show(event.message);
        if (this.panel.hidden) {
          this.unread++;
          this.labelLauncher();
        }
      }
    } else if (event.type === "ready" && this.connectedBefore) {
      // Back after a drop: what was said meanwhile comes from the history.
      void this.catchUp();
    } else if ((event.type === "conversation" || event.type === "ready") && event.conversation) {
      this.conversation = { ...event.conversation, csatScore: this.conversation?.csatScore ?? null };
      this.statusChanged();
    } else if (event.type === "typing" && event.role === "agent") {
      clearTimeout(this.typingHide);
      this.typingLine.textContent = event.typing ? this.t.typing(event.name ?? this.t.someone) : "";
      if (event.typing) this.typingHide = setTimeout(() => (this.typingLine.textContent = ""), 6000);
    }
  }

  /** Tells the agent the visitor is typing: at most every 3 s, and that they stopped after 4 s idle. */
  private typing(): void {
    if (this.socket?.readyState !== WebSocket.OPEN) return;
    if (Date.now() - this.typingSent > 3000) {
      this.socket.send(JSON.stringify({ type: "typing", typing: true }));
      this.typingSent = Date.now();
    }
    clearTimeout(this.typingTimer);
    this.typingTimer = setTimeout(() => this.stopTyping(), 4000);
  }

  private stopTyping(): void {
    clearTimeout(this.typingTimer);
    if (this.typingSent && this.socket?.readyState === WebSocket.OPEN)
      this.socket.send(JSON.stringify({ type: "typing", typing: false }));
    this.typingSent = 0;
  }
}

declare global {
  interface Window {
    Frontdesk?: { open(): void; close(): void; logout(): Promise<void> };
  }
}

const script = document.currentScript as HTMLScriptElement | null;
const key = script?.dataset.key;
if (script && key) {
  const data = script.dataset;
  const identity: Identity = {
    ...(data.userId && data.userHash ? { userId: data.userId, userHash: data.userHash } : {}),
    ...(data.name ? { name: data.name } : {}),
    ...(data.email ? { email: data.email } : {}),
  };
  const widget = new Widget(new URL(script.src).origin, key, identity);
  window.Frontdesk = {
    open: () => widget.toggle(true),
    close: () => widget.toggle(false),
    logout: () => widget.logout(),
  };
  const start = () => void widget.mount().then(() => data.open !== undefined && widget.toggle(true));
  if (document.body) start();
  else addEventListener("DOMContentLoaded", start);
}
