import { useMemo, useState } from "preact/hooks";
import { Alert } from "./alert.tsx";
import { api, query } from "./api.ts";
import { ChartFigure } from "./chart.tsx";
import { duration, percent } from "./format.ts";
import type { AnalyticsDay, EventCounts } from "./types.ts";
import { useAsync } from "./use-async.ts";

const isoDay = (date: Date) => date.toISOString().slice(0, 10);
const daysAgo = (days: number) => isoDay(new Date(Date.now() - days * 86_400_000));

/** Averages of daily averages, weighted by how many conversations each day had. */
function weighted(
  days: AnalyticsDay[],
  value: (day: AnalyticsDay) => number | null,
  weight: (day: AnalyticsDay) => number,
) {
  let sum = 0;
  let total = 0;
  for (const day of days) {
    const v = value(day);
    if (v === null) continue;
    sum += v * weight(day);
    total += weight(day);
  }
  return total > 0 ? sum / total : null;
}

/** The organization's figures over a range, from /v1/analytics/daily and /v1/analytics/events. */
export function Dashboard() {
  const [from, setFrom] = useState(daysAgo(14));
  const [to, setTo] = useState(isoDay(new Date()));
  const figures = useAsync(
    async (signal) => {
      const range = query({ from, to });
      const [daily, events] = await Promise.all([
        api<{ data: AnalyticsDay[] }>(`/v1/analytics/daily${range}`, { signal }),
        api<EventCounts>(`/v1/analytics/events${range}`, { signal }),
      ]);
      return { days: daily.data, events };
    },
    [from, to],
  );
  const days = figures.data?.days ?? [];
  const charts = useMemo(() => {
    const labels = days.map((day) => day.date);
    const channels = new Map<string, number>();
    for (const day of days)
      for (const [channel, metrics] of Object.entries(day.channelMetrics))
        channels.set(channel, (channels.get(channel) ?? 0) + (metrics?.conversations ?? 0));
    const events = (figures.data?.events.totals ?? []).slice(0, 10);
    return { labels, channels: [...channels], events };
  }, [days, figures.data]);
  const resolved = (day: AnalyticsDay) => day.aiResolvedConversations + day.agentResolvedConversations;
  const totals = {
    conversations: days.reduce((n, day) => n + day.totalConversations, 0),
    ai: days.reduce((n, day) => n + day.aiResolvedConversations, 0),
    resolved: days.reduce((n, day) => n + resolved(day), 0),
    response: weighted(
      days,
      (day) => day.avgResponseTimeSeconds,
      (day) => day.totalConversations,
    ),
    resolution: weighted(days, (day) => day.avgResolutionTimeSeconds, resolved),
    csat: weighted(days, (day) => day.avgSatisfactionScore, resolved),
  };
  return (
    <main class="page dashboard">
      <div class="row">
        <h1>Dashboard</h1>
        <form class="range" onSubmit={(e) => e.preventDefault()} aria-label="Range">
          <label>
            From <input type="date" value={from} max={to} onChange={(e) => setFrom(e.currentTarget.value)} />
          </label>
          <label>
            To <input type="date" value={to} min={from} onChange={(e) => setTo(e.currentTarget.value)} />
          </label>
        </form>
      </div>
      <Alert message={figures.error} onRetry={() => void figures.reload()} />
      {figures.data && days.length === 0 && (
        <p class="muted">No figures for these days yet (they are rolled up every 10 minutes).</p>
      )}
      {days.length > 0 && (
        <>
          <ul class="tiles" aria-label="Totals">
            <li class="card">
              <span class="figure" data-total="conversations">
                {totals.conversations}
              </span>{" "}
              conversations
            </li>
            <li class="card">
              <span class="figure">{totals.resolved ? percent(totals.ai / totals.resolved) : "–"}</span> resolved by the
              assistant
            </li>
            <li class="card">
              <span class="figure">{duration(totals.response)}</span> first response
            </li>
            <li class="card">
              <span class="figure">{duration(totals.resolution)}</span> to resolve
            </li>
            <li class="card">
              <span class="figure">{totals.csat === null ? "–" : totals.csat.toFixed(2)}</span> CSAT (1-5)
            </li>
          </ul>
          <div class="charts">
            <ChartFigure
              id="conversations"
              title="Conversations per day"
              type="line"
              labels={charts.labels}
              series={[{ label: "Conversations", values: days.map((d) => d.totalConversations), color: "#0f6e4a" }]}
            />
            <ChartFigure
              id="resolution"
              title="Resolved by the assistant and by agents"
              type="bar"
              stacked
              labels={charts.labels}
              series={[
                { label: "Assistant", values: days.map((d) => d.aiResolvedConversations), color: "#0f6e4a" },
                { label: "Agents", values: days.map((d) => d.agentResolvedConversations), color: "#b85c00" },
              ]}
            />
            <ChartFigure
              id="times"
              title="First response and resolution time (minutes)"
              type="line"
              labels={charts.labels}
              series={[
                {
                  label: "First response",
                  values: days.map((d) => (d.avgResponseTimeSeconds === null ? null : d.avgResponseTimeSeconds / 60)),
                  color: "#1d5fa8",
                },
                {
                  label: "Resolution",
                  values: days.map((d) =>
                    d.avgResolutionTimeSeconds === null ? null : d.avgResolutionTimeSeconds / 60,
                  ),
                  color: "#7a3fa0",
                },
              ]}
            />
            <ChartFigure
              id="csat"
              title="Average CSAT (1-5)"
              type="line"
              labels={charts.labels}
              series={[{ label: "CSAT", values: days.map((d) => d.avgSatisfactionScore), color: "#b3261e" }]}
            />
            <ChartFigure
              id="channels"
              title="Conversations per channel"
              type="bar"
              horizontal
              rowLabel="Channel"
              labels={charts.channels.map(([channel]) => channel)}
              series={[{ label: "Conversations", values: charts.channels.map(([, n]) => n), color: "#0f6e4a" }]}
            />
            <ChartFigure
              id="events"
              title="Events"
              type="bar"
              horizontal
              rowLabel="Event"
              labels={charts.events.map((e) => e.eventType)}
              series={[{ label: "Count", values: charts.events.map((e) => e.count), color: "#1d5fa8" }]}
            />
          </div>
        </>
      )}
    </main>
  );
}
