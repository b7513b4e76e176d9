-- Races closed by the database: one open conversation per customer and channel, one open lead per
-- customer. Existing duplicates (from before these keys) are settled first: the newest stays open.
update conversations set status = 'closed', ended_at = coalesce(ended_at, now())
where id in (
  select id from (
    select id, row_number() over (
      partition by organization_id, customer_id, channel_id order by started_at desc, id
    ) as newest
    from conversations
    where channel_id is not null and status <> 'closed'
  ) ranked
  where newest > 1
);
create unique index conversations_open_per_channel_key on conversations (organization_id, customer_id, channel_id)
  where channel_id is not null and status <> 'closed';

update leads set status = 'lost'
where id in (
  select id from (
    select id, row_number() over (partition by organization_id, customer_id order by created_at desc, id) as newest
    from leads
    where customer_id is not null and status in ('new', 'contacted', 'qualified')
  ) ranked
  where newest > 1
);
create unique index leads_open_per_customer_key on leads (organization_id, customer_id)
  where customer_id is not null and status in ('new', 'contacted', 'qualified');

-- A running tool call holds a lease; one whose worker died is reclaimed after it (marked failed).
alter table tool_calls add column lease_expires_at timestamptz;
create index tool_calls_running_lease_idx on tool_calls (lease_expires_at) where status = 'running';

-- Days the rollup could not recompute in their run (a failure, or more days than one run takes):
-- later runs take them first, organization by organization.
create table analytics_rollup_backlog (
  organization_id uuid not null references organizations (id) on delete cascade,
  day date not null,
  attempts integer not null default 0,
  last_error text,
  added_at timestamptz not null default now(),
  primary key (organization_id, day)
);
