import * as z from "@frontdesk/http/zod";
import { describe, expect, it } from "vitest";
import { rowView } from "../src/table-view.ts";

const schema = z.object({
  id: z.uuid(),
  confidence: z.coerce.number(),
  createdAt: z.string(),
  decidedAt: z.string().nullable(),
});
const view = rowView(schema);
const row = {
  id: "0b7c9f52-8f3e-4c1e-9d0a-3f1f6c2b5e11",
  organizationId: "5d4c1c55-3f6e-4f0a-8a51-6b2f8c7d9e10",
  confidence: "0.875",
  createdAt: new Date("2026-12-06T05:00:00.000Z"),
  decidedAt: null,
};

describe("a row's API view", () => {
  it("shows the schema's fields only, timestamps as ISO strings and numerics as numbers", () => {
    expect(view(row)).toEqual({
      id: row.id,
      confidence: 0.875,
      createdAt: "2026-12-06T05:00:00.000Z",
      decidedAt: null,
    });
  });

  it("refuses a row that does not fit what the view declares, rather than answer with it", () => {
    expect(() => view({ ...row, createdAt: null })).toThrow();
  });
});
