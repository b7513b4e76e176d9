// Bookings and tools through the gateway on local workerd, each against a baseline measured in the
// same run: availability for a month with 1,000 existing bookings (vs. the same month empty, and the
// pure slot computation in Node), booking creation p50 (vs. the no-op route), and a tool invocation
// (check_availability through the tools worker, audited) vs. the same availability call made directly.
import { createDb, createSql, schema } from "@frontdesk/db";
import { seedDemoContent } from "@frontdesk/db/seed";
import { availableSlots } from "../workers/bookings/src/availability/slots.ts";
import { measureLatency } from "./latency.ts";
import { row, startBenchStack } from "./stack.ts";

const seconds = Number.parseFloat(process.env.BENCH_SECONDS ?? "3");
const stack = await startBenchStack({ withDomainWorkers: true });
const minute = 60_000;

try {
  const db = createDb({ DATABASE_URL: stack.local.databaseUrl, NEON_HTTP_ENDPOINT: stack.local.endpoint });
  const busy = await stack.organization();
  const empty = await stack.organization();
  for (const organization of [busy, empty]) await seedDemoContent(db, organization.id);

  // A month from tomorrow; 1,000 ten-minute bookings every 40 minutes around the clock fill it.
  const start = new Date(Math.ceil(Date.now() / 86_400_000) * 86_400_000 + 86_400_000);
  const end = new Date(start.getTime() + 30 * 86_400_000);
  const customerId = crypto.randomUUID();
  await db.insert(schema.customers).values({ id: customerId, organizationId: busy.id, name: "Bench" });
  const existing = Array.from({ length: 1_000 }, (_, index) => {
    const startsAt = new Date(start.getTime() + index * 40 * minute);
    const endsAt = new Date(startsAt.getTime() + 10 * minute);
    return {
      organizationId: busy.id,
      customerId,
      meetingType: "repair-drop-off",
      startsAt,
      endsAt,
      blockedFrom: startsAt,
      blockedUntil: endsAt,
      status: "confirmed" as const,
    };
  });
  for (let index = 0; index < existing.length; index += 250) {
    await db.insert(schema.bookings).values(existing.slice(index, index + 250));
  }
  const sql = createSql({ DATABASE_URL: stack.local.databaseUrl, NEON_HTTP_ENDPOINT: stack.local.endpoint });
  for (const organization of [busy, empty]) {
    await sql`update meeting_types set minimum_notice_minutes = 0 where organization_id = ${organization.id}`;
  }

  const month = new URLSearchParams({
    meetingType: "repair-drop-off",
    from: start.toISOString(),
    to: end.toISOString(),
  });
  const availability = (key: string) => async () => {
    const response = await stack.call(`/v1/availability?${month}`, { token: key });
    if (response.status !== 200) throw new Error(`availability answered ${response.status}: ${await response.text()}`);
    await response.arrayBuffer();
  };
  const ping = (key: string) => async () => {
    const response = await stack.call("/v1/ping", { token: key });
    if (response.status !== 200) throw new Error(`ping answered ${response.status}`);
    await response.arrayBuffer();
  };
  const busySlots = (
    (await (await stack.call(`/v1/availability?${month}`, { token: busy.key })).json()) as { slots: unknown[] }
  ).slots.length;
  const emptySlots = (
    (await (await stack.call(`/v1/availability?${month}`, { token: empty.key })).json()) as { slots: unknown[] }
  ).slots.length;

  console.log("\nroute                              conc   req/s      p50 ms   p99 ms");
  const noop = await measureLatency(ping(busy.key), seconds, 1);
  const monthEmpty = await measureLatency(availability(empty.key), seconds, 1);
  const monthBusy = await measureLatency(availability(busy.key), seconds, 1);
  console.log(row("auth + rate limit no-op (/v1/ping)", 1, noop));
  console.log(row("availability, month, 0 bookings", 1, monthEmpty));
  console.log(row("availability, month, 1,000 bookings", 1, monthBusy));

  // The slot computation alone (no HTTP, no database), on the same shape of data.
  const hours = [1, 2, 3, 4, 5].map((dayOfWeek) => ({ dayOfWeek, opensAt: "09:00", closesAt: "18:00" }));
  hours.push({ dayOfWeek: 6, opensAt: "10:00", closesAt: "16:00" });
  const rules = {
    durationMinutes: 15,
    bufferBeforeMinutes: 0,
    bufferAfterMinutes: 0,
    minimumNoticeMinutes: 0,
    slotIntervalMinutes: 15,
    maxAdvanceDays: 90,
  };
  const spans = existing.map((booking) => ({ from: booking.startsAt.getTime(), until: booking.endsAt.getTime() }));
  const compute = (busySpans: typeof spans) => {
    const calendar = { timezone: "Europe/London", hours, holidays: new Set<string>(), busy: busySpans };
    const runs = 200;
    const t0 = performance.now();
    for (let run = 0; run < runs; run++) availableSlots(calendar, rules, start, end, new Date(start.getTime() - 1));
    return (performance.now() - t0) / runs;
  };
  compute(spans);
  const pureEmpty = compute([]);
  const pureBusy = compute(spans);

  // Booking creation: distinct slots of the empty organization's month, one after another.
  const open = (
    (await (await stack.call(`/v1/availability?${month}`, { token: empty.key })).json()) as {
      slots: { startsAt: string }[];
    }
  ).slots;
  let taken = 0;
  const create = async () => {
    const slot = open[taken++];
    if (!slot) throw new Error("ran out of slots");
    const response = await stack.call("/v1/bookings", {
      method: "POST",
      token: empty.key,
      json: { meetingType: "repair-drop-off", startsAt: slot.startsAt, customer: { email: `b${taken}@example.com` } },
    });
    if (response.status !== 201) throw new Error(`booking answered ${response.status}: ${await response.text()}`);
    await response.arrayBuffer();
  };
  const latencies: number[] = [];
  for (let index = 0; index < 150; index++) {
    const t0 = performance.now();
    await create();
    latencies.push(performance.now() - t0);
  }
  latencies.sort((a, b) => a - b);
  const bookingP50 = latencies[Math.floor(latencies.length / 2)] ?? 0;
  const bookingP99 = latencies[Math.floor(latencies.length * 0.99)] ?? 0;

  // The same availability question, directly and as an audited tool call.
  const week = { meetingType: "repair-drop-off", from: start.toISOString(), days: 7, limit: 50 };
  const weekQuery = new URLSearchParams({
    meetingType: week.meetingType,
    from: week.from,
    to: new Date(start.getTime() + 7 * 86_400_000).toISOString(),
  });
  const direct = async () => {
    const response = await stack.call(`/v1/availability?${weekQuery}`, { token: busy.key });
    if (response.status !== 200) throw new Error(`availability answered ${response.status}`);
    await response.arrayBuffer();
  };
  const tool = async () => {
    const response = await stack.call("/v1/tools/check_availability", {
      method: "POST",
      token: busy.key,
      json: { input: week },
    });
    if (response.status !== 200) throw new Error(`tool answered ${response.status}: ${await response.text()}`);
    await response.arrayBuffer();
  };
  const directReport = await measureLatency(direct, seconds, 1);
  const toolReport = await measureLatency(tool, seconds, 1);
  console.log(row("availability, one week (direct)", 1, directReport));
  console.log(row("check_availability tool, same week", 1, toolReport));

  console.log(`\nslots offered in the month: ${emptySlots} (empty), ${busySlots} (1,000 bookings)`);
  console.log(
    `availability for a month with 1,000 bookings: p50 ${monthBusy.p50.toFixed(2)} ms, ${(monthBusy.p50 / monthEmpty.p50).toFixed(2)}x the empty month, ${(monthBusy.p50 / noop.p50).toFixed(2)}x the no-op route`,
  );
  console.log(
    `slot computation alone (Node): ${pureBusy.toFixed(3)} ms with 1,000 bookings vs ${pureEmpty.toFixed(3)} ms empty (${(pureBusy / pureEmpty).toFixed(2)}x)`,
  );
  console.log(
    `booking creation through the gateway (150 sequential): p50 ${bookingP50.toFixed(2)} ms, p99 ${bookingP99.toFixed(2)} ms, ${(bookingP50 / noop.p50).toFixed(2)}x the no-op p50`,
  );
  console.log(
    `tool invocation overhead: p50 ${toolReport.p50.toFixed(2)} ms vs ${directReport.p50.toFixed(2)} ms direct (+${(toolReport.p50 - directReport.p50).toFixed(2)} ms, ${(toolReport.p50 / directReport.p50).toFixed(2)}x)`,
  );
} finally {
  await stack.close();
}
