-- Erasure touches exactly one person (GDPR Art. 17), and leaves nothing of them behind.
--
-- The first erase_customer matched the person's "strong needles" (email, phone, external id)
-- anywhere in the organization's tool calls, audit details, webhook payloads and channel receipts,
-- so erasing a customer with external id "1234" wiped other customers' records that happened to
-- contain "1234". Now a row is touched only when it is linked to the person: their customer
-- records, identities, conversations, messages, leads, bookings and tickets, by id. Needles are
-- used only inside rows already linked, to scrub what they quote.
--
-- Also gone now: webhook payloads about the person (message content, summaries, CSAT comments),
-- free text in their analytics events (CSAT comments), reactions on their messages (the reactor's
-- phone number), lead notes, their attachments (queued for deletion from R2, below), example
-- questions drawn from their words, and their visitor tokens (revoked, below).

-- Attachments leave R2 through this queue: a message that loses its stored file (deleted by
-- retention or a conversation's deletion, or cleared by erasure) queues the object's key, and the
-- channels worker, which owns the bucket, deletes the objects and the rows.
create table attachment_purges (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id) on delete cascade,
  object_key text not null,
  queued_at timestamptz not null default now(),
  constraint attachment_purges_object_key_key unique (object_key)
);
create index attachment_purges_queued_at_idx on attachment_purges (queued_at);

create function queue_attachment_purge() returns trigger
language plpgsql as $$
begin
  if old.media_url is not null and (tg_op = 'DELETE' or new.media_url is distinct from old.media_url) then
    insert into attachment_purges (organization_id, object_key) values (old.organization_id, old.media_url)
      on conflict (object_key) do nothing;
  end if;
  return null;
end
$$;

create trigger messages_attachment_purge after update of media_url or delete on messages
  for each row execute function queue_attachment_purge();

-- A visitor token issued before a revocation is refused: one visitor's tokens (revoked by the
-- business, or by the visitor's logout), or every token of a customer (erasure).
create table visitor_revocations (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id) on delete cascade,
  visitor_id uuid,
  customer_id uuid,
  revoked_at timestamptz not null default now(),
  constraint visitor_revocations_subject_check check (visitor_id is not null or customer_id is not null)
);
create index visitor_revocations_visitor_idx on visitor_revocations (organization_id, visitor_id)
  where visitor_id is not null;
create index visitor_revocations_customer_idx on visitor_revocations (organization_id, customer_id)
  where customer_id is not null;

