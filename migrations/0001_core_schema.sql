-- The canonical Frontdesk schema: one coherent model for the five seed documents.
-- Decisions and the seed-by-seed mapping: docs/data-model.md and docs/schema-coverage.md.
-- Every tenant-owned table carries organization_id; children reference parents through
-- (organization_id, id), so a row can never point at another tenant's row.

create or replace function set_updated_at() returns trigger language plpgsql as $$
begin
  new.updated_at = now();
  return new;
end
$$;

-- Tenancy ---------------------------------------------------------------------------------------

create table organizations (
  id uuid primary key default gen_random_uuid(),
  name text not null,
  slug text not null,
  description text,
  owner_user_id uuid,
  address text,
  phone_number text,
  website text,
  timezone text not null default 'UTC',
  subscription_tier text not null default 'free',
  subscription_status text not null default 'active',
  max_agents integer not null default 1,
  settings jsonb not null default '{}',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint organizations_slug_key unique (slug),
  constraint organizations_slug_check check (slug ~ '^[a-z0-9][a-z0-9-]*$'),
  constraint organizations_subscription_tier_check check (subscription_tier in ('free', 'starter', 'pro', 'enterprise')),
  constraint organizations_subscription_status_check check (subscription_status in ('active', 'trialing', 'past_due', 'cancelled')),
  constraint organizations_max_agents_check check (max_agents >= 0)
);

create table users (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id) on delete cascade,
  email text not null,
  password_hash text,
  first_name text,
  last_name text,
  full_name text,
  role text not null default 'agent',
  is_active boolean not null default true,
  last_login_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint users_organization_id_id_key unique (organization_id, id),
  constraint users_role_check check (role in ('owner', 'admin', 'agent'))
);
create unique index users_email_key on users (lower(email));
create index users_organization_id_idx on users (organization_id);

alter table organizations
  add constraint organizations_owner_user_id_fkey foreign key (owner_user_id) references users (id) on delete set null;
create index organizations_owner_user_id_idx on organizations (owner_user_id);

create table api_keys (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id) on delete cascade,
  name text not null,
  prefix text not null,
  key_hash text not null,
  scopes text[] not null default '{}',
  created_by_user_id uuid,
  expires_at timestamptz,
  revoked_at timestamptz,
  last_used_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint api_keys_prefix_key unique (prefix),
  constraint api_keys_key_hash_key unique (key_hash),
  constraint api_keys_created_by_fkey foreign key (organization_id, created_by_user_id)
    references users (organization_id, id) on delete set null (created_by_user_id)
);
create index api_keys_organization_id_idx on api_keys (organization_id) where revoked_at is null;

create table settings (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id) on delete cascade,
  category text not null,
  key text not null,
  value jsonb not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint settings_organization_id_category_key_key unique (organization_id, category, key)
);

create table audit_logs (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id) on delete cascade,
  user_id uuid,
  api_key_id uuid,
  action text not null,
  resource text not null,
  resource_id text,
  details jsonb not null default '{}',
  ip_address text,
  user_agent text,
  occurred_at timestamptz not null default now(),
  constraint audit_logs_user_fkey foreign key (organization_id, user_id)
    references users (organization_id, id) on delete set null (user_id)
);
create index audit_logs_organization_id_occurred_at_idx on audit_logs (organization_id, occurred_at desc);
create index audit_logs_resource_idx on audit_logs (organization_id, resource, resource_id);

create table projects (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id) on delete cascade,
  name text not null,
  description text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint projects_organization_id_id_key unique (organization_id, id)
);

-- Agents, prompt templates and conversation stages ----------------------------------------------

