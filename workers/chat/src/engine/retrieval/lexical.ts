import type { Database } from "@frontdesk/db";
import { type SQL, sql } from "drizzle-orm";
import { fillerWords, shorthandWords } from "./fillers.ts";
import { type KnowledgeScope, scopeCondition } from "./scope.ts";

/** A published knowledge entry as retrieval returns it. */
export interface EntrySummary {
  id: string;
  title: string;
  content: string;
  category: string | null;
  intent: string | null;
  sourceUrl: string | null;
  /** The entry's language (ISO 639-1). */
  language: string;
}

/** What lexical retrieval knows about one entry for one question. */
export interface LexicalCandidate extends EntrySummary {
  /** BM25F over the entry's weighted fields, each question word counted once (through its best form). */
  bm25: number;
  /** The share of the question's meaning (its words weighted by rarity) the entry contains, 0..1. */
  coverage: number;
  /** The same share counted in the title and example questions only. */
  questionCoverage: number;
  /** The sum of the question's word weights (how much the question says, in rarity). */
  questionWeight: number;
  /** The largest share of the question's meaning held by one word the entry lacks, 0..1. */
  missing: number;
  /** How closely the question echoes the entry's title or one of its example questions (trigram similarity). */
  echo: number;
  /** How many adjacent word pairs of the question the entry has as a phrase. */
  phrases: number;
}

/** An entry's summary columns as a raw statement returns them. */
export interface EntryRow extends Record<string, unknown> {
  id: string;
  title: string;
  content: string;
  category: string | null;
  intent: string | null;
  source_url: string | null;
  language: string;
}

export const entrySummary = (row: EntryRow): EntrySummary => ({
  id: row.id,
  title: row.title,
  content: row.content,
  category: row.category,
  intent: row.intent,
  sourceUrl: row.source_url,
  language: row.language,
});

interface CandidateRow extends EntryRow {
  bm25: number;
  coverage: number;
  question_coverage: number;
  question_weight: number;
  missing: number;
  phrases: number;
  echo: number;
}

/** BM25's term-frequency saturation and length normalisation; entries are short, so length counts little. */
const k1 = 1.2;
const b = 0.4;
/** A word the entries do not contain but one of their words resembles (pg_trgm similarity). */
const typoSimilarity = 0.45;
/** How much a synonym counts against the word itself: an organization's own sets, the default lexicon. */
const organizationSynonymWeight = 0.9;
const lexiconSynonymWeight = 0.5;
/**
 * A word neither the knowledge base nor the lexicon knows (a number, a name, slang, a typo, a word
 * of a language without a lexicon) counts this share of a rare word's weight: it may be as common
 * as "kaufen" or as telling as "Roller".
 */
const unchartedWordWeight = 0.5;
/** What a question worded like the title or an example question adds to the score. */
const echoWeight = 3;

/**
 * The lexeme of one word of letters and digits (the question's words, the lexicon's synonyms) in a
 * language: what `term_lexemes(language, array[word])[1]` answers, since such a word has one lexeme
 * at most, as an expression the planner inlines instead of a function call per row (less than half
 * the cost on PGlite). A hyphenated word ("e-mail": "e-mail", "e", "mail") needs `term_lexemes`,
 * which takes the first by position.
 */
const wordLexeme = (language: SQL, word: SQL) =>
  sql`(tsvector_to_array(to_tsvector(text_search_config(${language}), ${word})))[1]`;

/**
 * Lexical retrieval in one statement, all in Postgres:
 * 1. the question's words, each corrected to the closest word of the entries in the customer's
 *    language when they have neither it nor its stem (pg_trgm finds the candidates; the correction
 *    counts by the share of letters right, Levenshtein); a word written without its hyphen
 *    ("email" for "E-Mail") is the same word;
 * 2. each word's forms per language of the knowledge base: its stem in that language, the stems of
 *    its synonyms (the organization's sets, and for English the default lexicon) at a lower weight;
 *    stop words and chat filler carry no meaning and are dropped;
 * 3. BM25F over the entries that contain any form: a form's frequency is weighted by field (title
 *    and example questions 3, keywords and tags 2, content 1) before saturation; a word counts once,
 *    through its best form; a word's weight is its rarity (IDF) among the entries of that language;
 * 4. a bonus for adjacent question words the entry has as a phrase ("30 minutes", "gift card"), and
 *    one for a question worded like the entry's title or an example question (trigram similarity).
 * Candidates come from the GIN index; the rest is arithmetic over a few rows.
 */
export async function lexicalCandidates(
  db: Database,
  organizationId: string,
  question: string,
  limit: number,
  options: LexicalOptions = {},
): Promise<LexicalCandidate[]> {
  const result = await db.execute<CandidateRow>(lexicalStatement(organizationId, question, limit, options));
  return result.rows.map((row) => ({
    ...entrySummary(row),
    bm25: Number(row.bm25),
    coverage: Number(row.coverage ?? 0),
    questionCoverage: Number(row.question_coverage ?? 0),
    questionWeight: Number(row.question_weight ?? 0),
    missing: Number(row.missing ?? 0),
    phrases: Number(row.phrases),
    echo: Number(row.echo ?? 0),
  }));
}

export interface LexicalOptions {
  scope?: KnowledgeScope;
  language?: string | null;
}

