-- Provider webhooks are acknowledged at once: a claimed delivery keeps the message it carried and
-- waits, queued, for the channels worker's consumer; messages of one sender run in arrival order.
alter table channel_receipts
  add column sequence bigint generated always as identity,
  add column sender_id text,
  add column payload jsonb,
  add column attempts integer not null default 0,
  add column last_error text;
alter table channel_receipts drop constraint channel_receipts_state_check;
update channel_receipts set state = 'done', completed_at = coalesce(completed_at, now()) where state = 'processing';
alter table channel_receipts
  alter column state set default 'queued',
  add constraint channel_receipts_state_check check (state in ('queued', 'processing', 'done', 'failed'));
create index channel_receipts_pending_idx on channel_receipts (channel_id, sender_id, sequence)
  where state in ('queued', 'processing');

-- Replies to send through the provider: written with the turn's outcome, sent as their own step,
-- retried with backoff until the provider takes them (one row per reply message).
create table channel_outbox (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id) on delete cascade,
  channel_id uuid not null,
  message_id uuid not null,
  provider text not null,
  recipient text not null,
  content text not null,
  status text not null default 'pending',
  attempts integer not null default 0,
  next_attempt_at timestamptz not null default now(),
  external_message_id text,
  last_error text,
  created_at timestamptz not null default now(),
  sent_at timestamptz,
  constraint channel_outbox_channel_fkey foreign key (organization_id, channel_id)
    references channels (organization_id, id) on delete cascade,
  constraint channel_outbox_message_id_key unique (message_id),
  constraint channel_outbox_status_check check (status in ('pending', 'sending', 'sent', 'failed')),
  constraint channel_outbox_provider_check check (provider in ('whatsapp', 'twilio', 'telegram', 'standard'))
);
create index channel_outbox_due_idx on channel_outbox (next_attempt_at) where status in ('pending', 'sending');
