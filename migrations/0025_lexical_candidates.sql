-- Lexical retrieval as a function: the statement workers/chat/src/engine/retrieval/lexical.ts
-- describes (typo correction, synonyms, BM25F, phrases, echo), so that Postgres plans it once per
-- connection (a generic plan) instead of on every HTTP query: planning was about 3 ms of a 12 ms
-- statement. Its tuning constants are numbers in the text; changing one is a migration
-- (`create or replace function`).
--   k1 1.2, b 0.4: BM25's saturation and length normalisation (entries are short);
--   0.45: the trigram similarity of a typo to a word of the entries;
--   0.9, 0.5: a synonym's weight from the organization's sets, from the default lexicon;
--   0.5: the share of a rare word's weight for a word neither the entries nor the lexicon know;
--   3: what a question worded like the title or an example question adds.
-- JIT is off for it: a statement the planner estimates above jit_above_cost is compiled on every
-- execution, which took 2.2 s per question on PostgreSQL 15 with 151 organizations analyzed (a
-- generic plan cannot see the question, so its estimates are guesses). Its row estimates are kept
-- honest too: the question's words through unnest (not regexp_split_to_table, guessed at 1,000
-- rows) and the languages from the table's statistics (not one per entry).
-- An earlier version of this function (0025_lexical_candidates_function, reverted) may exist.
drop function if exists lexical_candidates(uuid, text, text, text[], uuid[], int, text[], text[], text[]);

