import { describe, expect, it } from "vitest";
import {
  call,
  createDemoOrganization,
  createKey,
  createOrganization,
  humanAgent,
  say,
  startConversation,
} from "./support.ts";

type Hit = { title: string; score: number; language: string };

async function search(key: string, q: string, language?: string): Promise<{ data: Hit[]; language: string | null }> {
  const query = new URLSearchParams({ q, ...(language ? { language } : {}) });
  const response = await call(`/v1/knowledge/search?${query}`, { token: key });
  expect(response.status).toBe(200);
  return response.json();
}

async function ask(key: string, question: string) {
  return say(key, await startConversation(key), question);
}

const sourceTitle = (turn: Awaited<ReturnType<typeof ask>>) =>
  (turn.reply?.metadata.sources as { title: string }[] | undefined)?.[0]?.title;

describe("retrieval that is not fooled by wording", () => {
  it("an entry's example questions and keywords find it; removing them through the API loses the paraphrase", async () => {
    const { apiKey } = await createOrganization();
    const created = await call("/v1/knowledge", {
      method: "POST",
      token: apiKey.key,
      json: {
        title: "Do you stock inner tubes?",
        content: "We stock inner tubes for every common wheel size, from £6.",
        keywords: ["spare tube"],
        exampleQuestions: ["Can I buy a replacement tube for my wheel?"],
      },
    });
    expect(created.status).toBe(201);
    const { entry } = await created.json<{ entry: { id: string; exampleQuestions: string[]; language: string } }>();
    expect(entry).toMatchObject({ exampleQuestions: ["Can I buy a replacement tube for my wheel?"], language: "en" });
    await call("/v1/knowledge", {
      method: "POST",
      token: apiKey.key,
      json: { title: "Opening hours", content: "We open at nine and close at six, Monday to Saturday." },
    });

    const paraphrase = "could i buy a replacement for my wheel";
    expect((await search(apiKey.key, paraphrase)).data[0]).toMatchObject({ title: "Do you stock inner tubes?" });
    const before = (await search(apiKey.key, paraphrase)).data[0]?.score ?? 0;

    const edited = await call(`/v1/knowledge/${entry.id}`, {
      method: "PATCH",
      token: apiKey.key,
      json: { exampleQuestions: [], keywords: [] },
    });
    expect(edited.status).toBe(200);
    const after = (await search(apiKey.key, paraphrase)).data[0]?.score ?? 0;
    expect(after).toBeLessThan(before);
  });

  it("understands synonyms (the organization's own sets and the default lexicon), typos and numbers", async () => {
    const { apiKey } = await createDemoOrganization();
    // The default lexicon: "hire" is "rent" (WordNet); a typo ("paking") is corrected by trigrams.
    expect((await search(apiKey.key, "can i hire a city bike")).data[0]?.title).toBe("Can I rent a bike?");
    expect((await search(apiKey.key, "is there paking")).data[0]?.title).toBe("Is there parking?");
    // A price the customer quotes names the entry that has it.
    expect((await search(apiKey.key, "what do i get for £120")).data[0]?.title).toBe("Do you offer bike fitting?");

    // An organization's own synonym set makes "stoppers" mean brakes for this shop only.
    const question = "how much to bleed my stoppers";
    expect((await search(apiKey.key, "stoppers")).data).toEqual([]);
    const set = await call("/v1/synonyms", {
      method: "POST",
      token: apiKey.key,
      json: { terms: ["brakes", "stoppers"] },
    });
    expect(set.status).toBe(201);
    expect((await search(apiKey.key, "stoppers feel soft")).data[0]?.title).toBe(
      "How much is a hydraulic brake bleed?",
    );
    expect(sourceTitle(await ask(apiKey.key, question))).toBe("How much is a hydraulic brake bleed?");
  });

  it("weighs a misspelling by the letters it gets wrong, and takes inflections and unhyphenated words as written", async () => {
    const { apiKey } = await createDemoOrganization();
    // One letter wrong in seven is nearly certain: answered, not handed over.
    expect(sourceTitle(await ask(apiKey.key, "whats ur adress"))).toBe("Where is the shop?");

    const { apiKey: own } = await createOrganization();
    for (const json of [
      { title: "Geschenkkarten", content: "Einen Gutschein gibt es im Laden.", language: "de" },
      { title: "Kontakt", content: "Schreib uns eine E-Mail an hallo@example.com.", language: "de" },
    ]) {
      expect((await call("/v1/knowledge", { method: "POST", token: own.key, json })).status).toBe(201);
    }
    // "Gutscheine" is an inflection of the entry's "Gutschein", not a misspelling of it: full weight.
    const [plural] = (await search(own.key, "gutscheine zum geburtstag?", "de")).data;
    const [singular] = (await search(own.key, "gutschein zum geburtstag?", "de")).data;
    expect(plural).toMatchObject({ title: "Geschenkkarten", score: singular?.score });
    // "email" is the entry's "E-Mail" without its hyphen.
    expect((await search(own.key, "email?", "de")).data[0]?.title).toBe("Kontakt");
  });

  it("reads texting shorthand as the word it stands for", async () => {
    const { apiKey } = await createOrganization();
    for (const [season, days] of [
      ["winter", "Thursdays until eight"],
      ["summer", "Sundays until six"],
    ]) {
      const created = await call("/v1/knowledge", {
        method: "POST",
        token: apiKey.key,
        json: { title: `Hours in ${season}`, content: `We are open on ${days}.` },
      });
      expect(created.status).toBe(201);
    }
    // Both entries say "open"; only "thu" read as Thursday tells them apart.
    const [best, other] = (await search(apiKey.key, "u open thu?")).data;
    expect(best?.title).toBe("Hours in winter");
    expect(other?.score ?? 0).toBeLessThan(best?.score ?? 0);
  });

  it("hands an out-of-scope question to a person instead of answering from a loosely related entry", async () => {
    const { apiKey } = await createDemoOrganization();
    for (const question of [
      "Do you sell skateboards?",
      "do you sell theft cover for bikes",
      "whats the wifi password",
    ]) {
      const turn = await ask(apiKey.key, question);
      expect(turn.reply?.metadata).toMatchObject({ handover: "low_confidence", sources: [] });
      expect(turn.conversation.status).toBe("waiting");
    }
  });
});