create table agents (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id) on delete cascade,
  kind text not null,
  user_id uuid,
  display_name text not null,
  status text not null default 'offline',
  availability text not null default 'unavailable',
  max_concurrent_chats integer not null default 3,
  specialties text[] not null default '{}',
  model text,
  config jsonb not null default '{}',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint agents_organization_id_id_key unique (organization_id, id),
  constraint agents_user_fkey foreign key (organization_id, user_id) references users (organization_id, id) on delete cascade,
  constraint agents_kind_check check (kind in ('ai', 'human')),
  constraint agents_human_has_user_check check ((kind = 'human') = (user_id is not null)),
  constraint agents_status_check check (status in ('online', 'away', 'busy', 'offline')),
  constraint agents_availability_check check (availability in ('available', 'unavailable')),
  constraint agents_max_concurrent_chats_check check (max_concurrent_chats between 0 and 100)
);
create index agents_organization_id_status_idx on agents (organization_id, status);
create unique index agents_user_id_key on agents (user_id) where user_id is not null;

create table templates (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id) on delete cascade,
  name text not null,
  template_type text not null,
  content text not null,
  system_prompt text,
  version integer not null default 1,
  is_default boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint templates_organization_id_id_key unique (organization_id, id),
  constraint templates_template_type_check
    check (template_type in ('stage_selection', 'data_extraction', 'response_generation', 'summary', 'custom')),
  constraint templates_version_check check (version >= 1)
);
create index templates_organization_id_template_type_idx on templates (organization_id, template_type);

create table stages (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id) on delete cascade,
  agent_id uuid,
  name text not null,
  description text not null,
  stage_type text not null,
  position integer not null default 0,
  required_fields text[] not null default '{}',
  stage_selection_template_id uuid not null,
  data_extraction_template_id uuid not null,
  response_generation_template_id uuid not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint stages_organization_id_id_key unique (organization_id, id),
  constraint stages_organization_id_name_key unique (organization_id, name),
  constraint stages_agent_fkey foreign key (organization_id, agent_id)
    references agents (organization_id, id) on delete set null (agent_id),
  constraint stages_selection_template_fkey foreign key (organization_id, stage_selection_template_id)
    references templates (organization_id, id),
  constraint stages_extraction_template_fkey foreign key (organization_id, data_extraction_template_id)
    references templates (organization_id, id),
  constraint stages_generation_template_fkey foreign key (organization_id, response_generation_template_id)
    references templates (organization_id, id)
);
create index stages_agent_id_idx on stages (agent_id);

-- Channels and customers -------------------------------------------------------------------------

create table channels (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id) on delete cascade,
  type text not null,
  name text not null,
  provider text,
  config jsonb not null default '{}',
  credentials_ciphertext text,
  webhook_url text,
  is_active boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint channels_organization_id_id_key unique (organization_id, id),
  constraint channels_type_check check (type in ('web', 'whatsapp', 'sms', 'telegram', 'email', 'api'))
);
create index channels_organization_id_type_idx on channels (organization_id, type);

create table customers (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id) on delete cascade,
  external_id text,
  first_name text,
  last_name text,
  name text,
  email text,
  phone text,
  company text,
  role text,
  context text,
  status text not null default 'active',
  preferences jsonb not null default '{}',
  metadata jsonb not null default '{}',
  primary_channel_id uuid,
  is_merged boolean not null default false,
  merged_into_customer_id uuid,
  last_interaction_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint customers_organization_id_id_key unique (organization_id, id),
  constraint customers_primary_channel_fkey foreign key (organization_id, primary_channel_id)
    references channels (organization_id, id) on delete set null (primary_channel_id),
  constraint customers_merged_into_fkey foreign key (organization_id, merged_into_customer_id)
    references customers (organization_id, id),
  constraint customers_status_check check (status in ('active', 'blocked', 'archived')),
  constraint customers_merge_pointer_check check (is_merged = (merged_into_customer_id is not null)),
  constraint customers_not_merged_into_self_check check (merged_into_customer_id <> id)
);
create unique index customers_organization_id_external_id_key on customers (organization_id, external_id)
  where external_id is not null;
create unique index customers_organization_id_email_key on customers (organization_id, lower(email))
  where email is not null and not is_merged;
