import { env } from "cloudflare:test";
import { createDb } from "@frontdesk/db";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { call, createDemoOrganization, say, startConversation } from "./support.ts";

interface Run {
  id: string;
  passed: number;
  failed: number;
  passRate: number | null;
  published: boolean;
  results: {
    name: string;
    passed: boolean;
    turns: { message: string; reply: string | null; tools: string[]; passed: boolean; failures: string[] }[];
  }[];
  knowledge: {
    entries: number;
    questions: number;
    answered: number;
    unchecked: number;
    failures: { title: string; question: string; answeredFrom: string | null; handover: boolean }[];
  } | null;
}

async function json<T>(response: Response, status = 200): Promise<T> {
  expect(response.status, await response.clone().text()).toBe(status);
  return response.json<T>();
}

const run = async (key: string, body: unknown) =>
  (await json<{ run: Run }>(await call("/v1/simulations/run", { method: "POST", token: key, json: body }))).run;

/** What the organization has written: bookings, leads, tickets and recorded tool calls. */
async function written(organizationId: string) {
  const result = await createDb(env).execute<{ n: number }>(sql`select
      (select count(*) from bookings where organization_id = ${organizationId})
    + (select count(*) from leads where organization_id = ${organizationId})
    + (select count(*) from tickets where organization_id = ${organizationId})
    + (select count(*) from tool_calls where organization_id = ${organizationId})
    + (select count(*) from conversations where organization_id = ${organizationId}) as n`);
  return Number(result.rows[0]?.n);
}

// Every run asks each knowledge entry's title and example questions through real retrieval (the
// built-in guard, 208 questions on the demo data): seconds alone, but one run took 175 s in CI's
// PostgreSQL 15 pass while the fuzzer and the other files shared the server's two cores.
const wholeSuite = { timeout: 300_000 };