/** The statement of {@link lexicalCandidates}, for it to run and for tests to explain. */
export function lexicalStatement(
  organizationId: string,
  question: string,
  limit: number,
  options: LexicalOptions = {},
): SQL {
  const fillers = sql`${`{${fillerWords.join(",")}}`}::text[]`;
  const shorthand = Object.entries(shorthandWords);
  const shortForms = sql`${`{${shorthand.map(([short]) => short).join(",")}}`}::text[]`;
  const longForms = sql`${`{${shorthand.map(([, long]) => long).join(",")}}`}::text[]`;
  // Constants of the formula, inlined as numbers (bound parameters would need casts).
  const [K1, B, TYPO, ORGANIZATION, LEXICON, UNCHARTED, ECHO] = [
    k1,
    b,
    typoSimilarity,
    organizationSynonymWeight,
    lexiconSynonymWeight,
    unchartedWordWeight,
    echoWeight,
  ].map((value) => sql.raw(String(value)));
  return sql`
    with
    entries as (
      select id, language, search_vector, search_words
      from knowledge_entries where organization_id = ${organizationId} and ${scopeCondition(options.scope)}
    ),
    -- Read from the table rather than from entries so that the planner counts a few languages, not
    -- one per entry: its estimate multiplies every later step, and a statement estimated above
    -- jit_above_cost is JIT-compiled, which takes seconds.
    languages as (
      select language, count(*)::float8 as n, avg(length(search_vector))::float8 as average_length
      from knowledge_entries where organization_id = ${organizationId} and ${scopeCondition(options.scope)}
      group by language
    ),
    -- The words typos are corrected to: those of the customer's language (every language's while it is unknown).
    vocabulary as (
      select distinct language, unnest(search_words) as word from entries
      where language = coalesce(${options.language ?? null}::text, language)
    ),
    -- unnest of an array the planner folds is counted exactly; regexp_split_to_table is guessed at 1,000 rows.
    tokens as (
      select coalesce(s.long_form, t.raw) as word, min(position) as position
      from unnest(regexp_split_to_array(lower(left(${question}, 500)), '[^[:alnum:]]+')) with ordinality as t(raw, position)
        left join unnest(${shortForms}, ${longForms}) as s(short_form, long_form) on s.short_form = t.raw
      where t.raw <> '' and not (t.raw = any(${fillers}))
        -- The business's own name says nothing about what is asked ("where is Northwind Cycles").
        and not (t.raw = any(coalesce((select regexp_split_to_array(lower(name), '[^[:alnum:]]+')
          from organizations where id = ${organizationId}), '{}')))
      group by 1
    ),
    stemmed as (
      select t.position, t.word, l.language, ${wordLexeme(sql`l.language`, sql`t.word`)} as stem,
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
          and s.language = coalesce(${options.language ?? null}::text, s.language)
          and length(s.word) >= 4 and s.word !~ '^[0-9]+$' and not s.known
          -- An inflection of a word the entries have ("Gutscheine" for "Gutschein") is no typo.
          and not exists (select 1 from entries e where e.language = s.language
            and e.search_vector @@ to_tsquery('simple', quote_literal(s.stem)))
          -- "email" is the entries' "E-Mail" written without its hyphen, not a typo of it.
          and (v.joined or (v.word % s.word and similarity(v.word, s.word) >= ${TYPO}))
        order by v.joined desc, similarity(v.word, s.word) desc, v.word limit 1
      ) fix on true
    ),
    forms as (
      select position, language, stem as lexeme, certainty as weight from concepts where stem is not null
      union all
      select c.position, c.language, unnest(s.lexemes), ${ORGANIZATION} * c.certainty
      from concepts c join synonym_sets s
        on s.organization_id = ${organizationId} and s.language = c.language and s.lexemes @> array[c.stem]
      where c.stem is not null
      union all
      select c.position, c.language, ${wordLexeme(sql`c.language`, sql`synonym`)}, ${LEXICON} * c.certainty
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
            ${UNCHARTED})
        ) as idf
      from concepts c join languages l using (language)
        left join frequency fq on fq.language = c.language and fq.lexeme = c.stem
      where c.stem is not null
    ),
    concept_matches as (
      select m.id, f.position,
        max(f.weight * m.tf * (${K1} + 1) / (m.tf + ${K1} * (1 - ${B} + ${B} * m.length / l.average_length))) as saturated,
        max(f.weight * least(1, m.tf * (${K1} + 1) / (m.tf + ${K1} * (1 - ${B} + ${B} * m.length / l.average_length)))) as covered,
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
      s.bm25 + 0.5 * coalesce(ph.phrases, 0) + ${ECHO} * echo.similarity as bm25,
      echo.similarity as echo,
      s.matched / nullif(s.total, 0) as coverage,
      s.matched_in_question / nullif(s.total, 0) as question_coverage,
      s.total as question_weight,
      s.missing / nullif(s.total, 0) as missing,
      coalesce(ph.phrases, 0) as phrases
    from scored s join knowledge_entries k on k.organization_id = ${organizationId} and k.id = s.id
      left join lateral (
        select count(*)::int as phrases from pairs p
        where p.language = s.language and k.search_vector @@ to_tsquery('simple', quote_literal(p.first) || ' <-> ' || quote_literal(p.second))
      ) ph on true
      cross join lateral (
        select max(similarity(lower(asked), lower(${question}::text))) as similarity
        from unnest(array[k.title] || k.example_questions) asked
      ) echo
    order by bm25 desc, k.id
    limit ${limit}`;
}