create index customers_organization_id_phone_idx on customers (organization_id, phone) where phone is not null;
create index customers_merged_into_customer_id_idx on customers (merged_into_customer_id) where is_merged;

create table customer_identities (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id) on delete cascade,
  customer_id uuid not null,
  channel_id uuid not null,
  channel_identifier text not null,
  confidence_score numeric(3, 2) not null default 1.00,
  verified boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint customer_identities_customer_fkey foreign key (organization_id, customer_id)
    references customers (organization_id, id) on delete cascade,
  constraint customer_identities_channel_fkey foreign key (organization_id, channel_id)
    references channels (organization_id, id) on delete cascade,
  constraint customer_identities_channel_id_channel_identifier_key unique (channel_id, channel_identifier),
  constraint customer_identities_confidence_score_check check (confidence_score between 0 and 1)
);
create index customer_identities_customer_id_idx on customer_identities (customer_id);

create table customer_memories (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id) on delete cascade,
  customer_id uuid not null,
  channel_id uuid,
  kind text not null,
  key text not null,
  value jsonb not null default '{}',
  importance real not null default 0.5,
  last_intent text,
  message_count integer not null default 0,
  last_accessed_at timestamptz,
  expires_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint customer_memories_customer_fkey foreign key (organization_id, customer_id)
    references customers (organization_id, id) on delete cascade,
  constraint customer_memories_channel_fkey foreign key (organization_id, channel_id)
    references channels (organization_id, id) on delete cascade,
  constraint customer_memories_kind_check check (kind in ('short_term', 'long_term', 'channel_context')),
  constraint customer_memories_importance_check check (importance between 0 and 1),
  constraint customer_memories_message_count_check check (message_count >= 0)
);
create unique index customer_memories_customer_kind_key_key
  on customer_memories (customer_id, kind, key, coalesce(channel_id, '00000000-0000-0000-0000-000000000000'));
create index customer_memories_expires_at_idx on customer_memories (expires_at) where expires_at is not null;

-- Conversations and messages ---------------------------------------------------------------------

create table conversations (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id) on delete cascade,
  project_id uuid,
  customer_id uuid not null,
  channel_id uuid,
  agent_id uuid,
  stage_id uuid,
  session_key text,
  title text,
  status text not null default 'active',
  intent text,
  sentiment text,
  csat_score smallint,
  ai_resolved boolean,
  message_count integer not null default 0,
  summary text,
  topics text[] not null default '{}',
  intents text[] not null default '{}',
  extracted_data jsonb not null default '{}',
  metadata jsonb not null default '{}',
  started_at timestamptz not null default now(),
  first_message_at timestamptz,
  last_message_at timestamptz,
  ended_at timestamptz,
  resolution_time_seconds integer,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint conversations_organization_id_id_key unique (organization_id, id),
  constraint conversations_project_fkey foreign key (organization_id, project_id)
    references projects (organization_id, id) on delete set null (project_id),
  constraint conversations_customer_fkey foreign key (organization_id, customer_id)
    references customers (organization_id, id) on delete cascade,
  constraint conversations_channel_fkey foreign key (organization_id, channel_id)
    references channels (organization_id, id) on delete set null (channel_id),
  constraint conversations_agent_fkey foreign key (organization_id, agent_id)
    references agents (organization_id, id) on delete set null (agent_id),
  constraint conversations_stage_fkey foreign key (organization_id, stage_id)
    references stages (organization_id, id) on delete set null (stage_id),
  constraint conversations_status_check check (status in ('active', 'waiting', 'with_agent', 'closed')),
  constraint conversations_sentiment_check check (sentiment in ('positive', 'neutral', 'negative')),
  constraint conversations_csat_score_check check (csat_score between 1 and 5),
  constraint conversations_closed_has_end_check check (status <> 'closed' or ended_at is not null)
);
create index conversations_organization_id_status_idx on conversations (organization_id, status, last_message_at desc);
create index conversations_open_idx on conversations (organization_id, agent_id) where status <> 'closed';
create index conversations_customer_id_idx on conversations (customer_id, started_at desc);
create index conversations_channel_id_idx on conversations (channel_id);
create index conversations_session_key_idx on conversations (organization_id, session_key) where session_key is not null;
create index conversations_project_id_idx on conversations (project_id) where project_id is not null;

