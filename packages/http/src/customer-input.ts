import * as z from "./zod.ts";

/** How a caller names a customer: any of these finds them through their identities (or creates them). */
export const customerInput = z
  .object({
    externalId: z.string().trim().min(1).max(200).optional(),
    email: z.email().max(320).optional(),
    phone: z
      .string()
      .regex(/^\+?[0-9 ().-]{6,20}$/, "a phone number")
      .optional(),
    name: z.string().trim().min(1).max(200).optional(),
  })
  .strict();
