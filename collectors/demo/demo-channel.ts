// The demo source's agents on /collectors, one per simulated broker as with real collectors, so
// the Collectors page shows them as live agents and a reprocess of a demo dead letter goes to the
// agent of its broker: the shop takes the message back (DemoSource.republish), so the dead letter
// ends reprocessed, or failed again when its consumer refuses it once more. The agent that
// forwards the shop's items reports the sender's figures; the other reports its broker's events.
import { mkdtemp } from "node:fs/promises";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { CommandChannel } from "@/collectors/core/command-channel";
import { CommandLog } from "@/collectors/core/command-log";
import type { CollectorLog } from "@/collectors/core/log";
import { COLLECTOR_VERSION } from "@/collectors/core/runtime";
import type { CollectorStats } from "@/lib/collectors/protocol";
import type { DemoSource } from "@/collectors/demo/demo-source";
import { BROKERS } from "@/collectors/demo/shop-catalog";

export async function connectDemoChannel(o: {
  serverUrl: string;
  token: string;
  demo: DemoSource;
  /** The simulated broker this agent serves (BROKERS in shop-catalog.ts). */
  broker: string;
  /** Whether this agent's heartbeat carries the shared sender's figures (sent, retries, queue). */
  forwards: boolean;
  log: CollectorLog;
}): Promise<{ stop: () => Promise<void> }> {
  const startedAt = new Date().toISOString();
  let last = { at: Date.now(), produced: o.demo.producedOn(o.broker) };
  let rate = 0;
  const channel = new CommandChannel({
    serverUrl: o.serverUrl,
    token: o.token,
    hello: () => ({
      version: COLLECTOR_VERSION,
      brokerKind: "demo",
      broker: o.broker,
      hostname: hostname(),
      pid: process.pid,
      startedAt,
    }),
    heartbeat: () => {
      const s = o.demo.stats();
      const produced = o.demo.producedOn(o.broker);
      const now = Date.now();
      if (now > last.at) rate = Math.round(((produced - last.produced) * 1000) / (now - last.at));
      last = { at: now, produced };
      const sender: Omit<CollectorStats, "received" | "eventsPerSecond" | "deadLetters"> = o.forwards
        ? {
            sent: s.sentItems,
            retried: s.retries,
            dropped: s.droppedQueueFull + s.droppedRefused + s.droppedOnStop,
            outboxItems: s.queued,
            outboxBytes: s.queuedBytes,
            errors: s.lastError ? 1 : 0,
          }
        : { sent: 0, retried: 0, dropped: 0, outboxItems: 0, outboxBytes: 0, errors: 0 };
      return {
        at: new Date(now).toISOString(),
        brokerConnected: true,
        stats: { received: produced, eventsPerSecond: rate, deadLetters: 0, ...sender },
        ...(o.forwards ? { lastError: s.lastError } : {}),
        gauges: [],
      };
    },
    republish: async (req) => o.demo.republish(o.broker, req),
    // A fresh log per start: the demo keeps nothing across restarts, so a command left unanswered
    // by a restart is taken again by the shop (a simulated redelivery; no real broker is involved).
    commands: await CommandLog.open(await mkdtemp(join(tmpdir(), "eventscope-demo-"))),
    log: o.log,
  });
  channel.start();
  return { stop: () => channel.stop() };
}

/**
 * The demo's agents: the RabbitMQ-like broker's with `token` (it also reports the shared sender's
 * figures), the NATS-like one's with `natsToken` when given — one collector per broker, as with
 * real collectors. Without `natsToken` that broker's dead letters have no agent to reprocess them.
 */
export async function connectDemoAgents(o: {
  serverUrl: string;
  demo: DemoSource;
  log: CollectorLog;
  token: string;
  natsToken?: string;
}): Promise<{ stop: () => Promise<void> }> {
  const agent = { serverUrl: o.serverUrl, demo: o.demo, log: o.log };
  const channels = await Promise.all([
    connectDemoChannel({ ...agent, token: o.token, broker: BROKERS.rabbit, forwards: true }),
    ...(o.natsToken === undefined
      ? []
      : [connectDemoChannel({ ...agent, token: o.natsToken, broker: BROKERS.nats, forwards: false })]),
  ]);
  return { stop: async () => void (await Promise.all(channels.map((c) => c.stop()))) };
}