-- One table rather than monthly partitions: a partitioned table cannot hold the global unique key
-- (channel_id, external_message_id) that makes webhook redeliveries idempotent. Per-customer,
-- time-ordered reads use the composite index; time-range scans use BRIN (docs/data-model.md).
create table messages (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id) on delete cascade,
  conversation_id uuid not null,
  customer_id uuid not null,
  channel_id uuid,
  agent_id uuid,
  user_id uuid,
  role text not null,
  direction text not null,
  message_type text not null default 'text',
  content text not null default '',
  media_url text,
  media_type text,
  system_action text,
  external_message_id text,
  sender_external_id text,
  sender_name text,
  intent text,
  sentiment text,
  confidence real,
  entities jsonb not null default '[]',
  processing_time_ms integer,
  delivery_status text,
  is_read boolean not null default false,
  read_at timestamptz,
  metadata jsonb not null default '{}',
  sent_at timestamptz not null default now(),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  search_vector tsvector generated always as (to_tsvector('english', coalesce(content, ''))) stored,
  constraint messages_conversation_fkey foreign key (organization_id, conversation_id)
    references conversations (organization_id, id) on delete cascade,
  constraint messages_customer_fkey foreign key (organization_id, customer_id)
    references customers (organization_id, id) on delete cascade,
  constraint messages_channel_fkey foreign key (organization_id, channel_id)
    references channels (organization_id, id) on delete set null (channel_id),
  constraint messages_agent_fkey foreign key (organization_id, agent_id)
    references agents (organization_id, id) on delete set null (agent_id),
  constraint messages_user_fkey foreign key (organization_id, user_id)
    references users (organization_id, id) on delete set null (user_id),
  constraint messages_role_check check (role in ('customer', 'assistant', 'agent', 'system', 'tool')),
  constraint messages_direction_check check (direction in ('inbound', 'outbound')),
  constraint messages_message_type_check
    check (message_type in ('text', 'image', 'audio', 'video', 'document', 'location', 'system', 'handover')),
  constraint messages_sentiment_check check (sentiment in ('positive', 'neutral', 'negative')),
  constraint messages_confidence_check check (confidence between 0 and 1),
  constraint messages_delivery_status_check check (delivery_status in ('pending', 'sent', 'delivered', 'read', 'failed')),
  constraint messages_channel_id_external_message_id_key unique (channel_id, external_message_id)
);
create index messages_conversation_id_sent_at_idx on messages (conversation_id, sent_at, id);
create index messages_customer_id_sent_at_idx on messages (organization_id, customer_id, sent_at desc);
create index messages_search_vector_idx on messages using gin (search_vector);
create index messages_sent_at_brin_idx on messages using brin (sent_at);
create index messages_unread_idx on messages (conversation_id) where not is_read and direction = 'inbound';

-- Knowledge --------------------------------------------------------------------------------------

create table knowledge_entries (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id) on delete cascade,
  title text not null,
  content text not null,
  category text,
  tags text[] not null default '{}',
  keywords text[] not null default '{}',
  intent text,
  is_published boolean not null default true,
  source_url text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  search_vector tsvector generated always as (
    setweight(to_tsvector('english', coalesce(title, '')), 'A') || setweight(to_tsvector('english', coalesce(content, '')), 'B')
  ) stored,
  constraint knowledge_entries_organization_id_id_key unique (organization_id, id)
);
create index knowledge_entries_search_vector_idx on knowledge_entries using gin (search_vector);
create index knowledge_entries_published_idx on knowledge_entries (organization_id, category) where is_published;
create index knowledge_entries_tags_idx on knowledge_entries using gin (tags);
create index knowledge_entries_intent_idx on knowledge_entries (organization_id, intent) where intent is not null;

