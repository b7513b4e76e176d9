import { useState } from "preact/hooks";
import { Alert } from "./alert.tsx";
import { api } from "./api.ts";
import type { Session } from "./types.ts";
import { useAction } from "./use-async.ts";

/** Staff email and password; the answer sets the HttpOnly session cookie. */
export function SignIn({ onSignedIn }: { onSignedIn: (session: Session) => void }) {
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const { busy, error, run } = useAction();
  const submit = (event: Event) => {
    event.preventDefault();
    void run(async () => {
      onSignedIn(await api<Session>("/v1/auth/session", { method: "POST", body: { email, password } }));
    });
  };
  return (
    <main class="sign-in">
      <form class="card" onSubmit={submit} aria-labelledby="sign-in-title">
        <h1 id="sign-in-title">Frontdesk</h1>
        <p class="muted">Sign in to the agent workspace.</p>
        <label>
          Email
          <input
            type="email"
            name="email"
            autocomplete="username"
            required
            value={email}
            onInput={(e) => setEmail(e.currentTarget.value)}
          />
        </label>
        <label>
          Password
          <input
            type="password"
            name="password"
            autocomplete="current-password"
            required
            value={password}
            onInput={(e) => setPassword(e.currentTarget.value)}
          />
        </label>
        <Alert message={error} />
        <button type="submit" class="primary" disabled={busy}>
          {busy ? "Signing in…" : "Sign in"}
        </button>
      </form>
    </main>
  );
}
