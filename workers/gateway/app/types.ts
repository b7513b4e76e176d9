// The shapes of the API answers the workspace reads (see /v1/openapi.json for the full schemas).

export type Scope = string;

export interface User {
  id: string;
  email: string;
  firstName: string | null;
  lastName: string | null;
  role: "owner" | "admin" | "agent";
}

export interface Session {
  user: User;
  scopes: Scope[];
  csrfToken: string;
  expiresAt: string;
}

export type Queue = "waiting" | "mine" | "open" | "closed";

export interface InboxItem {
  id: string;
  status: "active" | "waiting" | "with_agent" | "closed";
  agentId: string | null;
  channel: { type: string; name: string } | null;
  title: string | null;
  intent: string | null;
  priority: "urgent" | "high" | "normal" | "low";
  handoverReason: string | null;
  escalationCategory: string | null;
  messageCount: number;
  lastActivityAt: string;
  customer: { id: string; name: string | null; email: string | null; phone: string | null };
  lastMessage: { role: string; content: string; sentAt: string } | null;
}

export interface InboxPage {
  data: InboxItem[];
  nextCursor: string | null;
  counts: { waiting: number; mine: number; open: number; urgent: number };
}

export interface Message {
  id: string;
  conversationId: string;
  role: "customer" | "assistant" | "agent" | "system" | "tool";
  content: string;
  agentId: string | null;
  sentAt: string;
  metadata: Record<string, unknown>;
}

export interface Note {
  id: string;
  conversationId: string;
  authorName: string | null;
  content: string;
  createdAt: string;
}

export interface Conversation {
  id: string;
  status: InboxItem["status"];
  customerId: string;
  channelId: string | null;
  agentId: string | null;
  title: string | null;
  intent: string | null;
  sentiment: string | null;
  csatScore: number | null;
  summary: string | null;
  startedAt: string;
}

export interface Agent {
  agentId: string;
  displayName: string;
  status: "online" | "away" | "busy" | "offline";
  activeChats: number;
  maxConcurrentChats: number;
}

export interface CannedResponse {
  id: string;
  shortcut: string;
  title: string;
  content: string;
}

export interface CustomerProfile {
  customer: {
    id: string;
    name: string | null;
    email: string | null;
    phone: string | null;
    company: string | null;
    status: string;
    lastInteractionAt: string | null;
    createdAt: string;
  };
  identities: { id: string; channelIdentifier: string; verified: boolean; confidenceScore: number }[];
  conversations: { count: number };
  openTickets: { id: string; subject: string; status: string; priority: string }[];
  bookings: { id: string; meetingType: string | null; startsAt: string; status: string }[];
  leads: { id: string; status: string; sourceIntent: string | null; createdAt: string }[];
  mergeSuggestions: {
    id: string;
    targetCustomerId: string;
    sourceCustomerId: string;
    matchedOn: string;
    confidence: number;
  }[];
}

export interface Memory {
  id: string;
  key: string;
  value: unknown;
  kind: string;
}

export interface ToolCall {
  id: string;
  toolName: string;
  status: string;
  conversationId: string | null;
  input: Record<string, unknown>;
  createdAt: string;
}

export interface KnowledgeEntry {
  id: string;
  title: string;
  content: string;
  category: string | null;
  tags: string[];
  keywords: string[];
  exampleQuestions: string[];
  language: string;
  isPublished: boolean;
  updatedAt: string;
}

export interface AnswerPreview {
  reply: string;
  handover: boolean;
  confidence: number;
  threshold: number;
  intent: string;
  language: string | null;
  sources: { id: string; title: string; score: number }[];
}

export interface AnalyticsDay {
  date: string;
  totalConversations: number;
  aiResolvedConversations: number;
  agentResolvedConversations: number;
  totalMessages: number;
  avgResponseTimeSeconds: number | null;
  avgResolutionTimeSeconds: number | null;
  avgSatisfactionScore: number | null;
  channelMetrics: Record<string, { conversations?: number } | undefined>;
}

export interface EventCounts {
  totals: { eventType: string; count: number }[];
}

/** What the inbox's live feed sends. */
export type InboxEvent =
  | { type: "ready" }
  | {
      type: "conversation";
      conversation: { id: string; status: InboxItem["status"]; agentId: string | null; messageCount: number };
      messages: Message[];
    }
  | { type: "note"; note: Note };
