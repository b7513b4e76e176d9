import { type Database, schema } from "@frontdesk/db";
import { sql } from "drizzle-orm";
import type { EscalationPhrase } from "../conversation/escalation-phrase.ts";

/**
 * The escalation phrases an organization's conversations use, as one statement for a batch: the
 * default lexicon less the phrases it silences, and its own.
 */
export function escalationPhrasesQuery(db: Database, organizationId: string) {
  const d = schema.defaultEscalationPhrases;
  const r = schema.escalationRules;
  return db.execute<EscalationPhrase & Record<string, unknown>>(sql`
    select ${d.language} as language, ${d.category} as category, ${d.phrase} as phrase, ${d.priority} as priority
    from ${d}
    where not exists (select 1 from ${r} where ${r.organizationId} = ${organizationId} and ${r.action} = 'ignore'
      and ${r.language} = ${d.language} and ${r.category} = ${d.category}
      and (${d.phrase} = any(${r.phrases}) or '*' = any(${r.phrases})))
    union all
    select ${r.language}, ${r.category}, lower(unnest(${r.phrases})), ${r.priority}
    from ${r}
    where ${r.organizationId} = ${organizationId} and ${r.action} = 'escalate'`);
}
