-- customer.merged webhooks. Customers are merged from several workers (a channel message resolving
-- its sender, a Segment alias, a booking's customer, a person by hand), always through
-- merge_customers(), which records the merge in customer_merges. The webhook is queued by a trigger
-- on that record, in the merge's own transaction, in the shape packages/webhooks writes.
create function queue_customer_merged_webhook() returns trigger
language plpgsql as $$
declare
  message_id text := 'msg_' || replace(gen_random_uuid()::text, '-', '');
begin
  insert into webhook_deliveries (organization_id, endpoint_id, message_id, event_type, payload)
  select new.organization_id, e.id, message_id, 'customer.merged',
    jsonb_build_object(
      'type', 'customer.merged',
      'timestamp', to_char(now() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
      'data', jsonb_build_object('merge', jsonb_build_object(
        'id', new.id,
        'sourceCustomerId', new.source_customer_id,
        'targetCustomerId', new.target_customer_id,
        'kind', new.kind,
        'reason', new.reason,
        'moved', new.moved)))
  from webhook_endpoints e
  where e.organization_id = new.organization_id and e.is_active
    and (cardinality(e.event_types) = 0 or 'customer.merged' = any(e.event_types));
  return null;
end;
$$;

create trigger customer_merges_webhook after insert on customer_merges
  for each row execute function queue_customer_merged_webhook();