create function lexical_candidates(
  for_organization uuid,
  question text,
  customer_language text,
  in_categories text[],
  drafts uuid[],
  result_limit int,
  fillers text[],
  short_forms text[],
  long_forms text[]
) returns table (
  id uuid, title text, content text, category text, intent text, source_url text, language text,
  bm25 float8, echo real, coverage float8, question_coverage float8, question_weight float8,
  missing float8, phrases int
)
language plpgsql stable
set plan_cache_mode = force_generic_plan
set jit = off
as $$
#variable_conflict use_column
begin
  return query
  with
  entries as (
    select id, language, search_vector, search_words
    from knowledge_entries where organization_id = for_organization and (is_published or id = any(drafts)) and (cardinality(in_categories) = 0 or category = any(in_categories))
  ),
  languages as (
    select language, count(*)::float8 as n, avg(length(search_vector))::float8 as average_length
    from knowledge_entries where organization_id = for_organization and (is_published or id = any(drafts)) and (cardinality(in_categories) = 0 or category = any(in_categories))
    group by language
  ),
  -- The words typos are corrected to: those of the customer's language (every language's while it is unknown).
  vocabulary as (
    select distinct language, unnest(search_words) as word from entries
    where language = coalesce(customer_language, language)
  ),
  tokens as (
    select coalesce(s.long_form, t.raw) as word, min(position) as position
    from unnest(regexp_split_to_array(lower(left(question, 500)), '[^[:alnum:]]+')) with ordinality as t(raw, position)
      left join unnest(short_forms, long_forms) as s(short_form, long_form) on s.short_form = t.raw
    where t.raw <> '' and not (t.raw = any(fillers))
      -- The business's own name says nothing about what is asked ("where is Northwind Cycles").
      and not (t.raw = any(coalesce((select regexp_split_to_array(lower(name), '[^[:alnum:]]+')
        from organizations where id = for_organization), '{}')))
    group by 1
  ),
  stemmed as (
    select t.position, t.word, l.language, (tsvector_to_array(to_tsvector(text_search_config(l.language), t.word)))[1] as stem,
      known.word is not null as known
    from tokens t cross join languages l
      left join vocabulary known on known.language = l.language and known.word = t.word
  ),
  concepts as (
    select s.position, s.language, coalesce(fix.certainty, 1)::float8 as certainty,
      case when fix.word is null then s.stem else (term_lexemes(s.language, array[fix.word]))[1] end as stem
    from stemmed s
    left join lateral (
      select v.word,
        case when v.joined then 1
          else 1 - levenshtein(v.word, s.word)::float8 / greatest(length(v.word), length(s.word)) end as certainty
      from (select word, replace(word, '-', '') = s.word as joined from vocabulary where language = s.language) v
      where s.stem is not null
        -- A typo is a misspelling in the customer's language; in another, the word stands as written.
        and s.language = coalesce(customer_language, s.language)
        and length(s.word) >= 4 and s.word !~ '^[0-9]+$' and not s.known
        -- An inflection of a word the entries have ("Gutscheine" for "Gutschein") is no typo.
        and not exists (select 1 from entries e where e.language = s.language
          and e.search_vector @@ to_tsquery('simple', quote_literal(s.stem)))
        -- "email" is the entries' "E-Mail" written without its hyphen, not a typo of it.
        and (v.joined or (v.word % s.word and similarity(v.word, s.word) >= 0.45))
      order by v.joined desc, similarity(v.word, s.word) desc, v.word limit 1
    ) fix on true
  ),
  forms as (
    select position, language, stem as lexeme, certainty as weight from concepts where stem is not null
    union all
    select c.position, c.language, unnest(s.lexemes), 0.9 * c.certainty
    -- "= any" rather than "@>": the organization's few sets are read by its index, not every
    -- organization's through the lexemes' GIN index (which an analyzed planner prefers).
    from concepts c join synonym_sets s
      on s.organization_id = for_organization and s.language = c.language and c.stem = any(s.lexemes)
    where c.stem is not null
    union all
    select c.position, c.language, (tsvector_to_array(to_tsvector(text_search_config(c.language), synonym)))[1], 0.5 * c.certainty
    from concepts c join lexicon_words x on x.language = c.language and x.lexeme = c.stem
      cross join unnest(x.synonyms) synonym
    where c.stem is not null
  ),
  best_forms as (
    select position, language, lexeme, max(weight) as weight from forms where lexeme is not null
    group by position, language, lexeme
  ),
  -- One query per language: an entry of that language with any of its forms is a candidate.
  queries as (
    select language, to_tsquery('simple', string_agg(distinct quote_literal(lexeme), ' | ')) as query
    from best_forms group by language
  ),
  matching as (
    select e.id, e.language, length(e.search_vector)::float8 as length, p.lexeme,
      (select sum(case w when 'A' then 3 when 'B' then 2 else 1 end) from unnest(p.weights) w)::float8 as tf,
      (select count(*) from unnest(p.weights) w where w = 'A')::float8 as tf_question
    from entries e join queries q on q.language = e.language and e.search_vector @@ q.query
      cross join lateral unnest(e.search_vector) p
    where exists (select 1 from best_forms f where f.language = e.language and f.lexeme = p.lexeme)
  ),
  frequency as (select language, lexeme, count(*)::float8 as df from matching group by language, lexeme),
  weights as materialized (
    select c.position, c.language,
      least(
        ln(1 + (l.n - coalesce(fq.df, 0) + 0.5) / (coalesce(fq.df, 0) + 0.5)),
        ln(1 + (l.n + 0.5) / 0.5) * coalesce((
          select greatest(0.05, least(1, (ln(1000000 / (max(x.frequency) + 0.02)) - 6) / 6))
          from lexicon_words x where x.language = c.language and x.lexeme = c.stem having count(*) > 0),
          0.5)
      ) as idf
    from concepts c join languages l using (language)
      left join frequency fq on fq.language = c.language and fq.lexeme = c.stem
    where c.stem is not null
  ),
  concept_matches as (
    select m.id, f.position,
      max(f.weight * m.tf * (1.2 + 1) / (m.tf + 1.2 * (1 - 0.4 + 0.4 * m.length / l.average_length))) as saturated,
      max(f.weight * least(1, m.tf * (1.2 + 1) / (m.tf + 1.2 * (1 - 0.4 + 0.4 * m.length / l.average_length)))) as covered,
      max(f.weight * least(m.tf_question, 1)) as in_question
    from matching m join best_forms f on f.language = m.language and f.lexeme = m.lexeme
      join languages l on l.language = m.language
    group by m.id, f.position
  ),
  -- An entry's score sums over the question's concepts: what its matches add, and the largest
  -- share of meaning it lacks (a concept it does not match lacks all of its weight).
  entry_matches as (
    select cm.id, e.language,
      sum(w.idf * cm.saturated) as bm25,
      sum(w.idf * cm.covered) as matched,
      sum(w.idf * cm.in_question) as matched_in_question,
      max(w.idf * (1 - cm.covered)) as missing_matched,
      array_agg(cm.position) as positions
    from concept_matches cm join entries e on e.id = cm.id
      join weights w on w.language = e.language and w.position = cm.position
    group by cm.id, e.language
  ),
  totals as (select language, sum(idf) as total from weights group by language),
  scored as (
    select m.id, m.language, m.bm25, m.matched, m.matched_in_question, t.total,
      greatest(m.missing_matched, (select max(w.idf) from weights w
        where w.language = m.language and not (w.position = any(m.positions)))) as missing
    from entry_matches m join totals t on t.language = m.language
  ),
  pairs as (
    select a.language, a.stem as first, b2.stem as second
    from concepts a join concepts b2 on b2.language = a.language and b2.position > a.position
    where a.stem is not null and b2.stem is not null
      and not exists (select 1 from concepts between_them where between_them.language = a.language
        and between_them.stem is not null and between_them.position > a.position and between_them.position < b2.position)
  )
  select k.id, k.title, k.content, k.category, k.intent, k.source_url, k.language,
    s.bm25 + 0.5 * coalesce(ph.phrases, 0) + 3 * echo.similarity as bm25,
    echo.similarity as echo,
    s.matched / nullif(s.total, 0) as coverage,
    s.matched_in_question / nullif(s.total, 0) as question_coverage,
    s.total as question_weight,
    s.missing / nullif(s.total, 0) as missing,
    coalesce(ph.phrases, 0) as phrases
  from scored s join knowledge_entries k on k.organization_id = for_organization and k.id = s.id
    left join lateral (
      select count(*)::int as phrases from pairs p
      where p.language = s.language and k.search_vector @@ to_tsquery('simple', quote_literal(p.first) || ' <-> ' || quote_literal(p.second))
    ) ph on true
    cross join lateral (
      select max(similarity(lower(asked), lower(question::text))) as similarity
      from unnest(array[k.title] || k.example_questions) asked
    ) echo
  order by bm25 desc, k.id
  limit result_limit;
end
$$;
