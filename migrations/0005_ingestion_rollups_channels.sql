-- Event ingestion, analytics rollups and channel webhooks (issue 7).

-- Daily event counts by type: kept by the analytics rollup beside analytics_daily.
create table analytics_event_counts (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id) on delete cascade,
  date date not null,
  event_type text not null,
  event_count integer not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint analytics_event_counts_organization_id_date_event_type_key unique (organization_id, date, event_type),
  constraint analytics_event_counts_event_count_check check (event_count >= 0)
);
create trigger analytics_event_counts_set_updated_at before update on analytics_event_counts
  for each row execute function set_updated_at();

-- One row per rollup run: the next incremental run recomputes only the days touched since the
-- last run's watermark (rows changed before it are covered).
create table analytics_rollup_runs (
  id uuid primary key default gen_random_uuid(),
  kind text not null,
  changed_since timestamptz,
  watermark timestamptz not null,
  days_recomputed integer not null default 0,
  started_at timestamptz not null default now(),
  finished_at timestamptz,
  constraint analytics_rollup_runs_kind_check check (kind in ('incremental', 'backfill'))
);
create index analytics_rollup_runs_watermark_idx on analytics_rollup_runs (watermark desc) where kind = 'incremental';

-- What the incremental rollup scans for touched days.
create index conversations_updated_at_idx on conversations (updated_at);
create index messages_updated_at_idx on messages (updated_at);
create index analytics_events_received_at_brin_idx on analytics_events using brin (received_at);

-- A provider delivery claimed by the channel worker that handles it: duplicates and concurrent
-- redeliveries of one provider event find the claim and do nothing.
create table channel_receipts (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id) on delete cascade,
  channel_id uuid not null,
  provider_event_id text not null,
  state text not null default 'processing',
  claimed_at timestamptz not null default now(),
  completed_at timestamptz,
  constraint channel_receipts_channel_fkey foreign key (organization_id, channel_id)
    references channels (organization_id, id) on delete cascade,
  constraint channel_receipts_channel_id_provider_event_id_key unique (channel_id, provider_event_id),
  constraint channel_receipts_state_check check (state in ('processing', 'done'))
);
create index channel_receipts_claimed_at_brin_idx on channel_receipts using brin (claimed_at);

-- Merges one customer into another (seed 004: is_merged + merged_into_customer_id). Everything that
-- points at the source moves to the target, in one statement's transaction:
--   * every table with a customer_id column (found in the catalog, so new tables are covered);
--   * memories the target already has under the same key stay the target's;
--   * customers merged into the source are re-pointed, so no pointer chain forms;
--   * the target keeps its own contact fields and gains the ones it lacked.
create or replace function merge_customers(p_organization_id uuid, p_source_id uuid, p_target_id uuid)
returns void language plpgsql as $$
declare
  source customers%rowtype;
  target_table record;
begin
  if p_source_id = p_target_id then
    return;
  end if;
  select * into source from customers
    where organization_id = p_organization_id and id = p_source_id and not is_merged for update;
  if not found then
    return;
  end if;
  perform 1 from customers
    where organization_id = p_organization_id and id = p_target_id and not is_merged for update;
  if not found then
    raise exception 'merge target % is not an active customer of the organization', p_target_id
      using errcode = 'foreign_key_violation';
  end if;

  delete from customer_memories m
    where m.customer_id = p_source_id and exists (
      select 1 from customer_memories t
      where t.customer_id = p_target_id and t.kind = m.kind and t.key = m.key
        and t.channel_id is not distinct from m.channel_id);

  for target_table in
    select c.table_name from information_schema.columns c
    join information_schema.tables t on t.table_name = c.table_name and t.table_schema = c.table_schema
    where c.table_schema = 'public' and c.column_name = 'customer_id' and t.table_type = 'BASE TABLE'
  loop
    execute format('update %I set customer_id = $1 where organization_id = $2 and customer_id = $3',
      target_table.table_name)
      using p_target_id, p_organization_id, p_source_id;
  end loop;

  update customers set merged_into_customer_id = p_target_id
    where organization_id = p_organization_id and merged_into_customer_id = p_source_id;
  -- The source gives up its unique keys first (email is unique among unmerged customers only).
  update customers set is_merged = true, merged_into_customer_id = p_target_id, external_id = null,
      metadata = metadata || case when source.external_id is null then '{}'::jsonb
        else jsonb_build_object('merged_external_id', source.external_id) end
    where id = p_source_id;
  update customers t set
      external_id = coalesce(t.external_id, source.external_id),
      email = coalesce(t.email, source.email),
      phone = coalesce(t.phone, source.phone),
      name = coalesce(t.name, source.name),
      first_name = coalesce(t.first_name, source.first_name),
      last_name = coalesce(t.last_name, source.last_name),
      company = coalesce(t.company, source.company),
      last_interaction_at = greatest(t.last_interaction_at, source.last_interaction_at),
      metadata = source.metadata || t.metadata
    where t.id = p_target_id;
  insert into analytics_events (organization_id, kind, event_type, customer_id, properties)
    values (p_organization_id, 'system', 'customer_merged', p_target_id,
      jsonb_build_object('mergedCustomerId', p_source_id));
end
$$;