create table embeddings (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id) on delete cascade,
  source_type text not null,
  source_id text not null,
  text text not null,
  model text,
  metadata jsonb not null default '{}',
  created_at timestamptz not null default now(),
  constraint embeddings_source_type_check check (source_type in ('knowledge_base', 'conversation', 'message', 'custom'))
);
create index embeddings_organization_id_source_type_idx on embeddings (organization_id, source_type);
create index embeddings_source_id_idx on embeddings (source_id);

-- Tools, leads, bookings -------------------------------------------------------------------------

create table tool_calls (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id) on delete cascade,
  conversation_id uuid,
  tool_name text not null,
  input jsonb not null default '{}',
  output jsonb,
  status text not null default 'pending',
  error_message text,
  idempotency_key text,
  requires_confirmation boolean not null default false,
  decided_by_user_id uuid,
  decided_at timestamptz,
  duration_ms integer,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint tool_calls_conversation_fkey foreign key (organization_id, conversation_id)
    references conversations (organization_id, id) on delete cascade,
  constraint tool_calls_decided_by_fkey foreign key (organization_id, decided_by_user_id)
    references users (organization_id, id) on delete set null (decided_by_user_id),
  constraint tool_calls_status_check
    check (status in ('pending', 'awaiting_confirmation', 'running', 'completed', 'failed', 'rejected')),
  constraint tool_calls_failed_has_error_check check (status <> 'failed' or error_message is not null)
);
create unique index tool_calls_idempotency_key_key on tool_calls (organization_id, tool_name, idempotency_key)
  where idempotency_key is not null;
create index tool_calls_conversation_id_idx on tool_calls (conversation_id, created_at);
create index tool_calls_pending_idx on tool_calls (organization_id, created_at) where status in ('pending', 'awaiting_confirmation');

create table leads (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id) on delete cascade,
  customer_id uuid,
  conversation_id uuid,
  channel_id uuid,
  name text,
  email text,
  phone text,
  role text,
  context text,
  status text not null default 'new',
  source_intent text,
  extra_data jsonb not null default '{}',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint leads_customer_fkey foreign key (organization_id, customer_id)
    references customers (organization_id, id) on delete set null (customer_id),
  constraint leads_conversation_fkey foreign key (organization_id, conversation_id)
    references conversations (organization_id, id) on delete set null (conversation_id),
  constraint leads_channel_fkey foreign key (organization_id, channel_id)
    references channels (organization_id, id) on delete set null (channel_id),
  constraint leads_status_check check (status in ('new', 'contacted', 'qualified', 'converted', 'lost'))
);
create index leads_organization_id_status_idx on leads (organization_id, status, created_at desc);
create index leads_email_idx on leads (organization_id, lower(email)) where email is not null;
create index leads_customer_id_idx on leads (customer_id);

create table meeting_types (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id) on delete cascade,
  name text not null,
  slug text not null,
  description text,
  duration_minutes integer not null,
  buffer_minutes integer not null default 0,
  is_active boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint meeting_types_organization_id_id_key unique (organization_id, id),
  constraint meeting_types_organization_id_slug_key unique (organization_id, slug),
  constraint meeting_types_duration_minutes_check check (duration_minutes between 5 and 1440),
  constraint meeting_types_buffer_minutes_check check (buffer_minutes between 0 and 240)
);

create table business_hours (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id) on delete cascade,
  day_of_week smallint not null,
  opens_at time not null,
  closes_at time not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint business_hours_day_of_week_check check (day_of_week between 0 and 6),
  constraint business_hours_range_check check (closes_at > opens_at),
  constraint business_hours_no_overlap exclude using gist (
    organization_id with =, day_of_week with =, tsrange('2000-01-01'::date + opens_at, '2000-01-01'::date + closes_at) with &&
  )
);