describe("did you mean", () => {
  const unsure = "cancel repair slot?";
  const offered = [{ title: "How do I cancel or move a booking?" }, { title: "How do I book a repair?" }];

  it("offers the entries that may fit when none is certain, and answers the one the customer picks", async () => {
    const { apiKey } = await createDemoOrganization();
    const conversation = await startConversation(apiKey.key);
    const offer = await say(apiKey.key, conversation, unsure);
    expect(offer.reply?.metadata).toMatchObject({ suggestions: offered, sources: [] });
    expect(offer.reply?.metadata.handover).toBeUndefined();
    expect(offer.reply?.content).toContain("1. How do I cancel or move a booking?\n2. How do I book a repair?");
    expect(offer.conversation.status).toBe("active");

    const picked = await say(apiKey.key, conversation, "1");
    expect(sourceTitle(picked)).toBe("How do I cancel or move a booking?");
    expect(picked.reply?.metadata).toMatchObject({ confidence: 1 });
    expect(picked.reply?.metadata.suggestions).toBeUndefined();
    // The pick is the customer's own words; the question it stood for is the entry's.
    expect(picked.message.content).toBe("1");

    // The customer taught the knowledge base a wording: accepted, the next customer is answered at once.
    const suggestions = await call("/v1/knowledge-suggestions?status=pending", { token: apiKey.key });
    const [example] = (
      await suggestions.json<{ data: { id: string; kind: string; question: string; knowledgeEntryId: string }[] }>()
    ).data;
    expect(example).toMatchObject({ kind: "example_question", question: unsure });
    expect(sourceTitle(await ask(apiKey.key, unsure))).toBeUndefined();
    const accepted = await call(`/v1/knowledge-suggestions/${example?.id}/accept`, {
      method: "POST",
      token: apiKey.key,
    });
    expect(accepted.status).toBe(200);
    expect(sourceTitle(await ask(apiKey.key, unsure))).toBe("How do I cancel or move a booking?");
  });

  it("goes to a person when the customer turns the offer down, or the next question is unclear too", async () => {
    const { apiKey } = await createDemoOrganization();
    const declined = await startConversation(apiKey.key);
    await say(apiKey.key, declined, unsure);
    const none = await say(apiKey.key, declined, "none of these");
    expect(none.reply?.metadata).toMatchObject({ handover: "customer_request", sources: [] });
    expect(none.conversation.status).toBe("waiting");

    // Offered once: a second question it is unsure of is a person's, not a second offer.
    const unclear = await startConversation(apiKey.key);
    await say(apiKey.key, unclear, unsure);
    const again = await say(apiKey.key, unclear, "can i get a job at the shop");
    expect(again.reply?.metadata).toMatchObject({ handover: "low_confidence" });
    expect(again.reply?.metadata.suggestions).toBeUndefined();
    expect(again.conversation.status).toBe("waiting");
  });

  it("is the organization's to tune: a threshold of 1 hands every unsure question over at once", async () => {
    const { apiKey } = await createDemoOrganization();
    const setting = await call("/v1/settings/chat/suggestion_confidence_threshold", {
      method: "PUT",
      token: apiKey.key,
      json: { value: 1 },
    });
    expect(setting.status).toBe(200);
    const turn = await ask(apiKey.key, unsure);
    expect(turn.reply?.metadata).toMatchObject({ handover: "low_confidence" });
    expect(turn.reply?.metadata.suggestions).toBeUndefined();
  });
});

