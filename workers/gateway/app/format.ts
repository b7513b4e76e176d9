/** "3 min ago", "yesterday 14:05", a date further back. */
export function ago(iso: string, now = Date.now()): string {
  const at = new Date(iso);
  const seconds = Math.round((now - at.getTime()) / 1000);
  if (seconds < 45) return "just now";
  if (seconds < 3600) return `${Math.round(seconds / 60)} min ago`;
  if (seconds < 86_400) return `${Math.round(seconds / 3600)} h ago`;
  return at.toLocaleDateString(undefined, { day: "numeric", month: "short" });
}

export const time = (iso: string) =>
  new Date(iso).toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" });

export const dateTime = (iso: string) =>
  new Date(iso).toLocaleString(undefined, { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" });

export const customerLabel = (customer: { name: string | null; email: string | null; phone: string | null }) =>
  customer.name ?? customer.email ?? customer.phone ?? "Anonymous visitor";

export const statusLabel: Record<string, string> = {
  active: "With the assistant",
  waiting: "Waiting for a person",
  with_agent: "With an agent",
  closed: "Closed",
};

/** Seconds as "42 s", "3.5 min", "2.1 h". */
export function duration(seconds: number | null): string {
  if (seconds === null) return "–";
  if (seconds < 90) return `${Math.round(seconds)} s`;
  if (seconds < 5400) return `${(seconds / 60).toFixed(1)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}

export const percent = (value: number) => `${Math.round(value * 100)}%`;
