import { describe, expect, it } from "vitest";
import { call, createDemoOrganization, createOrganization, say, type Turn } from "./support.ts";

const today = new Date().toISOString().slice(0, 10);
const range = `from=${today}&to=${today}`;
const site = "https://rentals.northwind.example";

async function json<T>(response: Response, status = 200): Promise<T> {
  expect(response.status, await response.clone().text()).toBe(status);
  return response.json<T>();
}

interface Project {
  id: string;
  name: string;
  agentId: string | null;
  knowledgeCategories: string[];
}

/** The demo's rentals project and a conversation started on the channel given. */
async function demo() {
  const { apiKey } = await createDemoOrganization();
  const key = apiKey.key;
  const { data: projects } = await json<{ data: Project[] }>(await call("/v1/projects", { token: key }));
  const { data: channels } = await json<{ data: { id: string; name: string; projectId: string | null }[] }>(
    await call("/v1/channels", { token: key }),
  );
  const converse = async (channelName: string, attribution?: Record<string, string>) => {
    const channel = channels.find((candidate) => candidate.name === channelName);
    const { conversation } = await json<{ conversation: { id: string; projectId: string | null } }>(
      await call("/v1/conversations", {
        method: "POST",
        token: key,
        json: { customer: { name: "Jo" }, channelId: channel?.id, ...(attribution ? { attribution } : {}) },
      }),
      201,
    );
    return conversation;
  };
  return { key, projects, channels, converse };
}

describe("projects: several assistants in one organization", () => {
  it("a conversation belongs to its channel's project, answered by its agent, stages and knowledge scope", async () => {
    const { key, projects, channels, converse } = await demo();
    const rentals = projects.find((project) => project.name === "Rentals");
    expect(rentals).toMatchObject({ knowledgeCategories: expect.arrayContaining(["services"]) });
    expect(channels.find((channel) => channel.name === "Rentals chat")?.projectId).toBe(rentals?.id);

    const rental = await converse("Rentals chat");
    expect(rental.projectId).toBe(rentals?.id);
    const hire = await say(key, rental.id, "how much is it to hire an e-bike for a day?");
    expect(hire.reply?.metadata).toMatchObject({
      agent: "Rory",
      stage: "rental_questions",
      projectId: rentals?.id,
      sources: [expect.objectContaining({ title: "Can I rent a bike?" })],
    });
    // Pricing is outside the rentals assistant's knowledge: it does not answer from it.
    const puncture = await say(key, rental.id, "How much do you charge to fix a puncture?");
    expect(puncture.reply?.metadata.sources).not.toContainEqual(
      expect.objectContaining({ title: "How much is a puncture repair?" }),
    );

    const shop = await converse("Website chat");
    expect(shop.projectId).toBeNull();
    const answer = await say(key, shop.id, "How much do you charge to fix a puncture?");
    expect(answer.reply?.metadata).toMatchObject({
      agent: "Nora",
      stage: "support",
      projectId: null,
      sources: [expect.objectContaining({ title: "How much is a puncture repair?" })],
    });

    const report = await json<{ data: { projectId: string | null; name: string; conversations: number }[] }>(
      await call(`/v1/analytics/projects?${range}`, { token: key }),
    );
    expect(report.data).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ projectId: rentals?.id, name: "Rentals", conversations: 1 }),
        expect.objectContaining({ projectId: null, name: "(no project)", conversations: 1 }),
      ]),
    );
  });

  it("refuses another organization's agent or project, and a second project of the same name", async () => {
    const { key, channels } = await demo();
    const other = await createOrganization("Elsewhere");
    const theirAgent = await json<{ agent: { id: string } }>(
      await call("/v1/agents", { method: "POST", token: other.apiKey.key, json: { kind: "ai", displayName: "X" } }),
      201,
    );
    const theirProject = await json<{ project: { id: string } }>(
      await call("/v1/projects", { method: "POST", token: other.apiKey.key, json: { name: "Theirs" } }),
      201,
    );
    const withTheirAgent = await call("/v1/projects", {
      method: "POST",
      token: key,
      json: { name: "Sales", agentId: theirAgent.agent.id },
    });
    expect(withTheirAgent.status).toBe(400);
    const channel = channels[0]?.id;
    const moved = await call(`/v1/channels/${channel}`, {
      method: "PATCH",
      token: key,
      json: { projectId: theirProject.project.id },
    });
    expect(moved.status).toBe(400);
    const duplicate = await call("/v1/projects", { method: "POST", token: key, json: { name: "Rentals" } });
    expect(duplicate.status).toBe(409);
  });
});

