import type { OutputOptions } from "./request.ts";
import type { FieldDescriptor, TextResult } from "./types.ts";

type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

const numericTypeIds = new Set([21, 23, 26, 700, 701]);
const jsonTypeIds = new Set([114, 3802]);
const boolTypeId = 16;

/** Without raw text output, Neon converts the JSON-native types itself; everything else stays text. */
function toJsonValue(text: string, field: FieldDescriptor): JsonValue {
  if (field.dataTypeID === boolTypeId) return text === "t";
  if (numericTypeIds.has(field.dataTypeID)) return Number(text);
  if (jsonTypeIds.has(field.dataTypeID)) return JSON.parse(text) as JsonValue;
  return text;
}

/** The JSON body for one result, shaped by the Neon-Array-Mode and Neon-Raw-Text-Output headers. */
export function formatResult(result: TextResult, output: OutputOptions) {
  const convert = (row: (string | null)[]): JsonValue[] =>
    row.map((value, index) => {
      const field = result.fields[index];
      return value === null || output.rawTextOutput || !field ? value : toJsonValue(value, field);
    });
  const rows = result.rows.map((row) => {
    const values = convert(row);
    if (output.arrayMode) return values;
    return Object.fromEntries(result.fields.map((field, index) => [field.name, values[index] ?? null]));
  });
  return {
    fields: result.fields,
    command: result.command,
    rowCount: result.rowCount,
    rows,
    rowAsArray: output.arrayMode,
  };
}
