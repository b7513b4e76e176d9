-- Customers as a contacts system: search, merges that can be undone, merge suggestions, erasure.

-- An erased customer stays as an anonymous row so that conversations, bookings and counts keep
-- their customer; nothing personal is left on it.
alter table customers drop constraint customers_status_check;
alter table customers add constraint customers_status_check
  check (status in ('active', 'blocked', 'archived', 'erased'));

-- Search: a phone in any format matches by its digits; names, emails, companies and external ids by
-- substring (trigram indexes, so "%anna%" does not scan every customer).
alter table customers add column phone_digits text
  generated always as (nullif(regexp_replace(phone, '\D', '', 'g'), '')) stored;
alter table customers add column search_text text
  generated always as (lower(coalesce(name, '') || ' ' || coalesce(first_name, '') || ' ' || coalesce(last_name, '')
    || ' ' || coalesce(email, '') || ' ' || coalesce(company, '') || ' ' || coalesce(external_id, ''))) stored;
create index customers_search_text_trgm_idx on customers using gin (search_text gin_trgm_ops);
create index customers_phone_digits_trgm_idx on customers using gin (phone_digits gin_trgm_ops);
-- The newest-first order every list pages through (packages/db/src/pagination.ts), indexed.
create index customers_organization_id_created_at_idx on customers
  (organization_id, date_trunc('milliseconds', created_at at time zone 'UTC') desc, id desc);

-- Every merge, automatic or by hand, with what it moved, so that it can be undone.
create table customer_merges (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id) on delete cascade,
  source_customer_id uuid not null,
  target_customer_id uuid not null,
  kind text not null,
  status text not null default 'applied',
  reason text,
  -- table name -> ids of the rows moved from the source to the target
  moved jsonb not null default '{}',
  source_before jsonb not null,
  target_before jsonb not null,
  -- the source's memories the target already had a value for (put back on undo)
  dropped_memories jsonb not null default '[]',
  actor jsonb not null default '{}',
  created_at timestamptz not null default now(),
  decided_at timestamptz,
  constraint customer_merges_source_fkey foreign key (organization_id, source_customer_id)
    references customers (organization_id, id) on delete cascade,
  constraint customer_merges_target_fkey foreign key (organization_id, target_customer_id)
    references customers (organization_id, id) on delete cascade,
  constraint customer_merges_kind_check check (kind in ('automatic', 'manual')),
  constraint customer_merges_status_check check (status in ('applied', 'undone', 'confirmed'))
);
create index customer_merges_source_idx on customer_merges (organization_id, source_customer_id);
create index customer_merges_target_idx on customer_merges (organization_id, target_customer_id, created_at desc);

-- A match too weak to merge on its own (an unverified email or phone): a person decides.
create table customer_merge_suggestions (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id) on delete cascade,
  target_customer_id uuid not null,
  source_customer_id uuid not null,
  matched_on text not null,
  confidence numeric(3, 2) not null,
  status text not null default 'pending',
  merge_id uuid references customer_merges (id) on delete set null,
  created_at timestamptz not null default now(),
  decided_at timestamptz,
  constraint customer_merge_suggestions_target_fkey foreign key (organization_id, target_customer_id)
    references customers (organization_id, id) on delete cascade,
  constraint customer_merge_suggestions_source_fkey foreign key (organization_id, source_customer_id)
    references customers (organization_id, id) on delete cascade,
  constraint customer_merge_suggestions_distinct_check check (target_customer_id <> source_customer_id),
  constraint customer_merge_suggestions_matched_on_check check (matched_on in ('email', 'phone', 'external_id', 'identity')),
  constraint customer_merge_suggestions_confidence_check check (confidence between 0 and 1),
  constraint customer_merge_suggestions_status_check check (status in ('pending', 'accepted', 'dismissed'))
);
-- One suggestion per pair, ever: a dismissed pair is not suggested again.
create unique index customer_merge_suggestions_pair_key on customer_merge_suggestions
  (organization_id, least(target_customer_id, source_customer_id), greatest(target_customer_id, source_customer_id));
