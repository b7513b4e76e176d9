import { Component, type ComponentChildren, render } from "preact";
import { useEffect, useState } from "preact/hooks";
import { api, setCsrfToken, whenSignedOut } from "./api.ts";
import { Approvals } from "./approvals.tsx";
import { Dashboard } from "./dashboard.tsx";
import { InboxPage } from "./inbox/inbox-page.tsx";
import { KnowledgeEditor } from "./knowledge.tsx";
import { liveFeed } from "./live.ts";
import { PresenceControl } from "./presence.tsx";
import { SignIn } from "./sign-in.tsx";
import type { Session } from "./types.ts";
import "./styles.css";

/** The hash route: #/inbox/<conversation>, #/approvals, #/knowledge, #/dashboard. */
function useRoute(): string[] {
  const read = () => (location.hash.replace(/^#\/?/, "") || "inbox").split("/");
  const [route, setRoute] = useState(read);
  useEffect(() => {
    const update = () => setRoute(read());
    addEventListener("hashchange", update);
    return () => removeEventListener("hashchange", update);
  }, []);
  return route;
}

/** Any rendering error becomes a message with a way back, never a blank page. */
class ErrorBoundary extends Component<{ children: ComponentChildren }, { error: string | undefined }> {
  override state = { error: undefined as string | undefined };
  override componentDidCatch(error: unknown) {
    this.setState({ error: error instanceof Error ? error.message : String(error) });
  }
  render() {
    if (!this.state.error) return this.props.children;
    return (
      <div class="alert" role="alert">
        Something went wrong showing this page: {this.state.error}{" "}
        <button type="button" class="link" onClick={() => this.setState({ error: undefined })}>
          Try again
        </button>
      </div>
    );
  }
}

const sections = [
  ["inbox", "Inbox"],
  ["approvals", "Approvals"],
  ["knowledge", "Knowledge"],
  ["dashboard", "Dashboard"],
] as const;

function Workspace({ session, onSignOut }: { session: Session; onSignOut: () => void }) {
  const [section = "inbox", id] = useRoute();
  const [online, setOnline] = useState(liveFeed.connected);
  useEffect(() => {
    liveFeed.onStatus = setOnline;
    liveFeed.start();
    return () => liveFeed.stop();
  }, []);
  const name = [session.user.firstName, session.user.lastName].filter(Boolean).join(" ") || session.user.email;
  return (
    <div class="workspace">
      <header class="topbar">
        <a class="brand" href="#/inbox">
          Frontdesk
        </a>
        <nav aria-label="Workspace">
          {sections.map(([key, label]) => (
            <a key={key} href={`#/${key}`} aria-current={section === key ? "page" : undefined}>
              {label}
            </a>
          ))}
        </nav>
        <span class={`live ${online ? "on" : "off"}`} role="status">
          {online ? "Live" : "Reconnecting…"}
        </span>
        <PresenceControl />
        <span class="who">{name}</span>
        <button type="button" class="link" onClick={onSignOut}>
          Sign out
        </button>
      </header>
      <ErrorBoundary>
        {section === "approvals" ? (
          <Approvals />
        ) : section === "knowledge" ? (
          <KnowledgeEditor canWrite={session.scopes.some((s) => s === "*" || s === "config:write")} />
        ) : section === "dashboard" ? (
          <Dashboard />
        ) : (
          <InboxPage selectedId={id} />
        )}
      </ErrorBoundary>
    </div>
  );
}

function App() {
  const [session, setSession] = useState<Session | null | undefined>(undefined);
  // The token is set before anything renders that could write (children's effects run first).
  const adopt = (next: Session | null) => {
    if (next) setCsrfToken(next.csrfToken);
    setSession(next);
  };
  useEffect(() => {
    whenSignedOut(() => setSession(null));
    api<Session>("/v1/auth/session")
      .then(adopt)
      .catch(() => setSession(null));
  }, []);
  if (session === undefined) return <p class="loading">Loading…</p>;
  if (session === null) return <SignIn onSignedIn={adopt} />;
  const signOut = () => {
    api("/v1/auth/session", { method: "DELETE" })
      .catch(() => {})
      .finally(() => setSession(null));
  };
  return <Workspace session={session} onSignOut={signOut} />;
}

const root = document.getElementById("app");
if (root) render(<App />, root);
