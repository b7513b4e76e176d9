import type { escalationCategories, escalationPriorities } from "@frontdesk/db/schema";

export type EscalationCategory = (typeof escalationCategories)[number];
export type EscalationPriority = (typeof escalationPriorities)[number];

/** A phrase that hands a conversation over at once (the default lexicon's, or an organization's rule). */
export interface EscalationPhrase {
  language: string;
  category: EscalationCategory;
  phrase: string;
  priority: EscalationPriority;
}