create or replace function erase_customer(p_organization_id uuid, p_customer_id uuid) returns jsonb
language plpgsql as $$
declare
  person customers%rowtype;
  v_ids uuid[];
  v_conversations uuid[];
  v_messages uuid[];
  v_linked text[];
  v_pattern text;
  v_external_ids text[];
  v_needles text[];
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
  v_conversations := array(select id from conversations
    where organization_id = p_organization_id and customer_id = any(v_ids));
  v_messages := array(select id from messages
    where organization_id = p_organization_id and conversation_id = any(v_conversations));
  v_external_ids := array(select x from (
      select unnest(array[c.external_id, c.metadata ->> 'merged_external_id']) as x from customers c
      where c.id = any(v_ids)) s where x is not null);
  -- Every id that links a row to the person: a row naming one of them is theirs.
  v_linked := v_ids::text[] || v_conversations::text[] || v_messages::text[]
    || array(select id::text from customer_identities where organization_id = p_organization_id and customer_id = any(v_ids))
    || array(select id::text from leads where organization_id = p_organization_id and customer_id = any(v_ids))
    || array(select id::text from bookings where organization_id = p_organization_id and customer_id = any(v_ids))
    || array(select id::text from tickets where organization_id = p_organization_id and customer_id = any(v_ids));
  -- Ids are uuids (hex and hyphens): safe inside a regular expression as they are. Message ids stay
  -- out of it (a long history would make a huge expression): a payload about a message names its
  -- conversation too.
  v_pattern := array_to_string(array(select x from unnest(v_linked) x where x <> all(v_messages::text[])), '|');
  -- What the person's own linked rows may quote about them.
  select coalesce(array_agg(distinct x) filter (where x is not null and length(x) >= 3), '{}') into v_needles from (
    select unnest(array[c.email, c.phone, c.external_id, c.name, c.first_name, c.last_name, c.company,
        c.metadata ->> 'merged_external_id']) as x
      from customers c where c.id = any(v_ids)
    union all select i.channel_identifier from customer_identities i where i.customer_id = any(v_ids)
    union all select unnest(array[l.email, l.phone, l.name]) from leads l where l.customer_id = any(v_ids)
    union all select unnest(array[b.customer_email, b.customer_name]) from bookings b where b.customer_id = any(v_ids)
  ) s;
  -- Phone-like needles (mostly digits) also match however the digits are spaced.
  select coalesce(array_agg(distinct d), '{}') into v_digits from (
    select regexp_replace(x, '\D', '', 'g') as d, x from unnest(v_needles) x
  ) s where length(d) >= 6 and length(d) * 2 >= length(x);

  -- Example questions a person accepted from the customer's words leave the knowledge base.
  update knowledge_entries k set example_questions = array_remove(k.example_questions, s.question)
    from knowledge_suggestions s
    where s.organization_id = p_organization_id and s.conversation_id = any(v_conversations)
      and s.kind = 'example_question' and s.status = 'accepted'
      and k.organization_id = s.organization_id and k.id = s.knowledge_entry_id;
  delete from knowledge_suggestions where organization_id = p_organization_id and conversation_id = any(v_conversations);
  get diagnostics n = row_count; v_counts := v_counts || jsonb_build_object('knowledgeSuggestions', n);

  update messages set content = '', media_url = null, media_type = null, sender_name = null,
      sender_external_id = null, entities = '[]', metadata = '{}', embedding = null, reactions = '[]'
    where organization_id = p_organization_id and id = any(v_messages);
  get diagnostics n = row_count; v_counts := v_counts || jsonb_build_object('messages', n);
  update conversations set title = null, summary = null, extracted_data = '{}', metadata = '{}',
      session_key = null, visitor_session_id = null
    where organization_id = p_organization_id and id = any(v_conversations);
  get diagnostics n = row_count; v_counts := v_counts || jsonb_build_object('conversations', n);
  delete from embeddings where organization_id = p_organization_id
    and ((source_type = 'message' and source_id = any(v_messages::text[]))
      or (source_type = 'conversation' and source_id = any(v_conversations::text[])));
  delete from customer_memories where organization_id = p_organization_id and customer_id = any(v_ids);
  get diagnostics n = row_count; v_counts := v_counts || jsonb_build_object('memories', n);
  delete from channel_receipts r where r.organization_id = p_organization_id
    and exists (select 1 from customer_identities i where i.organization_id = p_organization_id
      and i.customer_id = any(v_ids) and i.channel_id = r.channel_id and i.channel_identifier = r.sender_id);
  delete from channel_outbox o where o.organization_id = p_organization_id
    and (o.message_id = any(v_messages)
      or exists (select 1 from channel_conversations cc where cc.organization_id = p_organization_id
        and cc.conversation_id = any(v_conversations) and cc.channel_id = o.channel_id and cc.recipient = o.recipient));
  delete from customer_identities where organization_id = p_organization_id and customer_id = any(v_ids);
  get diagnostics n = row_count; v_counts := v_counts || jsonb_build_object('identities', n);
  delete from customer_merge_suggestions where organization_id = p_organization_id
    and (target_customer_id = any(v_ids) or source_customer_id = any(v_ids));
  delete from customer_merges where organization_id = p_organization_id
    and (target_customer_id = any(v_ids) or source_customer_id = any(v_ids));

  update leads set name = null, email = null, phone = null, role = null, context = null, notes = null,
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
  -- A tool call for the person (in their conversation, or naming one of their records) keeps its
  -- name and outcome, not what it was given or gave back.
  update tool_calls set input = '{}', output = null, error_message = null
    where organization_id = p_organization_id
      and (conversation_id = any(v_conversations) or input::text ~ v_pattern or coalesce(output::text, '') ~ v_pattern);
  -- Events keep their type, time and links (aggregates stay right); who they were and what they
  -- wrote (a CSAT comment, a question) goes.
  update analytics_events set user_id = null, anonymous_id = null, traits = '{}', context = '{}',
      properties = scrub_jsonb(properties - array['comment', 'content', 'text', 'query', 'question', 'summary',
        'note', 'notes', 'message', 'body', 'subject', 'email', 'phone', 'name', 'by'], v_needles, v_digits)
    where organization_id = p_organization_id
      and (customer_id = any(v_ids) or conversation_id = any(v_conversations) or user_id = any(v_external_ids));
  get diagnostics n = row_count; v_counts := v_counts || jsonb_build_object('events', n);
  -- A webhook about the person keeps its event type and status; its payload goes, and one still
  -- waiting is never sent.
  update webhook_deliveries set payload = jsonb_build_object('erased', true),
      status = case when status = 'pending' then 'failed' else status end,
      last_error = case when status = 'pending' then 'The person it was about was erased before delivery.' else last_error end
    where organization_id = p_organization_id and payload::text ~ v_pattern;
  get diagnostics n = row_count; v_counts := v_counts || jsonb_build_object('webhookDeliveries', n);
  update audit_logs set details = scrub_jsonb(details, v_needles, v_digits)
    where organization_id = p_organization_id and (resource_id = any(v_linked) or details::text ~ v_pattern);
  -- The person's visitor tokens stop working; a later visit is a new, unknown visitor.
  insert into visitor_revocations (organization_id, customer_id)
    select p_organization_id, unnest(v_ids);
  -- Nothing new joins the erased record: their conversations end here.
  update conversations set status = 'closed', ended_at = coalesce(ended_at, now())
    where organization_id = p_organization_id and id = any(v_conversations) and status <> 'closed';

  update customers set external_id = null, first_name = null, last_name = null, name = null, email = null,
      phone = null, company = null, role = null, context = null, preferences = '{}', metadata = '{}',
      status = 'erased', updated_at = now()
    where id = any(v_ids);
  return v_counts || jsonb_build_object('customers', cardinality(v_ids));
end
$$;
