import type { FieldType } from "../conversation/field-declaration.ts";
import type { FieldSpec } from "./fields.ts";

export { type FieldSpec, fieldSpecs } from "./fields.ts";

export const emailPattern = /[A-Z0-9._%+-]+@[A-Z0-9.-]+\.[A-Z]{2,}/i;
export const phonePattern = /(?:\+?\d[\d\s().-]{6,}\d)/;
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

const monthNames = [
  ["january", "januar"],
  ["february", "februar"],
  ["march", "märz", "maerz"],
  ["april"],
  ["may", "mai"],
  ["june", "juni"],
  ["july", "juli"],
  ["august"],
  ["september"],
  ["october", "oktober"],
  ["november"],
  ["december", "dezember"],
];
/** 1-12 for a month's name or its abbreviation (three letters or more), English or German. */
const monthOf = (word: string) => {
  const abbreviation = word.toLowerCase().replace(/\.$/, "");
  if (abbreviation.length < 3) return undefined;
  const index = monthNames.findIndex((names) => names.some((name) => name.startsWith(abbreviation)));
  return index === -1 ? undefined : index + 1;
};
const monthWord = String.raw`([A-Za-zäÄ]{3,9}\.?)`;

/** A real calendar date as YYYY-MM-DD; two-digit years are the most recent such year. */
function isoDate(year: number, month: number, day: number): string | undefined {
  const fullYear = year < 100 ? (year <= new Date().getUTCFullYear() % 100 ? 2000 + year : 1900 + year) : year;
  const date = new Date(Date.UTC(fullYear, month - 1, day));
  if (date.getUTCFullYear() !== fullYear || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day)
    return undefined;
  return date.toISOString().slice(0, 10);
}

const isoDatePattern = /\b(\d{4})-(\d{1,2})-(\d{1,2})\b/;
const numericDatePattern = /\b(\d{1,2})[/.](\d{1,2})[/.](\d{2}|\d{4})\b/;
const dayFirstPattern = new RegExp(
  String.raw`\b(\d{1,2})(?:st|nd|rd|th)?\.?\s+(?:of\s+)?${monthWord},?\s+(\d{4})\b`,
  "i",
);
const monthFirstPattern = new RegExp(String.raw`\b${monthWord}\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b`, "i");

