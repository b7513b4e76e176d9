import type { FieldSpec } from "./fields.ts";

/** "a, b and c" in a language's word for "and". */
export function joinAnd(items: string[], and = "and"): string {
  if (items.length <= 1) return items[0] ?? "";
  return `${items.slice(0, -1).join(", ")} ${and} ${items[items.length - 1]}`;
}

/** A field as a question names it: with its options when it is a choice ("bike type (road, gravel)"). */
export const fieldQuestion = (spec: FieldSpec) =>
  spec.options ? `${spec.label} (${spec.options.join(", ")})` : spec.label;

/** The data gathered, as a reply lists it ("bike type: road; issue: puncture"). */
export const summaryOf = (data: Record<string, string>) =>
  Object.entries(data)
    .map(([key, value]) => `${key.replaceAll("_", " ")}: ${value}`)
    .join("; ");
