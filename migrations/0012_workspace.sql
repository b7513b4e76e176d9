-- The agent workspace: browser sessions for staff, private notes on conversations, canned responses.

-- A signed-in browser. The cookie holds a random token; only its SHA-256 is stored, so a copy of the
-- database signs nobody in. Signing out (or an admin deactivating the user) revokes it at once.
create table staff_sessions (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id) on delete cascade,
  user_id uuid not null,
  token_hash text not null,
  user_agent text,
  created_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  expires_at timestamptz not null,
  revoked_at timestamptz,
  constraint staff_sessions_token_hash_key unique (token_hash),
  constraint staff_sessions_user_fkey foreign key (organization_id, user_id)
    references users (organization_id, id) on delete cascade
);
create index staff_sessions_user_idx on staff_sessions (organization_id, user_id);

-- What staff write to each other about a conversation. A table of its own, never a message: nothing
-- that sends messages to customers (widget, channels, exports of the transcript) can reach it.
create table conversation_notes (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id) on delete cascade,
  conversation_id uuid not null,
  author_user_id uuid,
  author_name text,
  content text not null,
  created_at timestamptz not null default now(),
  constraint conversation_notes_conversation_fkey foreign key (organization_id, conversation_id)
    references conversations (organization_id, id) on delete cascade,
  constraint conversation_notes_content_check check (length(content) between 1 and 4000)
);
create index conversation_notes_conversation_idx on conversation_notes (organization_id, conversation_id, created_at);

-- An organization's saved replies, inserted in the inbox by typing "/" and the shortcut.
create table canned_responses (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id) on delete cascade,
  shortcut text not null,
  title text not null,
  content text not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint canned_responses_shortcut_check check (shortcut ~ '^[a-z0-9][a-z0-9_-]{0,39}$'),
  constraint canned_responses_organization_id_shortcut_key unique (organization_id, shortcut)
);
create trigger canned_responses_set_updated_at before update on canned_responses
  for each row execute function set_updated_at();

-- The inbox lists an organization's conversations most recently active first: indexed, so a queue
-- of a large organization pages without sorting all of its conversations.
create index conversations_organization_id_activity_idx on conversations
  (organization_id, date_trunc('milliseconds', coalesce(last_message_at, started_at) at time zone 'UTC') desc, id desc);
