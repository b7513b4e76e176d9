import { type FieldDeclaration, type FieldType, fieldDeclaration } from "../conversation/field-declaration.ts";

/** One piece of data a stage needs. */
export interface FieldSpec {
  name: string;
  label: string;
  type: FieldType;
  options?: string[];
}

const labelOf = (name: string) => name.replaceAll("_", " ");

/** A field nobody typed: contact fields by their usual names, a time by its suffix, otherwise free text. */
function inferredType(name: string): FieldType {
  if (name === "email" || name.endsWith("_email")) return "email";
  if (name === "phone" || name.endsWith("_phone")) return "phone";
  if (name === "name" || name === "full_name") return "name";
  if (name.endsWith("_time") || name.endsWith("_datetime")) return "datetime";
  if (name.endsWith("_date")) return "date";
  return "text";
}

/** Options an extraction template lists in parentheses ("bike type (road, gravel, e-bike)"). */
function listedOptions(label: string, extractionPrompt: string | null): string[] | undefined {
  if (!extractionPrompt) return undefined;
  const listed = new RegExp(`${label.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\s*\\(([^)]+)\\)`, "i").exec(
    extractionPrompt,
  );
  const options = listed?.[1]
    ?.split(",")
    .map((option) => option.trim().toLowerCase())
    .filter(Boolean);
  return options && options.length > 1 ? options : undefined;
}

/**
 * The stage's required fields with their types: as declared, else by name; a text field whose
 * options the extraction template lists is a choice, so a tenant's own lists work without typing.
 */
export function fieldSpecs(
  requiredFields: string[],
  extractionPrompt: string | null,
  declared: Record<string, FieldDeclaration> = {},
): FieldSpec[] {
  return requiredFields.map((name) => {
    const declaration = Object.hasOwn(declared, name) ? declared[name] : undefined;
    const label = declaration?.label ?? labelOf(name);
    const type = declaration?.type ?? inferredType(name);
    const options =
      declaration?.options?.map((option) => option.toLowerCase()) ??
      (type === "text" ? listedOptions(labelOf(name), extractionPrompt) : undefined);
    if (options) return { name, label, type: "choice", options };
    return { name, label, type };
  });
}

/** The declarations a stage stores, dropping any that do not parse (a stage written before a type existed). */
export function parseDeclarations(stored: Record<string, unknown>): Record<string, FieldDeclaration> {
  const declarations: Record<string, FieldDeclaration> = {};
  for (const [name, value] of Object.entries(stored)) {
    const parsed = fieldDeclaration.safeParse(value);
    if (parsed.success) Object.defineProperty(declarations, name, { value: parsed.data, enumerable: true });
  }
  return declarations;
}
