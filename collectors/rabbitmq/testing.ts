// Helpers for the RabbitMQ adapter's integration tests and benchmarks: unique names, an
// application topology with a dead-letter queue, a confirmed publish burst, an app consumer.
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { promisify } from "node:util";
import amqp, { type Channel, type ConsumeMessage, type Options } from "amqplib";
import { eventually } from "@/collectors/core/testing/eventually";

export const RABBITMQ_TEST_URL = "amqp://guest:guest@127.0.0.1:5672";

export function uniqueName(prefix: string): string {
  return `${prefix}-${randomBytes(5).toString("hex")}`;
}

/** Runs `fn` on a fresh channel of a fresh connection, closed afterwards. */
export async function withChannel<T>(url: string, fn: (ch: Channel) => Promise<T>): Promise<T> {
  const conn = await amqp.connect(url);
  conn.on("error", () => undefined);
  try {
    const ch = await conn.createChannel();
    ch.on("error", () => undefined);
    return await fn(ch);
  } finally {
    await conn.close().catch(() => undefined);
  }
}

/** Publishes `count` messages on a confirm channel and resolves once the broker confirmed all. */
export async function publishBurst(opts: {
  url: string;
  exchange: string;
  routingKey: string | ((i: number) => string);
  count: number;
  body: (i: number) => Buffer | string;
  options?: (i: number) => Options.Publish;
}): Promise<void> {
  const conn = await amqp.connect(opts.url);
  conn.on("error", () => undefined);
  try {
    const ch = await conn.createConfirmChannel();
    for (let i = 0; i < opts.count; i++) {
      const key = typeof opts.routingKey === "function" ? opts.routingKey(i) : opts.routingKey;
      const body = opts.body(i);
      const ok = ch.publish(
        opts.exchange,
        key,
        Buffer.isBuffer(body) ? body : Buffer.from(body),
        opts.options?.(i),
      );
      // publish() returns false once the socket buffer is full: wait for it to drain.
      if (!ok) await new Promise((resolve) => ch.once("drain", resolve));
    }
    await ch.waitForConfirms();
  } finally {
    await conn.close().catch(() => undefined);
  }
}

export type AppTopology = {
  /** Topic exchange the app publishes to. */
  exchange: string;
  /** The app's queue, bound with "#", dead-lettering to `dlx`. */
  queue: string;
  /** Fanout dead-letter exchange. */
  dlx: string;
  /** Dead-letter queue bound to `dlx`. */
  dlq: string;
  /** Deletes all of the above. */
  cleanup(): Promise<void>;
};

/** An app exchange + app queue with a DLX + DLQ, all named from `prefix` (make it unique). */
export async function declareAppTopology(url: string, prefix: string): Promise<AppTopology> {
  const names = {
    exchange: `${prefix}.ex`,
    queue: `${prefix}.app`,
    dlx: `${prefix}.dlx`,
    dlq: `${prefix}.dlq`,
  };
  await withChannel(url, async (ch) => {
    await ch.assertExchange(names.exchange, "topic", { durable: false });
    await ch.assertExchange(names.dlx, "fanout", { durable: false });
    await ch.assertQueue(names.dlq, { durable: false });
    await ch.bindQueue(names.dlq, names.dlx, "");
    await ch.assertQueue(names.queue, { durable: false, deadLetterExchange: names.dlx });
    await ch.bindQueue(names.queue, names.exchange, "#");
  });
  return {
    ...names,
    cleanup: () =>
      withChannel(url, async (ch) => {
        for (const q of [names.queue, names.dlq]) await ch.deleteQueue(q);
        for (const x of [names.exchange, names.dlx]) await ch.deleteExchange(x);
      }),
  };
}

export type AppConsumer = {
  readonly received: ConsumeMessage[];
  stop(): Promise<void>;
};

/**
 * An application consumer: `decide` says whether to ack, reject (nack, requeue=false: dead-lettered)
 * or requeue (nack, requeue=true: redelivered) each message.
 */
