// The built-in demo source inside the server: on when DEMO=on, or DEMO=auto and no DATABASE_URL
// (a newcomer's first run). It gets a fresh token for the collector "demo" and posts to this
// server's own URL, through the same ingest path as any collector; "demo" serves its RabbitMQ-like
// broker's reprocess commands and "demo-nats" its NATS-like one's, as one collector per broker
// would. While it runs, its slow-consumer knob is registered for POST /api/v1/demo/slow-consumer
// (collectors/demo/demo-control.ts).
import { rotateCollectorToken } from "@/lib/auth/collector-tokens";
import type { Env } from "@/lib/env";
import type { CollectorLog } from "@/collectors/core/log";
import { connectDemoAgents } from "@/collectors/demo/demo-channel";
import { registerDemoControl } from "@/collectors/demo/demo-control";
import { DemoSource } from "@/collectors/demo/demo-source";

export function demoWanted(e: Pick<Env, "DEMO" | "DATABASE_URL">): boolean {
  return e.DEMO === "on" || (e.DEMO === "auto" && !e.DATABASE_URL);
}

export async function startDemo(opts: {
  serverUrl: string;
  rate: number;
  log: CollectorLog;
}): Promise<{ stop: (timeoutMs: number) => Promise<void> }> {
  const { token } = await rotateCollectorToken("demo");
  const demo = new DemoSource({ serverUrl: opts.serverUrl, token, rate: opts.rate, log: opts.log });
  demo.start();
  registerDemoControl(demo);
  const nats = await rotateCollectorToken("demo-nats");
  const agents = await connectDemoAgents({
    serverUrl: opts.serverUrl,
    demo,
    log: opts.log,
    token,
    natsToken: nats.token,
  });
  return {
    stop: async (timeoutMs) => {
      registerDemoControl(undefined);
      await agents.stop();
      await demo.stop(timeoutMs);
    },
  };
}