create index customer_merge_suggestions_pending_idx on customer_merge_suggestions (organization_id, created_at desc)
  where status = 'pending';

-- merge_customers now records the merge (what it moved, both rows as they were) and returns its id;
-- null when there was nothing to merge (the same customer, or a source already merged).
drop function merge_customers(uuid, uuid, uuid);
create function merge_customers(
  p_organization_id uuid, p_source_id uuid, p_target_id uuid,
  p_kind text default 'automatic', p_actor jsonb default '{}', p_reason text default null
) returns uuid language plpgsql as $$
declare
  source customers%rowtype;
  target customers%rowtype;
  owning record;
  v_ids uuid[];
  v_moved jsonb := '{}';
  v_dropped jsonb;
  v_merge_id uuid := gen_random_uuid();
begin
  if p_source_id = p_target_id then
    return null;
  end if;
  select * into source from customers
    where organization_id = p_organization_id and id = p_source_id for update;
  -- An automatic merge that lost a race to another finds nothing left to do; a merge by hand says why.
  if not found or source.is_merged then
    if p_kind = 'manual' and not found then
      raise exception 'no such customer to merge in this organization' using errcode = 'no_data_found';
    elsif p_kind = 'manual' then
      raise exception 'that customer was already merged into %', source.merged_into_customer_id using errcode = 'FD409';
    end if;
    return null;
  end if;
  select * into target from customers
    where organization_id = p_organization_id and id = p_target_id for update;
  if not found then
    raise exception 'merge target % is not a customer of the organization', p_target_id
      using errcode = 'foreign_key_violation';
  end if;
  if target.is_merged then
    raise exception 'this customer was merged into %; merge into that one', target.merged_into_customer_id
      using errcode = 'FD409';
  end if;
  if source.status = 'erased' or target.status = 'erased' then
    raise exception 'an erased customer cannot be merged' using errcode = 'FD409';
  end if;

  with dropped as (
    delete from customer_memories m
    where m.customer_id = p_source_id and exists (
      select 1 from customer_memories t
      where t.customer_id = p_target_id and t.kind = m.kind and t.key = m.key
        and t.channel_id is not distinct from m.channel_id)
    returning m.*
  ) select coalesce(jsonb_agg(to_jsonb(dropped)), '[]') into v_dropped from dropped;

  for owning in
    select c.table_name from information_schema.columns c
    join information_schema.tables t on t.table_name = c.table_name and t.table_schema = c.table_schema
    where c.table_schema = 'public' and c.column_name = 'customer_id' and t.table_type = 'BASE TABLE'
    order by c.table_name
  loop
    execute format('with moved as (update %I set customer_id = $1 where organization_id = $2 and customer_id = $3 returning id)
      select coalesce(array_agg(id), ''{}'') from moved', owning.table_name)
      into v_ids using p_target_id, p_organization_id, p_source_id;
    if cardinality(v_ids) > 0 then
      v_moved := v_moved || jsonb_build_object(owning.table_name, to_jsonb(v_ids));
    end if;
  end loop;

  with repointed as (
    update customers set merged_into_customer_id = p_target_id
    where organization_id = p_organization_id and merged_into_customer_id = p_source_id returning id
  ) select coalesce(array_agg(id), '{}') into v_ids from repointed;
  if cardinality(v_ids) > 0 then
    v_moved := v_moved || jsonb_build_object('customers', to_jsonb(v_ids));
  end if;

  -- The source gives up its unique keys first (email is unique among unmerged customers only).
  update customers set is_merged = true, merged_into_customer_id = p_target_id, external_id = null,
      metadata = metadata || case when source.external_id is null then '{}'::jsonb
        else jsonb_build_object('merged_external_id', source.external_id) end,
      updated_at = now()
    where id = p_source_id;
  update customers t set
      external_id = coalesce(t.external_id, source.external_id),
      email = coalesce(t.email, source.email),
      phone = coalesce(t.phone, source.phone),
      name = coalesce(t.name, source.name),
      first_name = coalesce(t.first_name, source.first_name),
      last_name = coalesce(t.last_name, source.last_name),
      company = coalesce(t.company, source.company),
      role = coalesce(t.role, source.role),
      context = coalesce(t.context, source.context),
      last_interaction_at = greatest(t.last_interaction_at, source.last_interaction_at),
      metadata = source.metadata || t.metadata,
      updated_at = now()
    where t.id = p_target_id;

  insert into customer_merges (id, organization_id, source_customer_id, target_customer_id, kind, reason, moved,
      source_before, target_before, dropped_memories, actor)
    values (v_merge_id, p_organization_id, p_source_id, p_target_id, p_kind, p_reason, v_moved,
      to_jsonb(source), to_jsonb(target), v_dropped, p_actor);
  update customer_merge_suggestions set status = 'accepted', merge_id = v_merge_id, decided_at = now()
    where organization_id = p_organization_id and status = 'pending'
      and least(target_customer_id, source_customer_id) = least(p_source_id, p_target_id)
      and greatest(target_customer_id, source_customer_id) = greatest(p_source_id, p_target_id);
  insert into analytics_events (organization_id, kind, event_type, customer_id, properties)
    values (p_organization_id, 'system', 'customer_merged', p_target_id,
      jsonb_build_object('mergedCustomerId', p_source_id, 'mergeId', v_merge_id, 'kind', p_kind));
  return v_merge_id;
end
$$;

-- Puts every row a merge moved back on the source and the source back as it was. Refuses (FD409)
-- when the merge is not applied any more, or when later changes make the undo impossible: the
-- survivor merged again, or the source's email or external id taken by another customer since.
create function undo_customer_merge(p_organization_id uuid, p_merge_id uuid) returns void
language plpgsql as $$
declare
  m customer_merges%rowtype;
  v_source customers%rowtype;
  v_target_before customers%rowtype;
  target customers%rowtype;
  owning record;
begin
  select * into m from customer_merges where organization_id = p_organization_id and id = p_merge_id for update;
  if not found then
    raise exception 'no such merge' using errcode = 'no_data_found';
  end if;
  if m.status <> 'applied' then
    raise exception 'this merge was already %', m.status using errcode = 'FD409';
  end if;
  v_source := jsonb_populate_record(null::customers, m.source_before);
  v_target_before := jsonb_populate_record(null::customers, m.target_before);
  select * into target from customers where organization_id = p_organization_id and id = m.target_customer_id for update;
  perform 1 from customers where organization_id = p_organization_id and id = m.source_customer_id for update;
  if target.is_merged then
    raise exception 'the surviving customer was merged into % since; undo that merge first',
      target.merged_into_customer_id using errcode = 'FD409';
  end if;
  if target.status = 'erased' then
    raise exception 'the surviving customer was erased since' using errcode = 'FD409';
  end if;
  if v_source.email is not null and exists (
    select 1 from customers c where c.organization_id = p_organization_id and not c.is_merged
      and c.id not in (m.source_customer_id, m.target_customer_id) and lower(c.email) = lower(v_source.email)
  ) then
    raise exception 'another customer has the email % since', v_source.email using errcode = 'FD409';
  end if;
  if v_source.external_id is not null and exists (
    select 1 from customers c where c.organization_id = p_organization_id
      and c.id not in (m.source_customer_id, m.target_customer_id) and c.external_id = v_source.external_id
  ) then
    raise exception 'another customer has the external id % since', v_source.external_id using errcode = 'FD409';
  end if;

  -- What the merge filled in on the survivor goes back to empty, unless someone has changed it since.
  update customers t set
      external_id = case when v_target_before.external_id is null and t.external_id = v_source.external_id then null else t.external_id end,
      email = case when v_target_before.email is null and t.email = v_source.email then null else t.email end,
      phone = case when v_target_before.phone is null and t.phone = v_source.phone then null else t.phone end,
      name = case when v_target_before.name is null and t.name = v_source.name then null else t.name end,
      first_name = case when v_target_before.first_name is null and t.first_name = v_source.first_name then null else t.first_name end,
      last_name = case when v_target_before.last_name is null and t.last_name = v_source.last_name then null else t.last_name end,
      company = case when v_target_before.company is null and t.company = v_source.company then null else t.company end,
      role = case when v_target_before.role is null and t.role = v_source.role then null else t.role end,
      context = case when v_target_before.context is null and t.context = v_source.context then null else t.context end,
      last_interaction_at = coalesce(v_target_before.last_interaction_at, t.last_interaction_at),
      metadata = coalesce((select jsonb_object_agg(e.key, e.value) from jsonb_each(t.metadata) e
        where v_target_before.metadata ? e.key or not (v_source.metadata -> e.key is not distinct from e.value)), '{}'),
      updated_at = now()
    where t.id = m.target_customer_id;
  update customers c set
      is_merged = false, merged_into_customer_id = null,
      external_id = v_source.external_id, email = v_source.email, phone = v_source.phone,
      name = v_source.name, first_name = v_source.first_name, last_name = v_source.last_name,
      company = v_source.company, role = v_source.role, context = v_source.context,
      metadata = v_source.metadata, last_interaction_at = v_source.last_interaction_at, updated_at = now()
    where c.id = m.source_customer_id;

  for owning in select key as table_name, value as ids from jsonb_each(m.moved) where key <> 'customers' loop
    execute format('update %I set customer_id = $1 where organization_id = $2 and customer_id = $3
        and id = any(array(select jsonb_array_elements_text($4))::uuid[])', owning.table_name)
      using m.source_customer_id, p_organization_id, m.target_customer_id, owning.ids;
  end loop;
  update customers set merged_into_customer_id = m.source_customer_id
    where organization_id = p_organization_id and merged_into_customer_id = m.target_customer_id
      and id = any(array(select jsonb_array_elements_text(coalesce(m.moved -> 'customers', '[]')))::uuid[]);
  insert into customer_memories
    select * from jsonb_populate_recordset(null::customer_memories, m.dropped_memories)
    on conflict do nothing;

  update customer_merges set status = 'undone', decided_at = now() where id = m.id;
  insert into analytics_events (organization_id, kind, event_type, customer_id, properties)
    values (p_organization_id, 'system', 'customer_unmerged', m.source_customer_id,
      jsonb_build_object('mergeId', m.id, 'targetCustomerId', m.target_customer_id));
end
$$;

-- Replaces every string in a JSON document that contains one of `needles` (case-insensitive, at
-- least 3 characters) or whose digits contain one of `digit_needles` (phone numbers in any format).
create function scrub_jsonb(doc jsonb, needles text[], digit_needles text[]) returns jsonb
language plpgsql immutable as $$
declare
  value text;
begin
  case jsonb_typeof(doc)
    when 'object' then
      return coalesce((select jsonb_object_agg(e.key, scrub_jsonb(e.value, needles, digit_needles))
        from jsonb_each(doc) e), '{}'::jsonb);
    when 'array' then
      return coalesce((select jsonb_agg(scrub_jsonb(e.value, needles, digit_needles) order by e.position)
        from jsonb_array_elements(doc) with ordinality e(value, position)), '[]'::jsonb);
    when 'string' then
      value := doc #>> '{}';
      if exists (select 1 from unnest(needles) n where length(n) >= 3 and strpos(lower(value), lower(n)) > 0)
        or exists (select 1 from unnest(digit_needles) d
          where length(d) >= 6 and strpos(regexp_replace(value, '\D', '', 'g'), d) > 0) then
        return to_jsonb('[erased]'::text);
      end if;
      return doc;
    else
      return doc;
  end case;
end
$$;

-- GDPR Art. 17: erases a person. Their customer row (and every customer merged into it) stays as an
-- anonymous tombstone so that conversations, bookings and counts keep adding up; their words,
-- contact details, identities, memories, merge history and every copy of their details in events,
-- tool calls, webhook payloads, audit details and channel queues are deleted or overwritten.
-- Answers with how many rows of each kind it touched (no personal data).
create function erase_customer(p_organization_id uuid, p_customer_id uuid) returns jsonb
language plpgsql as $$
declare
  person customers%rowtype;
  v_ids uuid[];
  v_conversations uuid[];
  v_messages uuid[];
  v_needles text[];
  v_strong text[];
  v_digits text[];
  v_counts jsonb := '{}';
  n integer;
begin
  select * into person from customers where organization_id = p_organization_id and id = p_customer_id for update;
  if not found then
    raise exception 'no such customer' using errcode = 'no_data_found';
  end if;
  if person.is_merged then
    raise exception 'this customer was merged into %; erase that customer', person.merged_into_customer_id
      using errcode = 'FD409';
  end if;
  v_ids := array[p_customer_id] || array(select id from customers
    where organization_id = p_organization_id and merged_into_customer_id = p_customer_id);
  perform 1 from customers where id = any(v_ids) for update;
  -- What identifies the person, for the places that hold copies of it.
  select array_agg(distinct x) filter (where x is not null and length(x) >= 3) into v_strong from (
    select unnest(array[c.email, c.phone, c.external_id, c.metadata ->> 'merged_external_id']) as x
      from customers c where c.id = any(v_ids)
    union all select i.channel_identifier from customer_identities i where i.customer_id = any(v_ids)
    union all select l.email from leads l where l.customer_id = any(v_ids)
    union all select l.phone from leads l where l.customer_id = any(v_ids)
    union all select b.customer_email from bookings b where b.customer_id = any(v_ids)
  ) s;
  v_strong := coalesce(v_strong, '{}');
  select array_agg(distinct x) filter (where x is not null and length(x) >= 3) into v_needles from (
    select unnest(array[c.name, c.first_name, c.last_name, c.company]) as x from customers c where c.id = any(v_ids)
    union all select l.name from leads l where l.customer_id = any(v_ids)
    union all select b.customer_name from bookings b where b.customer_id = any(v_ids)
  ) s;
  v_needles := coalesce(v_needles, '{}') || v_strong;
  select coalesce(array_agg(distinct d), '{}') into v_digits from (
    select regexp_replace(x, '\D', '', 'g') as d from unnest(v_strong) x
  ) s where length(d) >= 6 and length(d) * 2 >= length(regexp_replace(d, '\D', '', 'g'));
  v_conversations := array(select id from conversations
    where organization_id = p_organization_id and customer_id = any(v_ids));
  v_messages := array(select id from messages
    where organization_id = p_organization_id and conversation_id = any(v_conversations));

  update messages set content = '', media_url = null, media_type = null, sender_name = null,
      sender_external_id = null, entities = '[]', metadata = '{}', embedding = null
    where organization_id = p_organization_id and id = any(v_messages);
  get diagnostics n = row_count; v_counts := v_counts || jsonb_build_object('messages', n);
  update conversations set title = null, summary = null, extracted_data = '{}', metadata = '{}',
      session_key = null, visitor_session_id = null
    where organization_id = p_organization_id and id = any(v_conversations);
  get diagnostics n = row_count; v_counts := v_counts || jsonb_build_object('conversations', n);
  delete from embeddings where organization_id = p_organization_id
    and ((source_type = 'message' and source_id = any(v_messages::text[]))
      or (source_type = 'conversation' and source_id = any(v_conversations::text[])));
  delete from knowledge_suggestions where organization_id = p_organization_id and conversation_id = any(v_conversations);
  get diagnostics n = row_count; v_counts := v_counts || jsonb_build_object('knowledgeSuggestions', n);
  delete from customer_memories where organization_id = p_organization_id and customer_id = any(v_ids);
  get diagnostics n = row_count; v_counts := v_counts || jsonb_build_object('memories', n);
  delete from channel_receipts where organization_id = p_organization_id
    and (sender_id in (select channel_identifier from customer_identities where customer_id = any(v_ids))
      or scrub_jsonb(coalesce(payload, '{}'), v_strong, v_digits) <> coalesce(payload, '{}'));
  delete from channel_outbox where organization_id = p_organization_id
    and (message_id = any(v_messages) or recipient = any(v_strong));
  delete from customer_identities where organization_id = p_organization_id and customer_id = any(v_ids);
  get diagnostics n = row_count; v_counts := v_counts || jsonb_build_object('identities', n);
  delete from customer_merge_suggestions where organization_id = p_organization_id
    and (target_customer_id = any(v_ids) or source_customer_id = any(v_ids));
  delete from customer_merges where organization_id = p_organization_id
    and (target_customer_id = any(v_ids) or source_customer_id = any(v_ids));

  update leads set name = null, email = null, phone = null, role = null, context = null,
      extra_data = scrub_jsonb(extra_data, v_needles, v_digits)
    where organization_id = p_organization_id and customer_id = any(v_ids);
  get diagnostics n = row_count; v_counts := v_counts || jsonb_build_object('leads', n);
  update bookings set customer_name = null, customer_email = null, notes = null, cancellation_reason = null
    where organization_id = p_organization_id and customer_id = any(v_ids);
  get diagnostics n = row_count; v_counts := v_counts || jsonb_build_object('bookings', n);
  update booking_changes set reason = null
    where booking_id in (select id from bookings where organization_id = p_organization_id and customer_id = any(v_ids));
  update tickets set subject = '[erased]', description = null, metadata = scrub_jsonb(metadata, v_needles, v_digits)
    where organization_id = p_organization_id and customer_id = any(v_ids);
  get diagnostics n = row_count; v_counts := v_counts || jsonb_build_object('tickets', n);
  update ticket_status_changes set comment = null, metadata = scrub_jsonb(metadata, v_needles, v_digits)
    where ticket_id in (select id from tickets where organization_id = p_organization_id and customer_id = any(v_ids));
  -- A tool call about the person may hold their words anywhere in its input: it keeps its name and
  -- outcome, not what it was given or gave back.
  update tool_calls set input = '{}', output = null, error_message = null
    where organization_id = p_organization_id
      and (conversation_id = any(v_conversations)
        or scrub_jsonb(input, v_strong, v_digits) <> input
        or scrub_jsonb(coalesce(output, 'null'), v_strong, v_digits) <> coalesce(output, 'null'));
  -- Events keep their type, time and links (aggregates stay right); who and what they said goes.
  update analytics_events set user_id = null, anonymous_id = null, traits = '{}', context = '{}',
      properties = scrub_jsonb(properties, v_needles, v_digits)
    where organization_id = p_organization_id
      and (customer_id = any(v_ids) or conversation_id = any(v_conversations)
        or user_id = any(v_strong) or anonymous_id = any(v_strong));
  get diagnostics n = row_count; v_counts := v_counts || jsonb_build_object('events', n);
  update webhook_deliveries set payload = scrub_jsonb(payload, v_needles, v_digits)
    where organization_id = p_organization_id and scrub_jsonb(payload, v_strong, v_digits) <> payload;
  update audit_logs set details = scrub_jsonb(details, v_needles, v_digits)
    where organization_id = p_organization_id
      and (resource_id = any(v_ids::text[]) or scrub_jsonb(details, v_strong, v_digits) <> details);

  update customers set external_id = null, first_name = null, last_name = null, name = null, email = null,
      phone = null, company = null, role = null, context = null, preferences = '{}', metadata = '{}',
      status = 'erased', updated_at = now()
    where id = any(v_ids);
  return v_counts || jsonb_build_object('customers', cardinality(v_ids));
end
$$;

-- Leads with a life: an owner on the team and notes, next to the status (new → contacted →
-- qualified → converted | lost), each change an analytics event and a lead.* webhook.
alter table leads add column owner_user_id uuid;
alter table leads add column notes text;
alter table leads add constraint leads_owner_user_fkey foreign key (organization_id, owner_user_id)
  references users (organization_id, id) on delete set null (owner_user_id);
