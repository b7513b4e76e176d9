import { describe, expect, it } from "vitest";
import { call, createOrganization, say, startConversation } from "./support.ts";

/** Creates a resource through the API and returns it (the key it is returned under is its noun). */
async function create<T>(token: string, path: string, key: string, json: unknown): Promise<T> {
  const response = await call(path, { method: "POST", token, json });
  if (response.status !== 201) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return (await response.json<Record<string, T>>())[key] as T;
}

const patch = async (token: string, path: string, json: unknown) => {
  const response = await call(path, { method: "PATCH", token, json });
  expect(response.status, await response.clone().text()).toBe(200);
  return response.json<Record<string, unknown>>();
};

/**
 * A dental clinic configured only through the API: an AI receptionist, a "new patient" stage
 * with typed fields, its three templates and the built-in responder's phrasings.
 */
async function dentalClinic() {
  const { apiKey } = await createOrganization("Bright Smile Dental");
  const key = apiKey.key;
  await patch(key, "/v1/organizations/current", { phoneNumber: "+44 20 7946 0000" });
  const ivy = await create<{ id: string }>(key, "/v1/agents", "agent", {
    kind: "ai",
    displayName: "Ivy",
    model: "builtin",
  });
  const template = (templateType: string, systemPrompt: string, replies?: Record<string, string>) =>
    create<{ id: string; version: number }>(key, "/v1/templates", "template", {
      name: `new patient: ${templateType}`,
      templateType,
      systemPrompt,
      content: "{{conversation}}\n\nKnown: {{extracted_data}}",
      ...(replies ? { replies } : {}),
    });
  const selection = await template("stage_selection", "Choose this stage when someone wants an appointment.");
  const extraction = await template("data_extraction", "Extract the patient's name, date of birth, phone, treatment.");
  const generation = await template("response_generation", "Ask for what is missing, warmly, as {{assistant.name}}.", {
    ask: "Happy to help you book at {{business.name}}. Could you give me your {{missing_fields}}?",
    complete:
      "Thank you {{customer.first_name}}! We've noted a {{fields.treatment}} for you (born {{fields.date_of_birth}}). Reception will call {{fields.phone}} to confirm.",
  });
  const stage = await create<{ id: string }>(key, "/v1/stages", "stage", {
    name: "new_patient",
    description: "Register a new patient and their treatment.",
    stageType: "intake",
    requiredFields: ["name", "date_of_birth", "phone", "treatment"],
    fieldTypes: {
      name: { type: "name" },
      date_of_birth: { type: "date", label: "date of birth" },
      phone: { type: "phone", label: "phone number" },
      treatment: { type: "choice", options: ["check-up", "cleaning", "whitening"] },
    },
    intents: ["booking"],
    keywords: ["appointment", "check-up", "cleaning"],
    agentId: ivy.id,
    stageSelectionTemplateId: selection.id,
    dataExtractionTemplateId: extraction.id,
    responseGenerationTemplateId: generation.id,
  });
  return { key, ivy, stage, generation };
}

