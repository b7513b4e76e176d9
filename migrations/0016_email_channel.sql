-- The email channel (issue 20).

-- An inbound address names exactly one channel, whoever's it is: Email Routing hands the worker
-- the envelope's To, and that is the only key to the tenant.
create unique index channels_email_address_key on channels (lower(config ->> 'address'))
  where type = 'email' and config ? 'address';

-- Each email thread is its own conversation: the open-conversation key includes the thread (the
-- first message's Message-ID, kept in session_key). Other channels have no thread key, so they
-- keep one open conversation per customer and channel as before.
drop index conversations_open_per_channel_key;
create unique index conversations_open_per_channel_key
  on conversations (organization_id, customer_id, channel_id, coalesce(session_key, ''))
  where channel_id is not null and status <> 'closed';

-- Replies by email carry their threading headers and subject.
alter table channel_outbox add column envelope jsonb not null default '{}';
alter table channel_outbox drop constraint channel_outbox_provider_check;
alter table channel_outbox add constraint channel_outbox_provider_check
  check (provider in ('whatsapp', 'twilio', 'telegram', 'standard', 'email'));
