-- Retrieval that survives real customers: knowledge entries carry their own phrasings (keywords,
-- example questions) and a language; the full-text document weighs the fields (title and example
-- questions A, keywords and tags B, content C) and is stemmed in the entry's language; the words
-- as written are kept for typo correction (pg_trgm). Organizations add synonym sets; people's
-- answers to handed-over questions become knowledge suggestions; messages record their language.

-- The text search configuration for a language code (ISO 639-1); English when there is none.
create function text_search_config(language text) returns regconfig
language sql immutable parallel safe as $$
  select (case language
    when 'da' then 'danish' when 'de' then 'german' when 'es' then 'spanish' when 'fi' then 'finnish'
    when 'fr' then 'french' when 'hu' then 'hungarian' when 'it' then 'italian' when 'nl' then 'dutch'
    when 'nb' then 'norwegian' when 'pt' then 'portuguese' when 'ro' then 'romanian' when 'ru' then 'russian'
    when 'sv' then 'swedish' when 'tr' then 'turkish' else 'english' end)::regconfig
$$;

-- array_to_string is only stable (it calls element output functions); for text[] it is immutable,
-- which generated columns need.
create function join_words(words text[]) returns text
language sql immutable parallel safe as $$ select coalesce(array_to_string(words, ' '), '') $$;

-- Each term's own lexeme in a language: a hyphenated word is one term ("e-bike" is 'e-bik', not
-- also 'bike'), so a synonym set never matches on a part of one of its words.
create function term_lexemes(language text, terms text[]) returns text[]
language sql immutable parallel safe as $$
  select coalesce(array_agg(first.lexeme), '{}')
  from unnest(terms) term
  cross join lateral (
    select lexeme from unnest(to_tsvector(text_search_config(language), term)) order by positions[1] limit 1
  ) first
$$;

alter table knowledge_entries
  add column example_questions text[] not null default '{}',
  add column language text not null default 'en',
  add column embedding_model text,
  add constraint knowledge_entries_language_check check (language ~ '^[a-z]{2}$');

drop index knowledge_entries_search_vector_idx;
alter table knowledge_entries drop column search_vector;
alter table knowledge_entries add column search_vector tsvector generated always as (
  setweight(to_tsvector(text_search_config(language), title), 'A')
  || setweight(to_tsvector(text_search_config(language), join_words(example_questions)), 'A')
  || setweight(to_tsvector(text_search_config(language), join_words(keywords || tags)), 'B')
  || setweight(to_tsvector(text_search_config(language), content), 'C')
) stored;
create index knowledge_entries_search_vector_idx on knowledge_entries using gin (search_vector);
alter table knowledge_entries add column search_words text[] generated always as (
  tsvector_to_array(to_tsvector('simple',
    title || ' ' || join_words(example_questions) || ' ' || join_words(keywords || tags) || ' ' || content))
) stored;
create index knowledge_entries_language_idx on knowledge_entries (organization_id, language) where is_published;

-- An organization's own synonyms: every term of a set stands for the others in a question.
create table synonym_sets (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id) on delete cascade,
  language text not null default 'en',
  terms text[] not null,
  lexemes text[] generated always as (term_lexemes(language, terms)) stored,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint synonym_sets_language_check check (language ~ '^[a-z]{2}$'),
  constraint synonym_sets_terms_check check (cardinality(terms) between 2 and 20)
);
create index synonym_sets_lexemes_idx on synonym_sets using gin (lexemes);
create index synonym_sets_organization_id_idx on synonym_sets (organization_id, language);
create trigger synonym_sets_set_updated_at before update on synonym_sets
  for each row execute function set_updated_at();

-- The default lexicon (shared by every organization, read-only): a word, its synonyms in its most
-- common senses (Princeton WordNet 3.1) and how often it is used (SUBTLEX-US, per million words),
-- so that a question word the knowledge base lacks weighs by how telling it is in the language:
-- "skateboard" much, "make" little. Loaded by the next migration.
create table lexicon_words (
  language text not null,
  term text not null,
  synonyms text[] not null default '{}',
  frequency real not null default 0,
  lexeme text generated always as ((term_lexemes(language, array[term]))[1]) stored,
  primary key (language, term)
);
create index lexicon_words_lexeme_idx on lexicon_words (language, lexeme);

-- Knowledge changes suggested by people's answers to questions the assistant handed over.
create table knowledge_suggestions (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id) on delete cascade,
  kind text not null,
  status text not null default 'pending',
  knowledge_entry_id uuid,
  conversation_id uuid not null,
  question_message_id uuid not null,
  answer_message_id uuid not null,
  question text not null,
  answer text not null,
  language text not null default 'en',
  proposed_title text,
  proposed_content text,
  decided_by text,
  decided_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint knowledge_suggestions_kind_check check (kind in ('example_question', 'new_entry')),
  constraint knowledge_suggestions_status_check check (status in ('pending', 'accepted', 'dismissed')),
  -- An example question names its entry; a new entry names the one its acceptance created.
  constraint knowledge_suggestions_entry_check check (kind = 'new_entry' or knowledge_entry_id is not null),
  constraint knowledge_suggestions_question_message_id_key unique (organization_id, question_message_id),
  constraint knowledge_suggestions_entry_fkey foreign key (organization_id, knowledge_entry_id)
    references knowledge_entries (organization_id, id) on delete cascade,
  constraint knowledge_suggestions_conversation_fkey foreign key (organization_id, conversation_id)
    references conversations (organization_id, id) on delete cascade
);
create index knowledge_suggestions_status_idx on knowledge_suggestions (organization_id, status, created_at desc);
create trigger knowledge_suggestions_set_updated_at before update on knowledge_suggestions
  for each row execute function set_updated_at();

alter table messages add column language text;
alter table conversations add column language text;
