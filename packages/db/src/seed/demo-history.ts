import type { Database } from "../client.ts";
import { analyticsDaily, analyticsEventCounts } from "../schema/index.ts";

const day = (daysAgo: number) => new Date(Date.now() - daysAgo * 86_400_000).toISOString().slice(0, 10);

/**
 * Two weeks of figures for the demo business, so the workspace's dashboard has something to draw
 * on a fresh machine. A fixed pattern (weekends quieter), not random: the same every time. Days
 * with real conversations are recomputed by the rollup and replace these.
 */
export function demoHistory(db: Database, organizationId: string) {
  const days = Array.from({ length: 14 }, (_, index) => 14 - index);
  const rows = days.map((daysAgo, index) => {
    const weekend = [0, 6].includes(new Date(day(daysAgo)).getUTCDay());
    const web = (weekend ? 9 : 18) + (index % 5);
    const whatsapp = (weekend ? 4 : 7) + (index % 3);
    const total = web + whatsapp;
    const agent = 3 + (index % 4);
    return {
      organizationId,
      date: day(daysAgo),
      totalConversations: total,
      aiResolvedConversations: total - agent,
      agentResolvedConversations: agent,
      totalMessages: total * 6 + index,
      avgResponseTimeSeconds: 2 + (index % 3),
      avgResolutionTimeSeconds: 420 + index * 35,
      avgSatisfactionScore: 4 + (index % 5) / 10,
      channelMetrics: {
        web: { conversations: web, aiResolved: web - 2, agentResolved: 2, messages: web * 6 },
        whatsapp: { conversations: whatsapp, aiResolved: whatsapp - 1, agentResolved: 1, messages: whatsapp * 6 },
      },
    };
  });
  const events = days.flatMap((daysAgo, index) => [
    { organizationId, date: day(daysAgo), eventType: "message_received", eventCount: 60 + index * 3 },
    { organizationId, date: day(daysAgo), eventType: "knowledge_answered", eventCount: 30 + index },
    { organizationId, date: day(daysAgo), eventType: "handover_requested", eventCount: 3 + (index % 4) },
    { organizationId, date: day(daysAgo), eventType: "booking_created", eventCount: 2 + (index % 3) },
  ]);
  return [db.insert(analyticsDaily).values(rows), db.insert(analyticsEventCounts).values(events)] as const;
}
