-- Lexical retrieval with the same results in less time (a knowledge turn had become slower than
-- before the ranking work; bench/README.md). The function of 0025, changed only where it repeated
-- work per question:
--   the synonyms of the default lexicon are stemmed once, when stored (lexicon_words.synonym_lexemes),
--     not on every question;
--   the entries' vocabulary (every word they have) is collected only for a word that may be a typo:
--     a word the entries have verbatim has its stem in them too, which the typo check already asks;
--   each question word is stemmed once (stemmed is materialized, not inlined into each use);
--   the question's adjacent word pairs and their phrase queries are made once, not per entry;
--   the echo compares without lower(): pg_trgm's trigrams ignore case already;
--   the candidates come back as one json value (in order), not as rows of fourteen columns each.
-- Its results are those of 0025 on every question of the answers evaluation (development and
-- held-out, in the detected language and with none).

-- Each term's first lexeme in a language as to_tsvector orders them (alphabetically), null for a
-- stop word: what the synonyms of a question word stood for at query time.
create function first_lexemes(language text, terms text[]) returns text[]
language sql immutable parallel safe as $$
  select array(select (tsvector_to_array(to_tsvector(text_search_config(language), term)))[1] from unnest(terms) term)
$$;

alter table lexicon_words add column synonym_lexemes text[] generated always as (first_lexemes(language, synonyms)) stored;

drop function lexical_candidates(uuid, text, text, text[], uuid[], int, text[], text[], text[]);

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
) returns table (result json)
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
  stemmed as materialized (
    select t.position, t.word, l.language, (tsvector_to_array(to_tsvector(text_search_config(l.language), t.word)))[1] as stem
    from tokens t cross join languages l
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
        and length(s.word) >= 4 and s.word !~ '^[0-9]+$'
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
    select c.position, c.language, synonym, 0.5 * c.certainty
    from concepts c join lexicon_words x on x.language = c.language and x.lexeme = c.stem
      cross join unnest(x.synonym_lexemes) synonym
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
  pairs as materialized (
    select a.language, to_tsquery('simple', quote_literal(a.stem) || ' <-> ' || quote_literal(b2.stem)) as phrase
    from concepts a join concepts b2 on b2.language = a.language and b2.position > a.position
    where a.stem is not null and b2.stem is not null
      and not exists (select 1 from concepts between_them where between_them.language = a.language
        and between_them.stem is not null and between_them.position > a.position and between_them.position < b2.position)
  )
  select coalesce(json_agg(r order by r.bm25 desc, r.id), '[]') from (
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
      where p.language = s.language and k.search_vector @@ p.phrase
    ) ph on true
    cross join lateral (
      select max(similarity(asked, question)) as similarity
      from unnest(array[k.title] || k.example_questions) asked
    ) echo
  order by bm25 desc, k.id
  limit result_limit
  ) r;
end
$$;
