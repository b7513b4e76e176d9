-- Bookings: buffers on both sides, minimum notice, slot step, holidays, a change history, a
-- secret iCalendar feed. Outgoing webhooks:
-- endpoints (secrets sealed with AES-GCM), an outbox of deliveries and a log of every attempt.

alter table meeting_types rename column buffer_minutes to buffer_after_minutes;
alter table meeting_types rename constraint meeting_types_buffer_minutes_check to meeting_types_buffer_after_minutes_check;
alter table meeting_types add column buffer_before_minutes integer not null default 0;
alter table meeting_types add column minimum_notice_minutes integer not null default 60;
alter table meeting_types add column slot_interval_minutes integer not null default 15;
alter table meeting_types add column max_advance_days integer not null default 90;
alter table meeting_types add column resource text not null default 'default';
alter table meeting_types add constraint meeting_types_buffer_before_minutes_check check (buffer_before_minutes between 0 and 240);
alter table meeting_types add constraint meeting_types_minimum_notice_minutes_check check (minimum_notice_minutes between 0 and 525600);
alter table meeting_types add constraint meeting_types_slot_interval_minutes_check check (slot_interval_minutes between 5 and 1440);
alter table meeting_types add constraint meeting_types_max_advance_days_check check (max_advance_days between 1 and 730);

-- A booking holds its resource for its meeting plus the meeting type's buffers: blocked_from and
-- blocked_until are that span, and the exclusion constraint compares spans, so two bookings can
-- never sit closer than their buffers allow, whoever commits first. Requested bookings hold too.
alter table bookings add column blocked_from timestamptz;
alter table bookings add column blocked_until timestamptz;
update bookings set blocked_from = starts_at, blocked_until = ends_at;
alter table bookings alter column blocked_from set not null;
alter table bookings alter column blocked_until set not null;
alter table bookings add column confirmed_at timestamptz;
alter table bookings add column completed_at timestamptz;
alter table bookings add column customer_name text;
alter table bookings add column customer_email text;
alter table bookings add column created_by text;
alter table bookings add constraint bookings_blocked_span_check check (blocked_from <= starts_at and blocked_until >= ends_at);
alter table bookings add constraint bookings_organization_id_id_key unique (organization_id, id);
alter table bookings drop constraint bookings_no_overlap;
alter table bookings add constraint bookings_no_overlap exclude using gist (
  organization_id with =, resource with =, tstzrange(blocked_from, blocked_until, '[)') with &&
) where (status in ('requested', 'confirmed'));

create table booking_changes (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id) on delete cascade,
  booking_id uuid not null,
  action text not null,
  old_status text,
  new_status text not null,
  old_starts_at timestamptz,
  old_ends_at timestamptz,
  new_starts_at timestamptz not null,
  new_ends_at timestamptz not null,
  sequence integer not null,
  changed_by text,
  reason text,
  created_at timestamptz not null default now(),
  constraint booking_changes_booking_fkey foreign key (organization_id, booking_id)
    references bookings (organization_id, id) on delete cascade,
  constraint booking_changes_action_check check (action in ('created', 'confirmed', 'rescheduled', 'cancelled', 'completed', 'no_show'))
);
create index booking_changes_booking_id_idx on booking_changes (booking_id, created_at);

create table holidays (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id) on delete cascade,
  date date not null,
  name text not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint holidays_organization_id_date_key unique (organization_id, date)
);
create trigger holidays_set_updated_at before update on holidays for each row execute function set_updated_at();

-- The feed URL's token is a bearer secret: only its SHA-256 is stored.
create table calendar_feeds (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id) on delete cascade,
  name text not null,
  token_hash text not null,
  token_prefix text not null,
  revoked_at timestamptz,
  created_at timestamptz not null default now(),
  constraint calendar_feeds_token_hash_key unique (token_hash)
);
create index calendar_feeds_organization_id_idx on calendar_feeds (organization_id);

create table webhook_endpoints (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id) on delete cascade,
  url text not null,
  description text,
  event_types text[] not null default '{}',
  secret_ciphertext text not null,
  is_active boolean not null default true,
  disabled_reason text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint webhook_endpoints_organization_id_id_key unique (organization_id, id),
  constraint webhook_endpoints_url_check check (url ~ '^https?://')
);
create index webhook_endpoints_organization_id_idx on webhook_endpoints (organization_id) where is_active;
create trigger webhook_endpoints_set_updated_at before update on webhook_endpoints for each row execute function set_updated_at();

-- The outbox: a row per (event, endpoint), written in the same transaction as the change it reports.
create table webhook_deliveries (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id) on delete cascade,
  endpoint_id uuid not null,
  message_id text not null,
  event_type text not null,
  payload jsonb not null,
  status text not null default 'pending',
  attempt_count integer not null default 0,
  next_attempt_at timestamptz not null default now(),
  locked_until timestamptz,
  last_attempt_at timestamptz,
  last_response_status integer,
  last_error text,
  delivered_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint webhook_deliveries_endpoint_fkey foreign key (organization_id, endpoint_id)
    references webhook_endpoints (organization_id, id) on delete cascade,
  constraint webhook_deliveries_organization_id_id_key unique (organization_id, id),
  constraint webhook_deliveries_status_check check (status in ('pending', 'delivered', 'failed')),
  constraint webhook_deliveries_endpoint_message_key unique (endpoint_id, message_id)
);
create index webhook_deliveries_due_idx on webhook_deliveries (next_attempt_at) where status = 'pending';
create index webhook_deliveries_endpoint_id_idx on webhook_deliveries (endpoint_id, created_at desc);
create trigger webhook_deliveries_set_updated_at before update on webhook_deliveries for each row execute function set_updated_at();

create table webhook_delivery_attempts (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id) on delete cascade,
  delivery_id uuid not null,
  attempt integer not null,
  response_status integer,
  error text,
  duration_ms integer not null,
  created_at timestamptz not null default now(),
  constraint webhook_delivery_attempts_delivery_fkey foreign key (organization_id, delivery_id)
    references webhook_deliveries (organization_id, id) on delete cascade
);
create index webhook_delivery_attempts_delivery_id_idx on webhook_delivery_attempts (delivery_id, attempt);
