-- An email address belongs to whoever proves it. A channel's address receives mail only once the
-- organization proved it controls the address: a code mailed to it, or a DNS TXT record on its
-- domain. Until then the channel shows as unverified and mail to the address is not routed to it.
--
-- Uniqueness moves from the typed address (which let the first organization to type an address
-- squat it) to proven addresses: several organizations may claim one, only one can prove it.
drop index channels_email_address_key;

alter table channels add column address_verified_at timestamptz;
create unique index channels_verified_email_address_key on channels (lower(config ->> 'address'))
  where type = 'email' and address_verified_at is not null;

-- A new address is a new claim: the proof of the old one does not carry over.
create function reset_address_verification() returns trigger
language plpgsql as $$
begin
  if lower(new.config ->> 'address') is distinct from lower(old.config ->> 'address') then
    new.address_verified_at := null;
  end if;
  return new;
end
$$;
create trigger channels_reset_address_verification before update of config on channels
  for each row execute function reset_address_verification();

-- What proves a claim: the TXT value shown to the organization, and the hash of the code mailed.
create table channel_address_verifications (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id) on delete cascade,
  channel_id uuid not null,
  -- Lower case.
  address text not null,
  -- The value of the TXT record at _frontdesk.<domain> that proves the domain ("frontdesk-verification=<token>").
  dns_token text not null,
  -- SHA-256 of the code mailed to the address (never the code itself).
  code_hash text,
  code_sent_at timestamptz,
  verified_at timestamptz,
  method text,
  created_at timestamptz not null default now(),
  constraint channel_address_verifications_channel_fkey foreign key (organization_id, channel_id)
    references channels (organization_id, id) on delete cascade,
  constraint channel_address_verifications_channel_address_key unique (channel_id, address),
  constraint channel_address_verifications_method_check check (method in ('email_code', 'dns_txt')),
  constraint channel_address_verifications_address_check check (address = lower(address))
);