describe("simulations before publishing", wholeSuite, () => {
  it("the demo suite passes on the live pipeline, with transcripts, and writes nothing live", async () => {
    const { apiKey, organization } = await createDemoOrganization();
    const before = await written(organization.id);
    const own = await run(apiKey.key, {});
    expect(own.results.filter((result) => !result.passed)).toEqual([]);
    expect(own).toMatchObject({ passed: 5, failed: 0, passRate: 1, published: false });
    const booking = own.results.find((result) => result.name === "Books a repair");
    // The booking ran its tools dry: availability was read, the booking only rehearsed.
    expect(booking?.turns[2]?.tools).toEqual(["capture_lead", "check_availability", "create_booking"]);
    expect(booking?.turns[2]?.reply).toMatch(/You're booked in/);

    const { data: projects } = await json<{ data: { id: string; name: string }[] }>(
      await call("/v1/projects", { token: apiKey.key }),
    );
    const rentals = await run(apiKey.key, { draft: { projectId: projects[0]?.id } });
    expect(rentals.results.filter((result) => !result.passed)).toEqual([]);
    expect(rentals).toMatchObject({ passed: 2, failed: 0 });
    expect(await written(organization.id)).toBe(before);

    const history = await json<{ data: Run[] }>(await call("/v1/simulations/runs", { token: apiKey.key }));
    expect(history.data.map((entry) => entry.passed)).toEqual([2, 5]);
  });

  it("a draft that breaks a case is not published; nothing of it goes live", async () => {
    const { apiKey } = await createDemoOrganization();
    const draft = {
      stages: [
        {
          name: "repair_booking",
          requiredFields: ["name", "email", "bike_type", "issue", "preferred_time", "frame_size"],
        },
      ],
    };
    const tried = await run(apiKey.key, { draft });
    expect(tried.failed).toBe(1);
    const failing = tried.results.find((result) => !result.passed);
    expect(failing?.name).toBe("Books a repair");
    expect(failing?.turns[2]?.failures).toEqual(["expected a call to create_booking; called no tool"]);

    const refused = await call("/v1/simulations/publish", { method: "POST", token: apiKey.key, json: { draft } });
    expect(refused.status).toBe(409);
    expect(await refused.json()).toMatchObject({
      detail: "1 of 5 simulation cases failed; nothing was published.",
      run: { failed: 1, published: false },
    });
    const { data: stages } = await json<{ data: { name: string; requiredFields: string[] }[] }>(
      await call("/v1/stages", { token: apiKey.key }),
    );
    expect(stages.find((stage) => stage.name === "repair_booking")?.requiredFields).not.toContain("frame_size");
  });

  it("a draft with new phrasing and new knowledge passes, is published, and the next conversation uses it", async () => {
    const { apiKey } = await createDemoOrganization();
    const key = apiKey.key;
    const { entry } = await json<{ entry: { id: string } }>(
      await call("/v1/knowledge", {
        method: "POST",
        token: key,
        json: {
          title: "Do you repair electric scooters?",
          content: "Yes: we repair electric scooters too, from £35 for a check-up.",
          category: "services",
          keywords: ["scooter", "e-scooter"],
          isPublished: false,
        },
      }),
      201,
    );
    await json(
      await call("/v1/simulations/cases", {
        method: "POST",
        token: key,
        json: {
          name: "Scooters",
          turns: [
            {
              message: "do you fix electric scooters?",
              expect: { source: "Do you repair electric scooters?", contains: ["£35"] },
            },
          ],
        },
      }),
      201,
    );
    const live = await run(key, {});
    expect(live.results.find((result) => result.name === "Scooters")?.passed).toBe(false);

    const draft = {
      knowledge: { publish: [entry.id] },
      stages: [
        {
          name: "support",
          templates: {
            responseGeneration: {
              replies: { cannot_answer: "Good question! Let me find someone at {{business.name}} who knows." },
            },
          },
        },
      ],
    };
    const published = await json<{ run: Run }>(
      await call("/v1/simulations/publish", { method: "POST", token: key, json: { draft } }),
    );
    expect(published.run).toMatchObject({ passed: 6, failed: 0, published: true });

    const id = await startConversation(key);
    const scooter = await say(key, id, "do you fix electric scooters?");
    expect(scooter.reply?.content).toContain("£35");
    const unknown = await say(key, id, "do you sell car insurance?");
    expect(unknown.reply?.content).toBe("Good question! Let me find someone at Northwind Cycles who knows.");
    expect(unknown.reply?.metadata).toMatchObject({
      templates: expect.arrayContaining([expect.objectContaining({ type: "response_generation", version: 2 })]),
    });
  });

  it("refuses what cannot be simulated: another organization's entry, an unknown agent, a case without turns", async () => {
    const { apiKey } = await createDemoOrganization();
    const other = await createDemoOrganization();
    const { data } = await json<{ data: { id: string }[] }>(
      await call("/v1/knowledge?limit=1", { token: other.apiKey.key }),
    );
    const foreignEntry = await call("/v1/simulations/run", {
      method: "POST",
      token: apiKey.key,
      json: { draft: { knowledge: { publish: [data[0]?.id] } } },
    });
    expect(foreignEntry.status).toBe(400);
    const foreignAgent = await call("/v1/simulations/run", {
      method: "POST",
      token: apiKey.key,
      json: { draft: { stages: [{ name: "support", agentId: crypto.randomUUID() }] } },
    });
    expect(foreignAgent.status).toBe(400);
    const empty = await call("/v1/simulations/cases", {
      method: "POST",
      token: apiKey.key,
      json: { name: "Empty", turns: [] },
    });
    expect(empty.status).toBe(400);
    const noCases = await call("/v1/simulations/publish", {
      method: "POST",
      token: apiKey.key,
      json: { draft: { projectId: crypto.randomUUID() } },
    });
    expect(noCases.status).toBe(404);
  });
});

describe("every knowledge entry's built-in case", wholeSuite, () => {
  it("the demo knowledge base answers each entry's own title and example questions from that entry", async () => {
    const { apiKey } = await createDemoOrganization();
    const { knowledge } = await run(apiKey.key, {});
    expect(knowledge?.failures).toEqual([]);
    const listed = await json<{ data: { isPublished: boolean }[] }>(
      await call("/v1/knowledge?limit=100", { token: apiKey.key }),
    );
    expect(knowledge?.entries).toBe(listed.data.filter((entry) => entry.isPublished).length);
    expect(knowledge?.answered).toBe(knowledge?.questions);
    expect(knowledge?.questions).toBeGreaterThan(100);
  });

  it("a draft entry that takes another entry's questions cannot be published", async () => {
    const { apiKey } = await createDemoOrganization();
    const key = apiKey.key;
    const { entry } = await json<{ entry: { id: string } }>(
      await call("/v1/knowledge", {
        method: "POST",
        token: key,
        json: {
          title: "Do you sell gift cards and vouchers?",
          content: "Gift vouchers are sold at the till only.",
          exampleQuestions: ["Do you sell gift vouchers?", "Do you do vouchers as presents?"],
          isPublished: false,
        },
      }),
      201,
    );
    const refused = await call("/v1/simulations/publish", {
      method: "POST",
      token: key,
      json: { draft: { knowledge: { publish: [entry.id] } } },
    });
    expect(refused.status).toBe(409);
    const problem = await refused.json<{ detail: string; run: Run }>();
    expect(problem.detail).toMatch(/knowledge titles and example questions are not answered from their own entry/);
    expect(problem.run.knowledge?.failures.length).toBeGreaterThan(0);
    expect(problem.run.knowledge?.failures.map((failure) => failure.question)).toEqual(
      expect.arrayContaining([expect.stringMatching(/voucher|gift/i)]),
    );
    const stillUnpublished = await json<{ entry: { isPublished: boolean } }>(
      await call(`/v1/knowledge/${entry.id}`, { token: key }),
    );
    expect(stillUnpublished.entry.isPublished).toBe(false);
  });
});