create table bookings (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id) on delete cascade,
  customer_id uuid not null,
  conversation_id uuid,
  meeting_type_id uuid,
  meeting_type text,
  resource text not null default 'default',
  starts_at timestamptz not null,
  ends_at timestamptz not null,
  timezone text not null default 'UTC',
  notes text,
  status text not null default 'requested',
  sequence integer not null default 0,
  cancelled_at timestamptz,
  cancellation_reason text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint bookings_customer_fkey foreign key (organization_id, customer_id)
    references customers (organization_id, id) on delete cascade,
  constraint bookings_conversation_fkey foreign key (organization_id, conversation_id)
    references conversations (organization_id, id) on delete set null (conversation_id),
  constraint bookings_meeting_type_fkey foreign key (organization_id, meeting_type_id)
    references meeting_types (organization_id, id) on delete set null (meeting_type_id),
  constraint bookings_status_check check (status in ('requested', 'confirmed', 'completed', 'cancelled', 'no_show')),
  constraint bookings_range_check check (ends_at > starts_at),
  constraint bookings_no_overlap exclude using gist (
    organization_id with =, resource with =, tstzrange(starts_at, ends_at, '[)') with &&
  ) where (status = 'confirmed')
);
create index bookings_organization_id_starts_at_idx on bookings (organization_id, starts_at);
create index bookings_customer_id_idx on bookings (customer_id);
create index bookings_open_idx on bookings (organization_id, status, starts_at) where status in ('requested', 'confirmed');

-- Tickets ----------------------------------------------------------------------------------------

create table tickets (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id) on delete cascade,
  customer_id uuid not null,
  conversation_id uuid,
  external_id text,
  subject text not null,
  description text,
  status text not null default 'new',
  priority text not null default 'medium',
  category text,
  assigned_to_user_id uuid,
  created_by_user_id uuid,
  resolved_at timestamptz,
  closed_at timestamptz,
  metadata jsonb not null default '{}',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint tickets_organization_id_id_key unique (organization_id, id),
  constraint tickets_customer_fkey foreign key (organization_id, customer_id)
    references customers (organization_id, id) on delete cascade,
  constraint tickets_conversation_fkey foreign key (organization_id, conversation_id)
    references conversations (organization_id, id) on delete set null (conversation_id),
  constraint tickets_assigned_to_fkey foreign key (organization_id, assigned_to_user_id)
    references users (organization_id, id) on delete set null (assigned_to_user_id),
  constraint tickets_created_by_fkey foreign key (organization_id, created_by_user_id)
    references users (organization_id, id) on delete set null (created_by_user_id),
  constraint tickets_status_check
    check (status in ('new', 'in_progress', 'waiting_for_customer', 'resolved', 'closed', 'reopened')),
  constraint tickets_priority_check check (priority in ('low', 'medium', 'high', 'urgent')),
  constraint tickets_external_id_customer_id_key unique (organization_id, external_id, customer_id)
);
create index tickets_customer_status_priority_idx on tickets (customer_id, status, priority);
create index tickets_active_idx on tickets (customer_id, status) where status in ('new', 'in_progress', 'waiting_for_customer');
create index tickets_organization_id_status_idx on tickets (organization_id, status, created_at desc);
create index tickets_assigned_to_user_id_idx on tickets (assigned_to_user_id) where assigned_to_user_id is not null;

create table ticket_status_changes (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id) on delete cascade,
  ticket_id uuid not null,
  old_status text,
  new_status text not null,
  changed_by text,
  changed_at timestamptz not null default now(),
  comment text,
  metadata jsonb not null default '{}',
  constraint ticket_status_changes_ticket_fkey foreign key (organization_id, ticket_id)
    references tickets (organization_id, id) on delete cascade
);
create index ticket_status_changes_ticket_id_idx on ticket_status_changes (ticket_id, changed_at desc);

