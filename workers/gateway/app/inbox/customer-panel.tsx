import { Alert } from "../alert.tsx";
import { api } from "../api.ts";
import { ago, customerLabel, dateTime, statusLabel } from "../format.ts";
import type { CustomerProfile, InboxItem, Memory } from "../types.ts";
import { useAction, useAsync } from "../use-async.ts";

interface PastConversation {
  id: string;
  status: InboxItem["status"];
  title: string | null;
  startedAt: string;
}

/** Who the customer is: profile, identities, past conversations, memories, bookings, tickets, leads, merge suggestions. */
export function CustomerPanel({ customerId, conversationId }: { customerId: string; conversationId: string }) {
  const loaded = useAsync(
    async (signal) => {
      const [profile, memories, past] = await Promise.all([
        api<CustomerProfile>(`/v1/customers/${customerId}`, { signal }),
        api<{ data: Memory[] }>(`/v1/customers/${customerId}/memories`, { signal }),
        api<{ data: PastConversation[] }>(`/v1/conversations?customerId=${customerId}&limit=10`, { signal }),
      ]);
      return { profile, memories: memories.data, past: past.data.filter((row) => row.id !== conversationId) };
    },
    [customerId, conversationId],
  );
  const decide = useAction();
  // Merging is undoable (Customers API); either way the suggestion leaves the panel.
  const settle = (id: string, verdict: "accept" | "dismiss") =>
    decide
      .run(() => api(`/v1/customer-merge-suggestions/${id}/${verdict}`, { method: "POST" }))
      .then((ok) => {
        if (ok) void loaded.reload();
      });
  if (!loaded.data)
    return (
      <aside class="customer" aria-label="Customer">
        {loaded.error ? (
          <Alert message={loaded.error} onRetry={() => void loaded.reload()} />
        ) : (
          <p class="muted pad">Loading…</p>
        )}
      </aside>
    );
  const { profile, memories, past } = loaded.data;
  // A visitor who only said their name is known by it (a memory) before they have a record name.
  const remembered = memories.find((memory) => memory.key === "name")?.value;
  const customer = {
    ...profile.customer,
    name: profile.customer.name ?? (typeof remembered === "string" ? remembered : null),
  };
  return (
    <aside class="customer" aria-label="Customer">
      <h2>{customerLabel(customer)}</h2>
      <dl>
        {customer.email && (
          <>
            <dt>Email</dt>
            <dd>{customer.email}</dd>
          </>
        )}
        {customer.phone && (
          <>
            <dt>Phone</dt>
            <dd>{customer.phone}</dd>
          </>
        )}
        {customer.company && (
          <>
            <dt>Company</dt>
            <dd>{customer.company}</dd>
          </>
        )}
        <dt>Customer since</dt>
        <dd>{ago(customer.createdAt)}</dd>
        <dt>Conversations</dt>
        <dd>{profile.conversations.count}</dd>
      </dl>
      <Section title="Identities" empty={profile.identities.length === 0}>
        {profile.identities.map((identity) => (
          <li key={identity.id}>
            {identity.channelIdentifier} {identity.verified ? "(verified)" : ""}
          </li>
        ))}
      </Section>
      <Section title="Previous conversations" empty={past.length === 0}>
        {past.map((row) => (
          <li key={row.id}>
            <a href={`#/inbox/${row.id}`}>{row.title ?? dateTime(row.startedAt)}</a> · {statusLabel[row.status]}
          </li>
        ))}
      </Section>
      <Section title="Memories" empty={memories.length === 0}>
        {memories.map((memory) => (
          <li key={memory.id}>
            <strong>{memory.key}</strong>:{" "}
            {typeof memory.value === "string" ? memory.value : JSON.stringify(memory.value)}
          </li>
        ))}
      </Section>
      <Section title="Bookings" empty={profile.bookings.length === 0}>
        {profile.bookings.map((booking) => (
          <li key={booking.id}>
            {booking.meetingType ?? "Booking"} · {dateTime(booking.startsAt)} · {booking.status}
          </li>
        ))}
      </Section>
      <Section title="Open tickets" empty={profile.openTickets.length === 0}>
        {profile.openTickets.map((ticket) => (
          <li key={ticket.id}>
            {ticket.subject} · {ticket.priority}
          </li>
        ))}
      </Section>
      <Section title="Leads" empty={profile.leads.length === 0}>
        {profile.leads.map((lead) => (
          <li key={lead.id}>
            {lead.sourceIntent ?? "lead"} · {lead.status}
          </li>
        ))}
      </Section>
      <Section title="Possible duplicates" empty={profile.mergeSuggestions.length === 0}>
        {profile.mergeSuggestions.map((suggestion) => (
          <li key={suggestion.id}>
            Same {suggestion.matchedOn} as another customer ({Math.round(suggestion.confidence * 100)}%)
            <span class="row">
              <button type="button" disabled={decide.busy} onClick={() => void settle(suggestion.id, "accept")}>
                Merge
              </button>
              <button type="button" disabled={decide.busy} onClick={() => void settle(suggestion.id, "dismiss")}>
                Not the same person
              </button>
            </span>
          </li>
        ))}
      </Section>
      <Alert message={decide.error} />
    </aside>
  );
}

function Section({ title, empty, children }: { title: string; empty: boolean; children: preact.ComponentChildren }) {
  return (
    <section>
      <h3>{title}</h3>
      {empty ? <p class="muted small">None</p> : <ul class="plain">{children}</ul>}
    </section>
  );
}