/** A date written out: 1985-03-14, 14/03/1985 (day first), 14.3.85, 14 March 1985, March 14th, 1985. */
function parseDate(text: string): string | undefined {
  const iso = isoDatePattern.exec(text);
  if (iso) return isoDate(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  const numeric = numericDatePattern.exec(text);
  if (numeric) return isoDate(Number(numeric[3]), Number(numeric[2]), Number(numeric[1]));
  const dayFirst = dayFirstPattern.exec(text);
  if (dayFirst) {
    const month = monthOf(dayFirst[2] ?? "");
    if (month) return isoDate(Number(dayFirst[3]), month, Number(dayFirst[1]));
  }
  const monthFirst = monthFirstPattern.exec(text);
  if (monthFirst) {
    const month = monthOf(monthFirst[1] ?? "");
    if (month) return isoDate(Number(monthFirst[3]), month, Number(monthFirst[2]));
  }
  return undefined;
}

/** Everything with digits that is not a bare number: an email, a phone, a date, a time. */
const digitBearing = [
  emailPattern,
  phonePattern,
  isoDatePattern,
  numericDatePattern,
  dayFirstPattern,
  monthFirstPattern,
  timePattern,
];
const withoutDigitBearing = (text: string) =>
  digitBearing.reduce((rest, pattern) => rest.replace(new RegExp(pattern.source, `${pattern.flags}g`), " "), text);

/** A phone number as +digits (international) or digits (national), 7 to 15 of them (E.164's limit). */
function parsePhone(text: string): string | undefined {
  const found = phonePattern.exec(text.replace(emailPattern, ""))?.[0];
  if (!found) return undefined;
  // "+44 (0)7700 …": the national trunk prefix is not dialled from abroad.
  const digits = found.replace(/\(0\)/g, "").replace(/\D/g, "");
  if (digits.length < 7 || digits.length > 15) return undefined;
  return found.trim().startsWith("+") ? `+${digits}` : digits;
}

const extractors: Record<Exclude<FieldType, "choice" | "text">, Extractor> = {
  email: (text) => emailPattern.exec(text)?.[0].toLowerCase(),
  phone: parsePhone,
  name: (text) => {
    const leadIn = nameLeadIn.exec(text);
    return leadIn ? capitalisedWords.exec(text.slice(leadIn.index + leadIn[0].length))?.[1] : undefined;
  },
  date: parseDate,
  datetime: (text) => timePattern.exec(text)?.[1]?.replace(/\s+/g, " "),
  number: (text) => /(?<![\d.])\d+(?:[.,]\d+)?(?![\d.])/.exec(text)?.[0].replace(",", "."),
};

/** The recogniser of a field's type; choice and free-text fields have none (options, bare answers). */
const extractorFor = (spec: FieldSpec): Extractor | undefined =>
  spec.type === "choice" || spec.type === "text" ? undefined : extractors[spec.type];

/** Contact details are taken whenever they are given, whether or not the stage asks for them. */
const contactSpecs: FieldSpec[] = [
  { name: "name", label: "name", type: "name" },
  { name: "email", label: "email", type: "email" },
  { name: "phone", label: "phone", type: "phone" },
];

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
/** The text without the values other fields took; values may be normalised, so found in any case. */
function withoutValues(text: string, taken: string[]): string {
  let rest = text;
  for (const value of taken) {
    const at = rest.toLowerCase().indexOf(value.toLowerCase());
    if (at !== -1) rest = `${rest.slice(0, at)} ${rest.slice(at + value.length)}`;
  }
  return rest;
}

function remainder(text: string, taken: string[]): string {
  return withoutValues(text, taken)
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
  const wanted = [...specs, ...contactSpecs.filter((contact) => !specs.some((spec) => spec.name === contact.name))];
  for (const spec of wanted) {
    if (own(known, spec.name) || own(found, spec.name) || spec.type === "number") continue;
    const value = extractorFor(spec)?.(content);
    if (value) put(found, spec.name, value);
  }
  // A bare number means something only as the answer to a question about it, and never a digit of
  // a phone, a date or a time just taken.
  for (const spec of wanted) {
    if (spec.type !== "number" || own(known, spec.name) || !askedFor.includes(spec.name)) continue;
    const value = extractors.number(withoutDigitBearing(content));
    if (value) put(found, spec.name, value);
  }
  for (const spec of specs) {
    if (own(known, spec.name) || own(found, spec.name) || !spec.options) continue;
    const lower = content.toLowerCase();
    const option = spec.options.find((choice) => containsWords(lower, choice));
    if (option) put(found, spec.name, option);
  }
  // Free text can answer a field no pattern recognises (an issue), or a name given bare ("Jo Bloggs").
  const specOf = (name: string) => wanted.find((spec) => spec.name === name);
  const openQuestions = askedFor.filter((name) => {
    const spec = specOf(name);
    return (
      !own(known, name) && !own(found, name) && (spec === undefined || spec.type === "text" || spec.type === "name")
    );
  });
  const rest = remainder(content, Object.values(found));
  if (openQuestions.length === 1 && openQuestions[0] && rest.length >= 2) {
    const field = openQuestions[0];
    if (specOf(field)?.type !== "name") put(found, field, rest);
    else if (/^[A-Za-z'-]+(?: [A-Za-z'-]+){0,2}$/.test(rest)) put(found, field, titleCase(rest));
  }
  return found;
}

/**
 * The fields the last reply asked for that this message answered with something their type does
 * not accept ("jo at example" for an email, "the 31st of February" for a date): asked again.
 */
export function rejectedAnswers(
  content: string,
  specs: FieldSpec[],
  askedFor: string[],
  found: Record<string, string>,
): FieldSpec[] {
  if (Object.keys(found).length > 0 || content.trim().endsWith("?")) return [];
  return specs.filter(
    (spec) =>
      askedFor.includes(spec.name) &&
      !own(found, spec.name) &&
      (spec.type === "email" || spec.type === "phone" || spec.type === "date" || spec.type === "number"),
  );
}

function titleCase(text: string): string {
  return text
    .split(" ")
    .slice(0, 3)
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join(" ");
}