interface AdAsset {
  id: string;
  title: string;
  status: string;
  utmCampaign: string | null;
}

describe("ad assets and attribution", () => {
  it("moves through draft → active ⇄ paused → archived, and archived is final", async () => {
    const { key } = await demo();
    const { adAsset } = await json<{ adAsset: AdAsset }>(
      await call("/v1/ad-assets", {
        method: "POST",
        token: key,
        json: { assetType: "video", title: "Winter e-bike reel", platform: "tiktok", platformAdId: "7345" },
      }),
      201,
    );
    expect(adAsset.status).toBe("draft");
    const move = (status: string) =>
      call(`/v1/ad-assets/${adAsset.id}`, { method: "PATCH", token: key, json: { status } });
    expect((await move("paused")).status).toBe(409);
    for (const status of ["active", "paused", "active", "archived"]) expect((await move(status)).status).toBe(200);
    const reopened = await move("active");
    expect(reopened.status).toBe(409);
    expect(await reopened.json()).toMatchObject({ detail: expect.stringMatching(/archived is final/) });
    const duplicate = await call("/v1/ad-assets", {
      method: "POST",
      token: key,
      json: { assetType: "ad", title: "Same ad", platform: "tiktok", platformAdId: "7345" },
    });
    expect(duplicate.status).toBe(409);
    const active = await json<{ data: AdAsset[] }>(await call("/v1/ad-assets?status=active", { token: key }));
    expect(active.data.map((asset) => asset.utmCampaign)).toEqual(["spring-service"]);
  });

  it("a conversation from an ad is attributed to it, and so are the lead and the booking that follow", async () => {
    const { key, converse } = await demo();
    const { data } = await json<{ data: AdAsset[] }>(await call("/v1/ad-assets?status=active", { token: key }));
    const spring = data[0];
    const conversation = await converse("Website chat", { utm_source: "instagram", utm_campaign: "spring-service" });
    const stored = await json<{ conversation: { adAssetId: string; attribution: Record<string, string> } }>(
      await call(`/v1/conversations/${conversation.id}`, { token: key }),
    );
    expect(stored.conversation).toMatchObject({
      adAssetId: spring?.id,
      attribution: { utm_source: "instagram", utm_campaign: "spring-service" },
    });
    await say(key, conversation.id, "I'd like to book a repair please");
    await say(key, conversation.id, "I'm Jo Bloggs, jo@example.com");
    const booked: Turn = await say(key, conversation.id, "a road bike, the gears keep slipping, tomorrow at 10am");
    expect(booked.reply?.content).toMatch(/You're booked in/);
    // A conversation with no ad is not counted.
    await converse("Website chat");

    const report = await json<{ data: Record<string, unknown>[] }>(
      await call(`/v1/analytics/ads?${range}`, { token: key }),
    );
    expect(report.data[0]).toMatchObject({
      adAssetId: spring?.id,
      conversations: 1,
      customers: 1,
      leads: 1,
      bookings: 1,
      conversions: 1,
    });
  });

  it("the web widget's utm_* parameters attribute the visitor's conversation", async () => {
    const { key, projects } = await demo();
    const rentals = projects.find((project) => project.name === "Rentals");
    const { channel } = await json<{ channel: { publishableKey: string } }>(
      await call("/v1/channels", {
        method: "POST",
        token: key,
        json: { type: "web", name: "Rentals landing page", allowedOrigins: [site], projectId: rentals?.id },
      }),
      201,
    );
    const started = await json<{ conversation: { id: string } }>(
      await call(`/v1/public/${channel.publishableKey}/conversations`, {
        method: "POST",
        headers: { origin: site },
        json: { page: { url: `${site}/hire?utm_source=meta&utm_campaign=spring-service&fbclid=IwAR0abc` } },
      }),
      201,
    );
    const stored = await json<{
      conversation: { adAssetId: string | null; projectId: string | null; attribution: object };
    }>(await call(`/v1/conversations/${started.conversation.id}`, { token: key }));
    expect(stored.conversation).toMatchObject({
      adAssetId: expect.any(String),
      projectId: rentals?.id,
      attribution: { utm_source: "meta", utm_campaign: "spring-service", fbclid: "IwAR0abc" },
    });
  });
});
