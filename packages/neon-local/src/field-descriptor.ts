import type { FieldDescriptor } from "./types.ts";

/** A RowDescription field as either backend's client library reports it. */
interface RowDescriptionField {
  name: string;
  tableID: number;
  columnID: number;
  dataTypeID: number;
  dataTypeSize: number;
  dataTypeModifier: number;
  format: number | string;
}

/** The descriptor node-postgres reports: the wire (and PGlite) carries 0/1, node-postgres names the format. */
export function describeField(field: RowDescriptionField): FieldDescriptor {
  const format = field.format === 0 ? "text" : field.format === 1 ? "binary" : String(field.format);
  return {
    name: field.name,
    tableID: field.tableID,
    columnID: field.columnID,
    dataTypeID: field.dataTypeID,
    dataTypeSize: field.dataTypeSize,
    dataTypeModifier: field.dataTypeModifier,
    format,
  };
}
