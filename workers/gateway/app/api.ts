// The workspace's one door to the API: same-origin requests carrying the HttpOnly session cookie,
// the CSRF token on every write, and API problems turned into messages a person can read.

/** An API answer that was not a success, with the problem+json detail when there was one. */
export class ApiError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

let csrfToken = "";
let onSignedOut: () => void = () => {};

export function setCsrfToken(token: string): void {
  csrfToken = token;
}

/** What to do when the session ends under the app (expired, revoked): show the sign-in page. */
export function whenSignedOut(handler: () => void): void {
  onSignedOut = handler;
}

interface Problem {
  title?: string;
  detail?: string;
  errors?: { path?: string; message?: string }[];
}

async function readableError(response: Response): Promise<ApiError> {
  let problem: Problem = {};
  try {
    problem = (await response.json()) as Problem;
  } catch {
    // Not JSON (a proxy's error page): the status says enough.
  }
  const fields = (problem.errors ?? []).map((error) => [error.path, error.message].filter(Boolean).join(": "));
  const text =
    [problem.detail ?? problem.title, ...fields].filter(Boolean).join(" ") ||
    (response.status >= 500
      ? "Frontdesk could not answer just now. Try again in a moment."
      : `The request failed (${response.status}).`);
  return new ApiError(response.status, text);
}

/** Calls the API; answers the parsed JSON body (undefined for 204) or throws an ApiError. */
export async function api<T>(path: string, init: { method?: string; body?: unknown; signal?: AbortSignal } = {}) {
  const method = init.method ?? "GET";
  const headers: Record<string, string> = { accept: "application/json" };
  if (method !== "GET") headers["x-csrf-token"] = csrfToken;
  if (init.body !== undefined) headers["content-type"] = "application/json";
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: "same-origin",
      ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
      ...(init.signal ? { signal: init.signal } : {}),
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === "AbortError") throw error;
    throw new ApiError(0, "Frontdesk cannot be reached. Check the connection; the page retries on its own.");
  }
  if (response.status === 401 && path !== "/v1/auth/session") onSignedOut();
  if (!response.ok) throw await readableError(response);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

/** A query string from the defined values of `params`. */
export function query(params: Record<string, string | number | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params))
    if (value !== undefined && value !== null && value !== "") search.set(key, String(value));
  const text = search.toString();
  return text ? `?${text}` : "";
}

export const errorText = (error: unknown) =>
  error instanceof ApiError ? error.message : error instanceof Error ? error.message : String(error);
