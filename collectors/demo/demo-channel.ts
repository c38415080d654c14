// The demo source's line on /collectors, so the Collectors page shows it as a live agent like any
// other: hello and heartbeats built from its stats. It has no broker to republish to, so a
// reprocess command addressed to it fails with a reason that says so.
import { mkdtemp } from "node:fs/promises";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { CommandChannel } from "@/collectors/core/command-channel";
import { CommandLog } from "@/collectors/core/command-log";
import type { CollectorLog } from "@/collectors/core/log";
import { COLLECTOR_VERSION } from "@/collectors/core/runtime";
import type { DemoSource } from "@/collectors/demo/demo-source";
import { BROKERS } from "@/collectors/demo/shop-catalog";

export async function connectDemoChannel(o: {
  serverUrl: string;
  token: string;
  demo: DemoSource;
  log: CollectorLog;
}): Promise<{ stop: () => Promise<void> }> {
  const startedAt = new Date().toISOString();
  let last = { at: Date.now(), produced: o.demo.stats().produced };
  let rate = 0;
  const channel = new CommandChannel({
    serverUrl: o.serverUrl,
    token: o.token,
    hello: () => ({
      version: COLLECTOR_VERSION,
      brokerKind: "demo",
      broker: BROKERS.rabbit,
      hostname: hostname(),
      pid: process.pid,
      startedAt,
    }),
    heartbeat: () => {
      const s = o.demo.stats();
      const now = Date.now();
      if (now > last.at) rate = Math.round(((s.produced - last.produced) * 1000) / (now - last.at));
      last = { at: now, produced: s.produced };
      return {
        at: new Date(now).toISOString(),
        brokerConnected: true,
        stats: {
          received: s.produced,
          sent: s.sentItems,
          retried: s.retries,
          dropped: s.droppedQueueFull + s.droppedRefused + s.droppedOnStop,
          deadLetters: 0,
          outboxItems: s.queued,
          outboxBytes: 0,
          eventsPerSecond: rate,
          errors: s.lastError ? 1 : 0,
        },
        lastError: s.lastError,
        gauges: [],
      };
    },
    republish: () => Promise.reject(new Error("the demo source has no broker to republish to")),
    commands: await CommandLog.open(await mkdtemp(join(tmpdir(), "eventscope-demo-"))),
    log: o.log,
  });
  channel.start();
  return { stop: () => channel.stop() };
}
