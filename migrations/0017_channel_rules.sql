-- The rules of each channel (issue 20).

-- Why a message could not be delivered (the provider's words), and the reactions it received
-- (a customer's 👍 on WhatsApp or Telegram: stored on the message, never a turn).
alter table messages add column delivery_error text;
alter table messages add column reactions jsonb not null default '[]';
alter table messages add constraint messages_reactions_check check (jsonb_typeof(reactions) = 'array');

-- Where a conversation's messages go on its provider channel: the recipient and (email) the
-- thread's envelope, kept by the channels worker from the customer's latest message, so a person's
-- reply reaches the customer the way the assistant's does.
create table channel_conversations (
  conversation_id uuid primary key,
  organization_id uuid not null references organizations (id) on delete cascade,
  channel_id uuid not null,
  provider text not null,
  recipient text not null,
  envelope jsonb not null default '{}',
  last_inbound_at timestamptz not null default now(),
  constraint channel_conversations_channel_fkey foreign key (organization_id, channel_id)
    references channels (organization_id, id) on delete cascade,
  constraint channel_conversations_conversation_fkey foreign key (organization_id, conversation_id)
    references conversations (organization_id, id) on delete cascade,
  constraint channel_conversations_provider_check
    check (provider in ('whatsapp', 'twilio', 'telegram', 'standard', 'email'))
);
create index channel_conversations_channel_id_idx on channel_conversations (channel_id);
