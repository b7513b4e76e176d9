-- The seed pipeline for real (seeds 000, 001, 002): stages that declare how they are chosen and
-- what they gather, versioned templates, projects with their own assistant, ad assets with
-- attribution, and simulations that a draft of the pipeline must pass before it is published.

-- Ad assets first: conversations and customers point at them.
alter table ad_assets
  add column platform_ad_id text,
  add column platform_campaign_id text,
  add column utm_campaign text,
  add column utm_content text,
  add constraint ad_assets_organization_id_id_key unique (organization_id, id),
  add constraint ad_assets_asset_type_check check (asset_type in ('ad', 'video', 'image', 'carousel', 'post'));
-- A platform's ad id names one asset per organization: a WhatsApp referral's source_id finds it.
create unique index ad_assets_platform_ad_id_key on ad_assets (organization_id, platform, platform_ad_id)
  where platform_ad_id is not null;
create index ad_assets_utm_idx on ad_assets (organization_id, utm_campaign) where utm_campaign is not null;

-- Projects: several assistants in one organization, each with its persona, agent and knowledge scope.
alter table projects
  add column persona text,
  add column agent_id uuid,
  add column knowledge_categories text[] not null default '{}',
  add constraint projects_organization_id_name_key unique (organization_id, name),
  add constraint projects_agent_fkey foreign key (organization_id, agent_id)
    references agents (organization_id, id) on delete set null (agent_id);

alter table channels
  add column project_id uuid,
  add constraint channels_project_fkey foreign key (organization_id, project_id)
    references projects (organization_id, id) on delete set null (project_id);
create index channels_project_id_idx on channels (project_id) where project_id is not null;

-- Stages: their project (null: the organization's own pipeline), how the built-in responder
-- chooses them without a model, and the types of the fields they gather.
alter table stages
  add column project_id uuid,
  add column intents text[] not null default '{}',
  add column keywords text[] not null default '{}',
  add column field_types jsonb not null default '{}',
  add constraint stages_project_fkey foreign key (organization_id, project_id)
    references projects (organization_id, id) on delete cascade,
  add constraint stages_field_types_check check (jsonb_typeof(field_types) = 'object');
create index stages_project_id_idx on stages (organization_id, project_id, position);

-- Templates: the built-in responder's phrasings, one default per type, and every version kept.
alter table templates
  add column replies jsonb not null default '{}',
  add constraint templates_replies_check check (jsonb_typeof(replies) = 'object');
update templates t set is_default = false
  where is_default and exists (
    select 1 from templates newer
    where newer.organization_id = t.organization_id and newer.template_type = t.template_type and newer.is_default
      and (newer.created_at, newer.id) > (t.created_at, t.id));
create unique index templates_one_default_idx on templates (organization_id, template_type) where is_default;

create table template_versions (
  organization_id uuid not null,
  template_id uuid not null,
  version integer not null,
  name text not null,
  content text not null,
  system_prompt text,
  replies jsonb not null default '{}',
  created_at timestamptz not null default now(),
  primary key (template_id, version),
  constraint template_versions_template_fkey foreign key (organization_id, template_id)
    references templates (organization_id, id) on delete cascade
);

-- An edit of what a template says is a new version; the row keeps the latest, template_versions all.
create function templates_next_version() returns trigger language plpgsql as $$
begin
  if (new.content, new.system_prompt, new.replies) is distinct from (old.content, old.system_prompt, old.replies) then
    new.version := old.version + 1;
  else
    new.version := old.version;
  end if;
  return new;
end $$;
create trigger templates_next_version before update on templates
  for each row execute function templates_next_version();

create function templates_keep_version() returns trigger language plpgsql as $$
begin
  insert into template_versions (organization_id, template_id, version, name, content, system_prompt, replies)
  values (new.organization_id, new.id, new.version, new.name, new.content, new.system_prompt, new.replies)
  on conflict (template_id, version) do nothing;
  return null;
end $$;
create trigger templates_keep_version after insert or update on templates
  for each row execute function templates_keep_version();

insert into template_versions (organization_id, template_id, version, name, content, system_prompt, replies, created_at)
  select organization_id, id, version, name, content, system_prompt, replies, updated_at from templates
  on conflict do nothing;

-- Attribution: the ad a conversation came from, and the customer's first ad (leads and bookings
-- that follow are the customer's).
alter table conversations
  add column ad_asset_id uuid,
  add column attribution jsonb not null default '{}',
  add constraint conversations_ad_asset_fkey foreign key (organization_id, ad_asset_id)
    references ad_assets (organization_id, id) on delete set null (ad_asset_id);
create index conversations_ad_asset_id_idx on conversations (organization_id, ad_asset_id) where ad_asset_id is not null;

alter table customers
  add column ad_asset_id uuid,
  add column attributed_at timestamptz,
  add constraint customers_ad_asset_fkey foreign key (organization_id, ad_asset_id)
    references ad_assets (organization_id, id) on delete set null (ad_asset_id);
create index customers_ad_asset_id_idx on customers (organization_id, ad_asset_id) where ad_asset_id is not null;

-- Simulations: test conversations a draft of the pipeline is run against before it is published.
create table simulation_cases (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id) on delete cascade,
  project_id uuid,
  name text not null,
  turns jsonb not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint simulation_cases_organization_id_id_key unique (organization_id, id),
  constraint simulation_cases_organization_id_name_key unique (organization_id, name),
  constraint simulation_cases_project_fkey foreign key (organization_id, project_id)
    references projects (organization_id, id) on delete cascade,
  constraint simulation_cases_turns_check check (jsonb_typeof(turns) = 'array' and jsonb_array_length(turns) between 1 and 20)
);

create table simulation_runs (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id) on delete cascade,
  project_id uuid,
  draft jsonb not null default '{}',
  passed integer not null,
  failed integer not null,
  results jsonb not null,
  published boolean not null default false,
  actor text not null,
  created_at timestamptz not null default now(),
  constraint simulation_runs_project_fkey foreign key (organization_id, project_id)
    references projects (organization_id, id) on delete cascade,
  constraint simulation_runs_counts_check check (passed >= 0 and failed >= 0)
);
create index simulation_runs_organization_id_created_at_idx on simulation_runs (organization_id, created_at desc, id desc);

-- updated_at on the new table that has it.
create trigger simulation_cases_set_updated_at before update on simulation_cases
  for each row execute function set_updated_at();

-- Stages made before this migration were chosen by their type; they declare those intents now.
update stages set intents = case stage_type
    when 'booking' then '{booking}'::text[]
    when 'support' then '{question,complaint}'::text[]
    when 'triage' then '{greeting}'::text[]
    else '{}'::text[] end
  where intents = '{}';

-- Marking a template the default of its type takes the mark from the previous default.
create function templates_single_default() returns trigger language plpgsql as $$
begin
  if new.is_default then
    update templates set is_default = false
      where organization_id = new.organization_id and template_type = new.template_type
        and is_default and id <> new.id;
  end if;
  return new;
end $$;
create trigger templates_single_default before insert or update of is_default on templates
  for each row when (new.is_default) execute function templates_single_default();
