-- An ad asset's status workflow, enforced where two racing updates cannot both pass it:
-- draft → active ⇄ paused, and any status → archived, which is final.
create function ad_assets_status_workflow() returns trigger language plpgsql as $$
begin
  if new.status is distinct from old.status and not (
    (old.status = 'draft' and new.status in ('active', 'archived'))
    or (old.status = 'active' and new.status in ('paused', 'archived'))
    or (old.status = 'paused' and new.status in ('active', 'archived'))
  ) then
    raise exception 'an ad asset cannot go from % to %', old.status, new.status using errcode = 'FD409';
  end if;
  return new;
end $$;
create trigger ad_assets_status_workflow before update of status on ad_assets
  for each row execute function ad_assets_status_workflow();
