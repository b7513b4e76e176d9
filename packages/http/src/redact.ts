/** Path segments that are credentials: calendar feed tokens (`fdc_…`), and any other `fd?_` secret. */
const secretSegment = /^fd[a-z]_[A-Za-z0-9_]+(\.[a-z]+)?$/;

/**
 * A request path fit for a log line: secret segments (a calendar subscription URL is its own
 * credential) become `[redacted]`, keeping the extension so the route stays recognisable.
 * @example redactPath("/calendar/fdc_abc.ics") // "/calendar/[redacted].ics"
 */
export function redactPath(path: string): string {
  return path
    .split("/")
    .map((segment) => (secretSegment.test(segment) ? `[redacted]${/\.[a-z]+$/.exec(segment)?.[0] ?? ""}` : segment))
    .join("/");
}
