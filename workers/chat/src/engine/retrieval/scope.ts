import { sql } from "drizzle-orm";

/** Which entries a search may answer from: a project's categories; a draft's unpublished entries. */
export interface KnowledgeScope {
  /** Only entries in these categories; empty or absent: every category. */
  categories?: string[];
  /** Unpublished entries searched as if published (a draft being simulated). */
  includeEntryIds?: string[];
}

/** The SQL condition of a scope over knowledge_entries' columns. */
export function scopeCondition(scope: KnowledgeScope = {}) {
  const list = (values: string[]) =>
    sql.join(
      values.map((value) => sql`${value}`),
      sql`, `,
    );
  const drafts = scope.includeEntryIds ?? [];
  const published = drafts.length ? sql`(is_published or id in (${list(drafts)}))` : sql`is_published`;
  const categories = scope.categories ?? [];
  return categories.length ? sql`${published} and category in (${list(categories)})` : published;
}
