import { domainApp } from "@frontdesk/http";
import type { ChatEnv } from "./env.ts";
import { agents } from "./routes/agents.ts";
import { cannedResponses } from "./routes/canned-responses.ts";
import { conversationActions } from "./routes/conversation-actions.ts";
import { conversations } from "./routes/conversations.ts";
import { customerIdentities } from "./routes/customer-identities.ts";
import { customerMemories } from "./routes/customer-memories.ts";
import { customerMerges, mergeSuggestions } from "./routes/customer-merges.ts";
import { customers } from "./routes/customers.ts";
import { escalationRules } from "./routes/escalation-rules.ts";
import { health } from "./routes/health.ts";
import { inbox } from "./routes/inbox.ts";
import { knowledge } from "./routes/knowledge.ts";
import { knowledgeSuggestions } from "./routes/knowledge-suggestions.ts";
import { messages } from "./routes/messages.ts";
import { notes } from "./routes/notes.ts";
import { presence } from "./routes/presence.ts";
import { projects } from "./routes/projects.ts";
import { simulations } from "./routes/simulations.ts";
import { stages } from "./routes/stages.ts";
import { synonyms } from "./routes/synonyms.ts";
import { templates } from "./routes/templates.ts";
import { visitorRoutes } from "./routes/visitor.ts";

/** The chat worker's routes: reached only through the gateway's CHAT service binding. */
export const app = domainApp<ChatEnv>({
  title: "Frontdesk chat worker",
  schemes: ["bearer", "visitorToken"],
  health: false,
});

app.route("/health", health);
app.route("/v1/conversations", conversations);
app.route("/v1/conversations", conversationActions);
app.route("/v1/conversations", notes);
app.route("/v1/inbox", inbox);
app.route("/v1/canned-responses", cannedResponses);
app.route("/v1/customers", customers);
app.route("/v1/customers", customerIdentities);
app.route("/v1/customers", customerMemories);
app.route("/v1/customer-merges", customerMerges);
app.route("/v1/customer-merge-suggestions", mergeSuggestions);
app.route("/v1/agents", agents);
app.route("/v1/presence", presence);
app.route("/v1/messages", messages);
app.route("/v1/knowledge", knowledge);
app.route("/v1/knowledge-suggestions", knowledgeSuggestions);
app.route("/v1/synonyms", synonyms);
app.route("/v1/escalation-rules", escalationRules);
app.route("/v1/templates", templates);
app.route("/v1/stages", stages);
app.route("/v1/projects", projects);
app.route("/v1/simulations", simulations);
app.route("/v1/public", visitorRoutes);
