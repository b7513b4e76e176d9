-- Escalation rules: messages that must reach a person at once (a complaint, a billing problem, an
-- injury, a legal threat, a request for a manager, strong anger, urgency), as data.
--
-- The default lexicon (read-only, shared like lexicon_words) holds phrases in English and German,
-- each with its category and the priority a handover it causes gets. An organization adds its own
-- phrases, or silences default ones, with escalation_rules. A phrase is matched on word
-- boundaries, case-insensitively; a trailing `*` on a word matches any ending ("refund*").
create table default_escalation_phrases (
  language text not null,
  category text not null,
  phrase text not null,
  priority text not null,
  primary key (language, category, phrase),
  constraint default_escalation_phrases_category_check
    check (category in ('urgent', 'complaint', 'safety', 'billing', 'legal', 'person', 'sentiment')),
  constraint default_escalation_phrases_priority_check check (priority in ('urgent', 'high', 'normal')),
  constraint default_escalation_phrases_phrase_check check (phrase = lower(phrase) and length(phrase) between 2 and 80)
);

create table escalation_rules (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations(id) on delete cascade,
  category text not null,
  language text not null default 'en',
  phrases text[] not null,
  -- escalate: these phrases escalate (with this priority); ignore: default phrases equal to these
  -- no longer do ("*" silences the category's defaults in this language).
  action text not null default 'escalate',
  priority text not null default 'high',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint escalation_rules_category_check
    check (category in ('urgent', 'complaint', 'safety', 'billing', 'legal', 'person', 'sentiment')),
  constraint escalation_rules_action_check check (action in ('escalate', 'ignore')),
  constraint escalation_rules_priority_check check (priority in ('urgent', 'high', 'normal')),
  constraint escalation_rules_language_check check (language ~ '^[a-z]{2}$'),
  constraint escalation_rules_phrases_check check (cardinality(phrases) between 1 and 100)
);
create index escalation_rules_organization_id_idx on escalation_rules (organization_id, created_at desc, id desc);
create trigger escalation_rules_set_updated_at before update on escalation_rules
  for each row execute function set_updated_at();

-- A conversation's place in the queue and why it left the assistant.
alter table conversations
  add column priority text not null default 'normal',
  add column handover_reason text,
  add column escalation_category text,
  add column handed_over_at timestamptz,
  add constraint conversations_priority_check check (priority in ('urgent', 'high', 'normal', 'low'));
-- The inbox's priority order: most pressing first, then most recently active.
create index conversations_organization_id_priority_idx on conversations (
  organization_id,
  (array_position(array['low', 'normal', 'high', 'urgent'], priority)) desc,
  date_trunc('milliseconds', coalesce(last_message_at, started_at) at time zone 'UTC') desc,
  id desc
) where status <> 'closed';

insert into default_escalation_phrases (language, category, phrase, priority) values
-- English
('en', 'safety', 'injured', 'urgent'), ('en', 'safety', 'injury', 'urgent'), ('en', 'safety', 'injuries', 'urgent'),
('en', 'safety', 'hurt myself', 'urgent'), ('en', 'safety', 'got hurt', 'urgent'), ('en', 'safety', 'was hurt', 'urgent'),
('en', 'safety', 'broke her', 'urgent'), ('en', 'safety', 'broke his', 'urgent'), ('en', 'safety', 'broke my arm', 'urgent'),
('en', 'safety', 'broken arm', 'urgent'), ('en', 'safety', 'broken wrist', 'urgent'), ('en', 'safety', 'broken leg', 'urgent'),
('en', 'safety', 'hospital', 'urgent'), ('en', 'safety', 'a&e', 'urgent'), ('en', 'safety', 'ambulance', 'urgent'),
('en', 'safety', 'fell off the bike', 'urgent'), ('en', 'safety', 'fell off my bike', 'urgent'), ('en', 'safety', 'fell off her bike', 'urgent'), ('en', 'safety', 'fell off his bike', 'urgent'), ('en', 'safety', 'crashed', 'urgent'), ('en', 'safety', 'accident', 'urgent'),
('en', 'safety', 'brakes failed', 'urgent'), ('en', 'safety', 'brake failure', 'urgent'), 
('en', 'safety', 'caught fire', 'urgent'), ('en', 'safety', 'on fire', 'urgent'), ('en', 'safety', 'fire', 'urgent'),
('en', 'safety', 'smoke', 'urgent'), ('en', 'safety', 'smoking battery', 'urgent'), ('en', 'safety', 'exploded', 'urgent'),
('en', 'safety', 'dangerous', 'urgent'), ('en', 'safety', 'unsafe', 'urgent'), ('en', 'safety', 'bleeding', 'urgent'),
('en', 'safety', 'concussion', 'urgent'), ('en', 'safety', 'stitches', 'urgent'),
('en', 'legal', 'lawyer', 'urgent'), ('en', 'legal', 'solicitor', 'urgent'), ('en', 'legal', 'attorney', 'urgent'),
('en', 'legal', 'sue you', 'urgent'), ('en', 'legal', 'suing', 'urgent'), ('en', 'legal', 'lawsuit', 'urgent'),
('en', 'legal', 'court', 'urgent'), ('en', 'legal', 'small claims', 'urgent'), ('en', 'legal', 'legal action', 'urgent'),
('en', 'legal', 'trading standards', 'urgent'), ('en', 'legal', 'ombudsman', 'urgent'),
('en', 'legal', 'chargeback', 'urgent'), ('en', 'legal', 'report you', 'urgent'), ('en', 'legal', 'police', 'urgent'),
('en', 'billing', 'charged twice', 'high'), ('en', 'billing', 'charged me twice', 'high'), ('en', 'billing', 'double charged', 'high'),
('en', 'billing', 'double charge', 'high'), ('en', 'billing', 'charged double', 'high'), ('en', 'billing', 'overcharged', 'high'),
('en', 'billing', 'over charged', 'high'), ('en', 'billing', 'wrongly charged', 'high'), ('en', 'billing', 'charged wrong', 'high'),
('en', 'billing', 'charged the wrong', 'high'), ('en', 'billing', 'taken twice', 'high'), ('en', 'billing', 'paid twice', 'high'),
('en', 'billing', 'took money', 'high'), ('en', 'billing', 'taken money', 'high'), ('en', 'billing', 'money was taken', 'high'),
('en', 'billing', 'without asking', 'high'), ('en', 'billing', 'without my permission', 'high'),
('en', 'billing', 'unauthorised', 'high'), ('en', 'billing', 'unauthorized', 'high'), ('en', 'billing', 'don''t recognise', 'high'),
('en', 'billing', 'don''t recognize', 'high'), ('en', 'billing', 'fraud', 'high'), ('en', 'billing', 'fraudulent', 'high'),
('en', 'billing', 'wrong amount', 'high'), ('en', 'billing', 'invoice is wrong', 'high'), ('en', 'billing', 'billing error', 'high'),
('en', 'billing', 'card was charged', 'high'), ('en', 'billing', 'charge on my card', 'high'), ('en', 'billing', 'charge on my statement', 'high'),
('en', 'complaint', 'complaint', 'high'), ('en', 'complaint', 'complain', 'high'), ('en', 'complaint', 'never arrived', 'high'),
('en', 'complaint', 'never came', 'high'), ('en', 'complaint', 'never received', 'high'), ('en', 'complaint', 'not received', 'high'),
('en', 'complaint', 'hasn''t arrived', 'high'), ('en', 'complaint', 'has not arrived', 'high'), ('en', 'complaint', 'didn''t arrive', 'high'),
('en', 'complaint', 'did not arrive', 'high'), ('en', 'complaint', 'not arrived', 'high'), ('en', 'complaint', 'hasn''t come', 'high'),
('en', 'complaint', 'where is my order', 'high'), ('en', 'complaint', 'where''s my order', 'high'), ('en', 'complaint', 'wheres my order', 'high'),
('en', 'complaint', 'still waiting for my order', 'high'), ('en', 'complaint', 'order is missing', 'high'),
('en', 'complaint', 'lost in the post', 'high'), ('en', 'complaint', 'wrong item', 'high'), ('en', 'complaint', 'arrived damaged', 'high'),
('en', 'complaint', 'arrived broken', 'high'), ('en', 'complaint', 'damaged in transit', 'high'), ('en', 'complaint', 'unacceptable', 'high'),
('en', 'complaint', 'tracking', 'high'),
('en', 'urgent', 'urgent', 'high'), ('en', 'urgent', 'urgently', 'high'), ('en', 'urgent', 'asap', 'high'),
('en', 'urgent', 'as soon as possible', 'high'), ('en', 'urgent', 'emergency', 'high'), ('en', 'urgent', 'call me back', 'high'),
('en', 'urgent', 'ring me back', 'high'),
('en', 'sentiment', 'furious', 'high'), ('en', 'sentiment', 'livid', 'high'), ('en', 'sentiment', 'fuming', 'high'),
('en', 'sentiment', 'disgusted', 'high'), ('en', 'sentiment', 'disgusting', 'high'), ('en', 'sentiment', 'disgrace', 'high'),
('en', 'sentiment', 'disgraceful', 'high'), ('en', 'sentiment', 'appalling', 'high'), ('en', 'sentiment', 'appalled', 'high'),
('en', 'sentiment', 'outrageous', 'high'), ('en', 'sentiment', 'useless', 'high'), ('en', 'sentiment', 'worst', 'high'),
('en', 'sentiment', 'never again', 'high'), ('en', 'sentiment', 'rip off', 'high'), ('en', 'sentiment', 'rip-off', 'high'),
('en', 'sentiment', 'scam', 'high'), ('en', 'sentiment', 'fed up', 'high'), ('en', 'sentiment', 'sick of', 'high'),
('en', 'sentiment', 'third time', 'high'), ('en', 'sentiment', 'absolute joke', 'high'), ('en', 'sentiment', 'pathetic', 'high'),
('en', 'sentiment', 'angry', 'high'), ('en', 'sentiment', 'so annoyed', 'high'), ('en', 'sentiment', 'nobody answers', 'high'),
('en', 'sentiment', 'no one answers', 'high'), ('en', 'sentiment', 'ignoring me', 'high'),
('en', 'person', 'manager', 'normal'), ('en', 'person', 'supervisor', 'normal'), 
('en', 'person', 'real person', 'normal'), ('en', 'person', 'a human', 'normal'), ('en', 'person', 'human being', 'normal'),
('en', 'person', 'speak to someone', 'normal'), ('en', 'person', 'talk to someone', 'normal'), ('en', 'person', 'speak with someone', 'normal'),
('en', 'person', 'customer service', 'normal'), ('en', 'person', 'customer services', 'normal'), 
('en', 'person', 'an agent', 'normal'), ('en', 'person', 'live agent', 'normal'), ('en', 'person', 'someone from the team', 'normal'),
-- German
('de', 'safety', 'verletzt', 'urgent'), ('de', 'safety', 'verletzung', 'urgent'), ('de', 'safety', 'gestürzt', 'urgent'),
('de', 'safety', 'sturz', 'urgent'), ('de', 'safety', 'unfall', 'urgent'), ('de', 'safety', 'krankenhaus', 'urgent'),
('de', 'safety', 'notaufnahme', 'urgent'), ('de', 'safety', 'gebrochen', 'urgent'), ('de', 'safety', 'bremsen versagt', 'urgent'),
('de', 'safety', 'brennt', 'urgent'), ('de', 'safety', 'gebrannt', 'urgent'), ('de', 'safety', 'feuer', 'urgent'),
('de', 'safety', 'rauch', 'urgent'), ('de', 'safety', 'explodiert', 'urgent'), ('de', 'safety', 'gefährlich', 'urgent'),
('de', 'legal', 'anwalt', 'urgent'), ('de', 'legal', 'anwältin', 'urgent'), ('de', 'legal', 'rechtsanwalt', 'urgent'),
('de', 'legal', 'gericht', 'urgent'), ('de', 'legal', 'klage', 'urgent'), ('de', 'legal', 'verklagen', 'urgent'),
('de', 'legal', 'rechtliche schritte', 'urgent'), ('de', 'legal', 'verbraucherzentrale', 'urgent'), ('de', 'legal', 'polizei', 'urgent'),
('de', 'billing', 'doppelt abgebucht', 'high'), ('de', 'billing', 'doppelt belastet', 'high'), ('de', 'billing', 'zweimal abgebucht', 'high'),
('de', 'billing', 'zweimal belastet', 'high'), ('de', 'billing', 'doppelt bezahlt', 'high'), ('de', 'billing', 'zu viel berechnet', 'high'),
('de', 'billing', 'falsch berechnet', 'high'), ('de', 'billing', 'falsche rechnung', 'high'), ('de', 'billing', 'rechnung ist falsch', 'high'),
('de', 'billing', 'unberechtigt', 'high'), ('de', 'billing', 'betrug', 'high'), ('de', 'billing', 'abbuchung', 'high'),
('de', 'complaint', 'beschwerde', 'high'), ('de', 'complaint', 'beschweren', 'high'), ('de', 'complaint', 'nie angekommen', 'high'),
('de', 'complaint', 'nicht angekommen', 'high'), ('de', 'complaint', 'nicht erhalten', 'high'), ('de', 'complaint', 'nie erhalten', 'high'),
('de', 'complaint', 'wo bleibt meine bestellung', 'high'), ('de', 'complaint', 'wo ist meine bestellung', 'high'),
('de', 'complaint', 'falscher artikel', 'high'), ('de', 'complaint', 'beschädigt angekommen', 'high'), ('de', 'complaint', 'kaputt angekommen', 'high'),
('de', 'complaint', 'sendungsverfolgung', 'high'), ('de', 'complaint', 'reklamation', 'high'), ('de', 'complaint', 'unzumutbar', 'high'),
('de', 'urgent', 'dringend', 'high'), ('de', 'urgent', 'notfall', 'high'), ('de', 'urgent', 'eilt', 'high'),
('de', 'urgent', 'so schnell wie möglich', 'high'), ('de', 'urgent', 'rückruf', 'high'), ('de', 'urgent', 'zurückrufen', 'high'),
('de', 'sentiment', 'frechheit', 'high'), ('de', 'sentiment', 'unverschämt', 'high'), ('de', 'sentiment', 'stinksauer', 'high'),
('de', 'sentiment', 'wütend', 'high'), ('de', 'sentiment', 'verärgert', 'high'), ('de', 'sentiment', 'sauer', 'high'),
('de', 'sentiment', 'katastrophe', 'high'), ('de', 'sentiment', 'katastrophal', 'high'), ('de', 'sentiment', 'skandal', 'high'),
('de', 'sentiment', 'nie wieder', 'high'), ('de', 'sentiment', 'abzocke', 'high'), ('de', 'sentiment', 'enttäuscht', 'high'),
('de', 'sentiment', 'schlechteste', 'high'),
('de', 'person', 'chef', 'normal'), ('de', 'person', 'chefin', 'normal'), ('de', 'person', 'vorgesetzten', 'normal'),
('de', 'person', 'geschäftsführer', 'normal'), ('de', 'person', 'menschen', 'normal'), ('de', 'person', 'mitarbeiter', 'normal'),
('de', 'person', 'kundenservice', 'normal'), ('de', 'person', 'kundendienst', 'normal'), ('de', 'person', 'jemandem sprechen', 'normal');

-- A simulation run's knowledge guard: every entry's own title and example questions, asked as a
-- first message, answered from that entry (null for runs from before the guard).
alter table simulation_runs add column knowledge_guard jsonb;
