// The dashboard's questions answered naively from the raw rows (messages ⋈ deliveries, exact
// percentile_cont), the baseline bench:queries prints beside the API's answer from the rollups.
export type NaiveContext = { typeId: number; typeName: string };

export type NaiveQuery = {
  name: string;
  /** The API path answering the same question. */
  api: (ctx: NaiveContext) => string;
  /** The same route over another window: compiles the route without warming the measured window. */
  warmup: (ctx: NaiveContext) => string;
  sql: string;
  params: (ctx: NaiveContext) => unknown[];
};

export const NAIVE: NaiveQuery[] = [
  {
    name: "flow graph, 24 h",
    api: () => "/api/v1/flows?window=24h",
    warmup: () => "/api/v1/flows?window=15m",
    sql: `SELECT 'produce' AS edge, m.producer_id AS service_id, m.channel_id, count(*) AS n, 0 AS errors,
                 percentile_cont(ARRAY[0.5, 0.95, 0.99]) WITHIN GROUP (ORDER BY m.observed_at - m.published_at) AS p
          FROM messages m WHERE m.published_at >= now() - interval '24 hours'
          GROUP BY m.producer_id, m.channel_id
          UNION ALL
          SELECT 'consume', d.consumer_id, d.channel_id, count(*), count(*) FILTER (WHERE d.outcome <> 'ack'),
                 percentile_cont(ARRAY[0.5, 0.95, 0.99]) WITHIN GROUP (ORDER BY d.delivered_at - m.published_at)
          FROM deliveries d JOIN messages m ON m.broker_id = d.broker_id AND m.message_id = d.message_id
          WHERE d.delivered_at >= now() - interval '24 hours'
          GROUP BY d.consumer_id, d.channel_id`,
    params: () => [],
  },
  latencySeries("p50/p95/p99 series, 7 d at 1 min", { range: "7d", step: "1" }, "15m", "1 minute", "7 days"),
  latencySeries(
    "p50/p95/p99 series, 24 h (page: 5 min steps)",
    { range: "24h" },
    "1h",
    "5 minutes",
    "24 hours",
  ),
  latencySeries("p50/p95/p99 series, 7 d (page: 1 h steps)", { range: "7d" }, "6h", "1 hour", "7 days"),
  {
    name: "trace search, one type, 24 h",
    api: (ctx) =>
      `/api/v1/traces?${new URLSearchParams({ type: ctx.typeName, from: new Date(Date.now() - 86_400_000).toISOString() })}`,
    warmup: () => `/api/v1/traces?${new URLSearchParams({ range: "15m" })}`,
    sql: `SELECT m.trace_id, min(m.published_at) AS started, max(m.observed_at) AS ended, count(*) AS messages
          FROM messages m
          WHERE m.published_at >= now() - interval '24 hours'
            AND m.trace_id IN (SELECT trace_id FROM messages WHERE event_type_id = $1 AND published_at >= now() - interval '24 hours')
          GROUP BY m.trace_id ORDER BY started DESC LIMIT 50`,
    params: (ctx) => [ctx.typeId],
  },
];

/**
 * The busiest type's end-to-end p50/p95/p99 series as the Latency API answers it (`query`: range and
 * step), and naively: deliveries ⋈ messages per `bin` (steps on multiples of their length, as the
 * API's live windows) over the last `span`. `warmupRange` compiles the route on another window.
 */
function latencySeries(
  name: string,
  query: { range: string; step?: string },
  warmupRange: string,
  bin: string,
  span: string,
): NaiveQuery {
  const path = (q: Record<string, string>) => `/api/v1/latency?${new URLSearchParams(q)}`;
  return {
    name,
    api: (ctx) => path({ type: ctx.typeName, ...query, hop: "e2e" }),
    warmup: (ctx) => path({ type: ctx.typeName, range: warmupRange, hop: "e2e" }),
    sql: `SELECT date_bin('${bin}'::interval, d.delivered_at, 'epoch') AS step, count(*) AS n,
                 percentile_cont(ARRAY[0.5, 0.95, 0.99]) WITHIN GROUP (ORDER BY d.acked_at - m.published_at) AS p
          FROM deliveries d JOIN messages m ON m.broker_id = d.broker_id AND m.message_id = d.message_id
          WHERE m.event_type_id = $1 AND d.delivered_at >= now() - interval '${span}' AND d.acked_at IS NOT NULL
          GROUP BY 1 ORDER BY 1`,
    params: (ctx) => [ctx.typeId],
  };
}