describe("languages", () => {
  it("a German question is answered from the German entry, in German, and its language is stored", async () => {
    const { apiKey } = await createDemoOrganization();
    const turn = await ask(apiKey.key, "Wann habt ihr am Samstag geöffnet?");
    expect(turn.message.metadata).toMatchObject({ language: "de" });
    expect(sourceTitle(turn)).toBe("Wie sind eure Öffnungszeiten?");
    expect(turn.reply?.metadata).toMatchObject({ language: "de" });
    const german = await search(apiKey.key, "Wann habt ihr am Samstag geöffnet?");
    expect(german).toMatchObject({ language: "de", data: [expect.objectContaining({ language: "de" })] });

    // Unsure, it asks in German too, and hands over in German when nothing it offers fits.
    const conversation = await startConversation(apiKey.key);
    const unsure = await say(apiKey.key, conversation, "Verkauft ihr auch gebrauchte Kinderwagen?");
    expect(unsure.reply?.content).toMatch(/^Ich bin nicht sicher, ob ich dich richtig verstehe/);
    const declined = await say(apiKey.key, conversation, "keins");
    expect(declined.reply?.content).toMatch(/Ich verbinde dich jetzt mit jemandem aus dem Team/);
    expect(declined.conversation.status).toBe("waiting");
  });

  it("says so plainly when the answer exists only in another language", async () => {
    const { apiKey } = await createOrganization();
    await call("/v1/knowledge", {
      method: "POST",
      token: apiKey.key,
      json: {
        title: "Bosch e-bike service",
        content: "The Bosch e-bike service costs £95 and includes a battery check.",
      },
    });
    const turn = await ask(apiKey.key, "Was kostet bei euch der Bosch E-Bike Service?");
    expect(turn.message.metadata).toMatchObject({ language: "de" });
    expect(turn.reply?.content).toContain("Diese Antwort habe ich leider nur auf Englisch:");
    expect(turn.reply?.content).toContain("£95");
  });
});

describe("synonym sets", () => {
  it("refuse what cannot be a synonym set and are the organization's own; the lexicon is read-only", async () => {
    const { apiKey } = await createOrganization();
    for (const terms of [["only"], ["two words", "x"], ["same", "same"]]) {
      const refused = await call("/v1/synonyms", { method: "POST", token: apiKey.key, json: { terms } });
      expect(refused.status).toBe(400);
      expect(refused.headers.get("content-type")).toBe("application/problem+json");
    }
    const created = await call("/v1/synonyms", {
      method: "POST",
      token: apiKey.key,
      json: { terms: ["Mieten", "leihen"], language: "de" },
    });
    const { synonymSet } = await created.json<{ synonymSet: { id: string; terms: string[] } }>();
    expect(synonymSet.terms).toEqual(["mieten", "leihen"]);
    const listed = await call("/v1/synonyms?term=leihen", { token: apiKey.key });
    expect((await listed.json<{ data: { id: string }[] }>()).data.map((set) => set.id)).toEqual([synonymSet.id]);

    const other = await createOrganization("Other");
    expect((await call(`/v1/synonyms/${synonymSet.id}`, { token: other.apiKey.key })).status).toBe(404);
    const readOnly = await createKey(apiKey.key, ["config:read"]);
    const write = await call("/v1/synonyms", { method: "POST", token: readOnly.key, json: { terms: ["a1", "b1"] } });
    expect(write.status).toBe(403);

    const word = await call("/v1/synonyms/lexicon/hire", { token: apiKey.key });
    expect(await word.json()).toMatchObject({ word: { term: "hire", synonyms: expect.arrayContaining(["rent"]) } });
    expect((await call("/v1/synonyms/lexicon/zzqx", { token: apiKey.key })).status).toBe(404);
  });
});

