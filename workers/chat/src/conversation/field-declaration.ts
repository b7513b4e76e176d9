import * as z from "@frontdesk/http/zod";

/** The kinds of data a stage can gather; each is recognised, validated and normalised its own way. */
export const fieldTypes = ["text", "name", "email", "phone", "date", "datetime", "choice", "number"] as const;
export type FieldType = (typeof fieldTypes)[number];

/** A field as a stage declares it (`stages.field_types`); undeclared fields are typed by their name. */
export const fieldDeclaration = z
  .object({
    type: z.enum(fieldTypes),
    label: z.string().trim().min(1).max(100).optional(),
    options: z.array(z.string().trim().min(1).max(100)).min(2).max(50).optional(),
  })
  .strict()
  .refine((field) => (field.type === "choice") === (field.options !== undefined), {
    message: "a choice field lists its options (two or more), and only a choice field has options",
  });
export type FieldDeclaration = z.infer<typeof fieldDeclaration>;