-- Who changed a ticket comes from the transaction: set_config('frontdesk.actor', '<id>', true).
create or replace function record_ticket_status_change() returns trigger language plpgsql as $$
begin
  if tg_op = 'INSERT' or new.status is distinct from old.status then
    insert into ticket_status_changes (organization_id, ticket_id, old_status, new_status, changed_by, comment)
    values (
      new.organization_id, new.id, case when tg_op = 'UPDATE' then old.status end, new.status,
      coalesce(nullif(current_setting('frontdesk.actor', true), ''), 'system'),
      nullif(current_setting('frontdesk.status_comment', true), '')
    );
  end if;
  return new;
end
$$;
create trigger tickets_record_status_change after insert or update of status on tickets
  for each row execute function record_ticket_status_change();

-- Analytics --------------------------------------------------------------------------------------

create table analytics_events (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id) on delete cascade,
  kind text not null default 'track',
  event_type text not null,
  customer_id uuid,
  conversation_id uuid,
  channel_id uuid,
  user_id text,
  anonymous_id text,
  message_id text,
  properties jsonb not null default '{}',
  traits jsonb not null default '{}',
  context jsonb not null default '{}',
  occurred_at timestamptz not null default now(),
  sent_at timestamptz,
  received_at timestamptz not null default now(),
  constraint analytics_events_customer_fkey foreign key (organization_id, customer_id)
    references customers (organization_id, id) on delete set null (customer_id),
  constraint analytics_events_conversation_fkey foreign key (organization_id, conversation_id)
    references conversations (organization_id, id) on delete set null (conversation_id),
  constraint analytics_events_channel_fkey foreign key (organization_id, channel_id)
    references channels (organization_id, id) on delete set null (channel_id),
  constraint analytics_events_kind_check check (kind in ('track', 'identify', 'page', 'screen', 'group', 'alias', 'system')),
  constraint analytics_events_message_id_check check (char_length(message_id) <= 100)
);
create unique index analytics_events_message_id_key on analytics_events (organization_id, message_id)
  where message_id is not null;
create index analytics_events_organization_id_event_type_idx on analytics_events (organization_id, event_type, occurred_at desc);
create index analytics_events_occurred_at_brin_idx on analytics_events using brin (occurred_at);
create index analytics_events_user_id_idx on analytics_events (organization_id, user_id) where user_id is not null;

create table analytics_daily (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id) on delete cascade,
  date date not null,
  total_conversations integer not null default 0,
  ai_resolved_conversations integer not null default 0,
  agent_resolved_conversations integer not null default 0,
  total_messages integer not null default 0,
  avg_response_time_seconds double precision,
  avg_resolution_time_seconds double precision,
  avg_satisfaction_score double precision,
  channel_metrics jsonb not null default '{}',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint analytics_daily_organization_id_date_key unique (organization_id, date),
  constraint analytics_daily_counts_check
    check (total_conversations >= 0 and ai_resolved_conversations >= 0 and agent_resolved_conversations >= 0 and total_messages >= 0)
);

-- Marketing --------------------------------------------------------------------------------------

create table ad_assets (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id) on delete cascade,
  asset_type text not null,
  title text not null,
  content text,
  platform text,
  status text not null default 'draft',
  extra_data jsonb not null default '{}',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint ad_assets_status_check check (status in ('draft', 'active', 'paused', 'archived'))
);
create index ad_assets_organization_id_status_idx on ad_assets (organization_id, status);

-- updated_at maintenance on every table that has the column ---------------------------------------

do $$
declare
  target record;
begin
  for target in
    select c.table_name from information_schema.columns c
    join information_schema.tables t on t.table_name = c.table_name and t.table_schema = c.table_schema
    where c.table_schema = 'public' and c.column_name = 'updated_at' and t.table_type = 'BASE TABLE'
  loop
    execute format('create trigger %I before update on %I for each row execute function set_updated_at()',
      target.table_name || '_set_updated_at', target.table_name);
  end loop;
end
$$;
