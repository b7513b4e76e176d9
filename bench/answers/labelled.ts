/** A customer's question and the key of the demo knowledge entry that answers it (null: none does). */
export type LabelledQuestion = [question: string, answerKey: string | null];