describe("stages and templates drive the turn (a dental clinic, configured only through the API)", () => {
  it("asks in the template's words, validates and normalises typed fields, and records what produced each reply", async () => {
    const { key, stage, generation } = await dentalClinic();
    const id = await startConversation(key);

    const first = await say(key, id, "Hi, I'd like an appointment for a cleaning please");
    expect(first.reply?.content).toBe(
      "Happy to help you book at Bright Smile Dental. Could you give me your name and date of birth?",
    );
    expect(first.conversation).toMatchObject({ stage: "new_patient", extractedData: { treatment: "cleaning" } });
    expect(first.reply?.metadata).toMatchObject({
      stage: "new_patient",
      stageId: stage.id,
      agent: "Ivy",
      templates: expect.arrayContaining([{ type: "response_generation", id: generation.id, version: 1 }]),
    });

    const second = await say(key, id, "I'm Ana Lopez, born 14 March 1985");
    expect(second.conversation.extractedData).toMatchObject({ name: "Ana Lopez", date_of_birth: "1985-03-14" });
    expect(second.reply?.content).toBe(
      "Happy to help you book at Bright Smile Dental. Could you give me your phone number?",
    );

    // An answer its type refuses is asked again, not stored.
    const refused = await say(key, id, "just ring the usual one");
    expect(refused.reply?.content).toMatch(/doesn't look like a valid phone number/);
    expect(refused.conversation.extractedData).not.toHaveProperty("phone");

    const done = await say(key, id, "+44 (0)7700 900-123");
    expect(done.conversation.extractedData).toMatchObject({ phone: "+447700900123" });
    expect(done.reply?.content).toBe(
      "Thank you Ana! We've noted a cleaning for you (born 1985-03-14). Reception will call +447700900123 to confirm.",
    );
    expect(done.reply?.metadata).toMatchObject({ toolCalls: [expect.objectContaining({ name: "capture_lead" })] });
    const leads = await call("/v1/leads", { token: key });
    expect((await leads.json<{ data: { name: string; sourceIntent: string }[] }>()).data).toEqual([
      expect.objectContaining({ name: "Ana Lopez", sourceIntent: "intake" }),
    ]);
  });

  it("an edit of a template or of the stage's fields changes the next conversation, and is a new version", async () => {
    const { key, stage, generation } = await dentalClinic();
    const edited = await patch(key, `/v1/templates/${generation.id}`, {
      replies: {
        ask: "Welcome to {{business.name}}! Before we book your {{fields.treatment}}, please send your {{missing_fields}}.",
      },
    });
    expect(edited).toMatchObject({ template: { version: 2 } });
    await patch(key, `/v1/stages/${stage.id}`, {
      requiredFields: ["insurance", "name", "phone", "treatment"],
      fieldTypes: {
        insurance: { type: "choice", label: "insurance", options: ["nhs", "private"] },
        name: { type: "name" },
        phone: { type: "phone", label: "phone number" },
        treatment: { type: "choice", options: ["check-up", "cleaning", "whitening"] },
      },
      keywords: ["appointment", "whitening"],
    });

    const id = await startConversation(key);
    const turn = await say(key, id, "I want my teeth whitening done");
    expect(turn.reply?.content).toBe(
      "Welcome to Bright Smile Dental! Before we book your whitening, please send your insurance (nhs, private) and name.",
    );
    expect(turn.reply?.metadata).toMatchObject({
      templates: expect.arrayContaining([{ type: "response_generation", id: generation.id, version: 2 }]),
    });
    const private_ = await say(key, id, "private, I'm Tom Hale");
    expect(private_.conversation.extractedData).toMatchObject({ insurance: "private", name: "Tom Hale" });

    const versions = await call(`/v1/templates/${generation.id}/versions`, { token: key });
    const { data } = await versions.json<{ data: { version: number; replies: Record<string, string> }[] }>();
    expect(data.map((version) => version.version)).toEqual([2, 1]);
    expect(data[1]?.replies.ask).toMatch(/^Happy to help/);
  });

  it("refuses a stage or template that cannot work, with a 400 and nothing written", async () => {
    const { key, generation } = await dentalClinic();
    const choiceWithoutOptions = await call("/v1/stages", {
      method: "POST",
      token: key,
      json: { name: "broken", description: "", stageType: "intake", fieldTypes: { plan: { type: "choice" } } },
    });
    expect(choiceWithoutOptions.status).toBe(400);
    const unknownIntent = await call("/v1/stages", {
      method: "POST",
      token: key,
      json: { name: "broken", description: "", stageType: "intake", intents: ["buy_now"] },
    });
    expect(unknownIntent.status).toBe(400);
    const brokenTemplate = await call(`/v1/templates/${generation.id}`, {
      method: "PATCH",
      token: key,
      json: { replies: { ask: "Send your {{#missing_fields}} please" } },
    });
    expect(brokenTemplate.status).toBe(400);
    expect(await brokenTemplate.json()).toMatchObject({ detail: expect.stringMatching(/not a valid template/) });
    const stages = await call("/v1/stages", { token: key });
    expect((await stages.json<{ data: unknown[] }>()).data).toHaveLength(1);
    const versions = await call(`/v1/templates/${generation.id}/versions`, { token: key });
    expect((await versions.json<{ data: unknown[] }>()).data).toHaveLength(1);
  });

  it("a stage that names no templates gets the default of each type; a new default takes the mark from the old", async () => {
    const { key } = await dentalClinic();
    const bare = { name: "recall", description: "Six-monthly recall", stageType: "support", intents: ["question"] };
    const refused = await call("/v1/stages", { method: "POST", token: key, json: bare });
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ detail: expect.stringMatching(/default/) });

    const { data: templates } = (await (await call("/v1/templates", { token: key })).json()) as {
      data: { id: string; templateType: string }[];
    };
    for (const template of templates) await patch(key, `/v1/templates/${template.id}`, { isDefault: true });
    const stage = await create<Record<string, string>>(key, "/v1/stages", "stage", bare);
    const idOf = (type: string) => templates.find((template) => template.templateType === type)?.id;
    expect(stage).toMatchObject({
      stageSelectionTemplateId: idOf("stage_selection"),
      dataExtractionTemplateId: idOf("data_extraction"),
      responseGenerationTemplateId: idOf("response_generation"),
    });

    const newer = await create<{ id: string; isDefault: boolean }>(key, "/v1/templates", "template", {
      name: "Friendlier answers",
      templateType: "response_generation",
      content: "{{knowledge}}",
      isDefault: true,
    });
    expect(newer.isDefault).toBe(true);
    const older = (await (await call(`/v1/templates/${idOf("response_generation")}`, { token: key })).json()) as {
      template: { isDefault: boolean; version: number };
    };
    // Moving the mark is not an edit of what the template says: no new version.
    expect(older.template).toMatchObject({ isDefault: false, version: 1 });
  });
});