describe("learning from people", () => {
  async function handedOver(key: string, question: string) {
    const conversationId = await startConversation(key);
    const turn = await say(key, conversationId, question);
    expect(turn.reply?.metadata).toMatchObject({ handover: "low_confidence" });
    return conversationId;
  }

  it("a person's answer that matches no entry becomes a drafted entry an admin can edit and accept", async () => {
    const { apiKey } = await createDemoOrganization();
    const agent = await humanAgent(apiKey.key);
    const question = "do you sell waterproof cycling jackets";
    const conversationId = await handedOver(apiKey.key, question);
    const answer = "Yes, we stock Endura and Altura waterproof jackets from £60, in store and online.";
    const replied = await call(`/v1/conversations/${conversationId}/agent-messages`, {
      method: "POST",
      token: agent.token,
      json: { content: answer },
    });
    expect(replied.status).toBe(200);
    // A second reply teaches nothing new: one suggestion per handed-over question.
    await call(`/v1/conversations/${conversationId}/agent-messages`, {
      method: "POST",
      token: agent.token,
      json: { content: "Anything else?" },
    });

    const pending = await call("/v1/knowledge-suggestions?status=pending", { token: apiKey.key });
    const { data } = await pending.json<{ data: { id: string; kind: string; proposedTitle: string }[] }>();
    expect(data).toEqual([
      expect.objectContaining({ kind: "new_entry", proposedTitle: "Do you sell waterproof cycling jackets?" }),
    ]);
    const suggestion = data[0]?.id;
    const other = await createOrganization("Other");
    expect((await call(`/v1/knowledge-suggestions/${suggestion}`, { token: other.apiKey.key })).status).toBe(404);

    const accepted = await call(`/v1/knowledge-suggestions/${suggestion}/accept`, {
      method: "POST",
      token: apiKey.key,
      json: { title: "Do you sell waterproof jackets?" },
    });
    expect(accepted.status).toBe(200);
    const { suggestion: decided } = await accepted.json<{ suggestion: { status: string; knowledgeEntryId: string } }>();
    expect(decided.status).toBe("accepted");
    const entry = await call(`/v1/knowledge/${decided.knowledgeEntryId}`, { token: apiKey.key });
    expect(await entry.json()).toMatchObject({ entry: { title: "Do you sell waterproof jackets?", content: answer } });
    expect(sourceTitle(await ask(apiKey.key, "do you sell waterproof jackets?"))).toBe(
      "Do you sell waterproof jackets?",
    );

    const again = await call(`/v1/knowledge-suggestions/${suggestion}/accept`, { method: "POST", token: apiKey.key });
    expect(again.status).toBe(409);
  });

  it("a person's answer that restates an entry suggests the question as that entry's example; dismissing writes nothing", async () => {
    const { apiKey } = await createDemoOrganization();
    const agent = await humanAgent(apiKey.key);
    const reply = (conversationId: string, content: string) =>
      call(`/v1/conversations/${conversationId}/agent-messages`, {
        method: "POST",
        token: agent.token,
        json: { content },
      });
    const entries = await call("/v1/knowledge?category=pricing&language=en&limit=50", { token: apiKey.key });
    const bleed = (await entries.json<{ data: { id: string; title: string; content: string }[] }>()).data.find(
      (entry) => entry.title === "How much is a hydraulic brake bleed?",
    );
    if (!bleed) throw new Error("the demo has a brake bleed entry");
    const question = "my stoppers are mushy, what can you do?";
    await reply(await handedOver(apiKey.key, question), bleed.content);
    const pending = async () =>
      (
        await (
          await call("/v1/knowledge-suggestions?status=pending", { token: apiKey.key })
        ).json<{
          data: { id: string; kind: string; knowledgeEntryId: string | null }[];
        }>()
      ).data;
    const [example] = await pending();
    expect(example).toMatchObject({ kind: "example_question", knowledgeEntryId: bleed.id });
    const accepted = await call(`/v1/knowledge-suggestions/${example?.id}/accept`, {
      method: "POST",
      token: apiKey.key,
    });
    expect(accepted.status).toBe(200);
    const entry = await call(`/v1/knowledge/${bleed.id}`, { token: apiKey.key });
    expect((await entry.json<{ entry: { exampleQuestions: string[] } }>()).entry.exampleQuestions).toContain(question);

    await reply(await handedOver(apiKey.key, "do you sell unicycles"), "No, sorry, we don't sell unicycles.");
    const [draft] = await pending();
    expect(draft).toMatchObject({ kind: "new_entry", knowledgeEntryId: null });
    const count = async () =>
      (await (await call("/v1/knowledge?limit=100", { token: apiKey.key })).json<{ data: unknown[] }>()).data.length;
    const before = await count();
    const dismissed = await call(`/v1/knowledge-suggestions/${draft?.id}/dismiss`, {
      method: "POST",
      token: apiKey.key,
    });
    expect(await dismissed.json()).toMatchObject({ suggestion: { status: "dismissed" } });
    expect(await count()).toBe(before);
    expect(await pending()).toEqual([]);
  });
});
