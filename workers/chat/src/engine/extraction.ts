/** One piece of data a stage needs, with the choices its extraction template lists, if any. */
export interface FieldSpec {
  name: string;
  label: string;
  options?: string[];
}

const labelOf = (name: string) => name.replaceAll("_", " ");

/**
 * The stage's required fields, each with the options its extraction template names in
 * parentheses ("bike type (road, gravel, mountain, city, e-bike)"), so a tenant's own enums work.
 */
export function fieldSpecs(requiredFields: string[], extractionPrompt: string | null): FieldSpec[] {
  return requiredFields.map((name) => {
    const label = labelOf(name);
    const listed = extractionPrompt
      ? new RegExp(`${label.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\s*\\(([^)]+)\\)`, "i").exec(extractionPrompt)
      : null;
    const options = listed?.[1]
      ?.split(",")
      .map((option) => option.trim().toLowerCase())
      .filter(Boolean);
    return options && options.length > 1 ? { name, label, options } : { name, label };
  });
}

const emailPattern = /[A-Z0-9._%+-]+@[A-Z0-9.-]+\.[A-Z]{2,}/i;
const phonePattern = /(?:\+?\d[\d\s().-]{6,}\d)/;
const nameLeadIn = /\b(?:my name is|my name's|i am|i'm|this is|call me|name:)\s+/i;
/** Capitalised words right after the lead-in ("I'm Jo Bloggs, ..."): "i'm looking for" is not a name. */
const capitalisedWords = /^([A-Z][a-zA-Z'-]+(?:\s+[A-Z][a-zA-Z'-]+){0,2})/;
const dayWords =
  "today|tomorrow|monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|wed|thu|fri|sat|next week|this week|weekend";
const timePattern = new RegExp(
  `\\b((?:${dayWords})(?:\\s+(?:morning|afternoon|evening|at\\s+\\d{1,2}(?::\\d{2})?\\s*(?:am|pm)?|\\d{1,2}(?::\\d{2})?\\s*(?:am|pm)))?|\\d{1,2}(?::\\d{2})?\\s*(?:am|pm)|\\d{1,2}:\\d{2})\\b`,
  "i",
);

type Extractor = (text: string) => string | undefined;

const extractors: Record<string, Extractor> = {
  email: (text) => emailPattern.exec(text)?.[0].toLowerCase(),
  phone: (text) => {
    const found = phonePattern.exec(text.replace(emailPattern, ""))?.[0];
    return found && found.replace(/\D/g, "").length >= 7 ? found.trim() : undefined;
  },
  name: (text) => {
    const leadIn = nameLeadIn.exec(text);
    return leadIn ? capitalisedWords.exec(text.slice(leadIn.index + leadIn[0].length))?.[1] : undefined;
  },
  preferred_time: (text) => timePattern.exec(text)?.[1],
};

// Field names come from tenants' stages: `constructor` is a field like any other, not Object's.
const extractorOf = (name: string): Extractor | undefined =>
  Object.hasOwn(extractors, name) ? extractors[name] : undefined;

const own = (record: Record<string, string>, key: string): string | undefined =>
  Object.hasOwn(record, key) ? record[key] : undefined;

/** Sets a field as an own property, even one named `__proto__` (a plain assignment would set the prototype). */
const put = (record: Record<string, string>, key: string, value: string): void => {
  Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
};

/** Words with hyphens and runs of spaces made equal, so "e-bike", "e bike" and "ebike" compare alike. */
const normalizeWords = (text: string) =>
  text
    .toLowerCase()
    .replace(/[-\s]+/g, " ")
    .trim();
const isWordChar = (char: string | undefined) => char !== undefined && /[\p{L}\p{N}_]/u.test(char);

/**
 * Whether `text` contains `phrase` as whole words. Options are a tenant's own text: they are
 * compared as text, never compiled into a regular expression.
 */
export function containsWords(text: string, phrase: string): boolean {
  const haystack = normalizeWords(text);
  const needles = [normalizeWords(phrase), normalizeWords(phrase).replaceAll(" ", "")];
  for (const needle of new Set(needles)) {
    if (!needle) continue;
    for (let at = haystack.indexOf(needle); at !== -1; at = haystack.indexOf(needle, at + 1)) {
      if (!isWordChar(haystack[at - 1]) && !isWordChar(haystack[at + needle.length])) return true;
    }
  }
  return false;
}

/** Removes what other fields took, leaving the words a free-text answer is made of. */
function remainder(text: string, taken: string[]): string {
  let rest = text;
  for (const value of taken) rest = rest.replace(value, " ");
  return rest
    .replace(/\b(?:my name is|i am|i'm|it's|its|and|my email is|email|phone|number)\b/gi, " ")
    .replace(/[\s,;:.!]+/g, " ")
    .trim();
}

/**
 * The data a message gives for the fields still missing. `askedFor` are the fields the previous
 * reply asked for: a bare answer ("Jo Bloggs") fills the one free-text field that was asked.
 */
export function extractData(
  content: string,
  specs: FieldSpec[],
  askedFor: string[],
  known: Record<string, string>,
): Record<string, string> {
  const found: Record<string, string> = {};
  const wanted = new Set([...specs.map((spec) => spec.name), "name", "email", "phone"]);
  for (const name of wanted) {
    if (own(known, name)) continue;
    const value = extractorOf(name)?.(content);
    if (value) put(found, name, value);
  }
  for (const spec of specs) {
    if (own(known, spec.name) || own(found, spec.name) || !spec.options) continue;
    const lower = content.toLowerCase();
    const option = spec.options.find((choice) => containsWords(lower, choice));
    if (option) put(found, spec.name, option);
  }
  // Free text can answer a field no pattern recognises (an issue), or a name given bare ("Jo Bloggs").
  const openQuestions = askedFor.filter(
    (name) =>
      !own(known, name) &&
      !own(found, name) &&
      (name === "name" || !extractorOf(name)) &&
      !specs.find((spec) => spec.name === name)?.options,
  );
  const rest = remainder(content, Object.values(found));
  if (openQuestions.length === 1 && openQuestions[0] && rest.length >= 2) {
    const field = openQuestions[0];
    if (field !== "name") put(found, field, rest);
    else if (/^[A-Za-z'-]+(?: [A-Za-z'-]+){0,2}$/.test(rest)) put(found, field, titleCase(rest));
  }
  return found;
}

function titleCase(text: string): string {
  return text
    .split(" ")
    .slice(0, 3)
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join(" ");
}