export async function startAppConsumer(
  url: string,
  queue: string,
  decide: (msg: ConsumeMessage) => "ack" | "reject" | "requeue" = () => "ack",
): Promise<AppConsumer> {
  const conn = await amqp.connect(url);
  conn.on("error", () => undefined);
  const ch = await conn.createChannel();
  const received: ConsumeMessage[] = [];
  await ch.consume(queue, (msg) => {
    if (!msg) return;
    received.push(msg);
    const decision = decide(msg);
    if (decision === "ack") ch.ack(msg);
    else ch.nack(msg, false, decision === "requeue");
  });
  return { received, stop: () => conn.close().catch(() => undefined) };
}

/** Ready messages and consumers of a queue (passive declare). */
export function queueStats(
  url: string,
  queue: string,
): Promise<{ messageCount: number; consumerCount: number }> {
  return withChannel(url, (ch) => ch.checkQueue(queue));
}

/** Deletes Eventscope's own queues for a broker name (tests leave nothing behind). */
export async function deleteOwnQueues(url: string, queues: string[]): Promise<void> {
  await withChannel(url, async (ch) => {
    for (const q of queues) await ch.deleteQueue(q);
  });
}

// The helpers below drive rabbitmqctl, so they need a local broker and root (as on the CI machine):
// unlike the management API's statistics, its answers are current, not up to 5 s old.
const run = promisify(execFile);

export async function rabbitmqctl(...args: string[]): Promise<string> {
  const { stdout } = await run("rabbitmqctl", args, { timeout: 60_000 });
  return stdout;
}

/** Ready and unacknowledged messages of a queue, as the queue process holds them now; undefined when absent. */
export async function queueCounts(
  queue: string,
  vhost = "/",
): Promise<{ ready: number; unacked: number } | undefined> {
  const out = await rabbitmqctl(
    "list_queues",
    "-q",
    "--formatter",
    "json",
    "-p",
    vhost,
    "name",
    "messages_ready",
    "messages_unacknowledged",
  );
  const rows = JSON.parse(out) as { name: string; messages_ready: number; messages_unacknowledged: number }[];
  const row = rows.find((r) => r.name === queue);
  return row && { ready: row.messages_ready, unacked: row.messages_unacknowledged };
}

/** Closes (broker side) the connections whose client-provided name is `connectionName`. */
export async function closeConnectionsNamed(connectionName: string, vhost = "/"): Promise<number> {
  // The table output, not JSON: close_connection wants the pid as <node.creation.id.serial>.
  const out = await rabbitmqctl(
    "list_connections",
    "-q",
    "--no-table-headers",
    "-p",
    vhost,
    "pid",
    "client_properties",
  );
  const pids = out
    .split("\n")
    .filter((line) => line.includes(`{"connection_name","${connectionName}"}`))
    .map((line) => line.split("\t")[0] ?? "");
  for (const pid of pids) await rabbitmqctl("close_connection", pid, "closed by a test");
  return pids.length;
}

/**
 * A vhost of its own, removed with everything in it by remove(): for tests whose collector sees
 * a whole vhost (the firehose with `trace`, DLQ discovery), so they neither disturb nor see others.
 */
export async function createTestVhost(
  baseUrl: string,
  opts: { trace?: boolean; user?: string } = {},
): Promise<{ url: string; vhost: string; remove(): Promise<void> }> {
  const vhost = uniqueName("es-vhost");
  await rabbitmqctl("add_vhost", vhost);
  await rabbitmqctl("set_permissions", "-p", vhost, opts.user ?? "guest", ".*", ".*", ".*");
  if (opts.trace) await rabbitmqctl("trace_on", "-p", vhost);
  const url = new URL(baseUrl);
  url.pathname = `/${encodeURIComponent(vhost)}`;
  return { url: url.toString(), vhost, remove: async () => void (await rabbitmqctl("delete_vhost", vhost)) };
}

export { eventually };

/**
 * Publishes a sentinel after everything else and waits until `consumer` got it: a late second copy
 * of anything published before would have arrived by then.
 */
export async function publishSentinel(url: string, exchange: string, consumer: AppConsumer): Promise<void> {
  const id = `sentinel-${randomBytes(4).toString("hex")}`;
  await publishBurst({
    url,
    exchange,
    routingKey: "orders.placed",
    count: 1,
    body: () => "{}",
    options: () => ({ messageId: id, type: "Sentinel" }),
  });
  await eventually(() => consumer.received.some((m) => m.properties.messageId === id), "the sentinel");
}
