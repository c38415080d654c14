// A real RabbitMQ collector for browser tests, run inside the test process against the e2e app:
// the same runtime and adapter the agent runs (collectors/core/runtime.ts), observing `exchanges`
// and taking in the dead-letter queues `dlqs`, with its outbox in a temporary directory. stop()
// shuts it down, deletes the tap queue it declared on the broker and removes the outbox.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { commonConfig } from "@/collectors/core/config/collector-config";
import { silentLog } from "@/collectors/core/log";
import { startCollector } from "@/collectors/core/runtime";
import { rabbitmqConfig } from "@/collectors/rabbitmq/config";
import { createRabbitmqAdapter } from "@/collectors/rabbitmq/rabbitmq-adapter";
import { tapQueueName } from "@/collectors/rabbitmq/tap";
import { deleteOwnQueues } from "@/collectors/rabbitmq/testing";

export type E2eCollector = { brokerConnected: () => boolean; stop: () => Promise<void> };

export async function startRabbitmqCollector(o: {
  serverUrl: string;
  token: string;
  broker: string;
  amqpUrl: string;
  exchanges: string[];
  dlqs: string[];
}): Promise<E2eCollector> {
  const dir = await mkdtemp(join(tmpdir(), "es-e2e-collector-"));
  const config = commonConfig.parse({
    name: o.broker,
    server: { url: o.serverUrl, token: o.token },
    outbox: { dir },
    batch: { maxItems: 500, maxDelayMs: 20 },
    metrics: { listen: false },
  });
  const broker = rabbitmqConfig.parse({
    kind: "rabbitmq",
    name: o.broker,
    url: o.amqpUrl,
    exchanges: o.exchanges.map((name) => ({ name })),
    pollIntervalMs: 200,
    deadLetters: { queues: o.dlqs },
  });
  const collector = await startCollector({
    config: { ...config, outbox: { ...config.outbox, dir } },
    token: o.token,
    broker: { name: o.broker, kind: "rabbitmq" },
    adapter: createRabbitmqAdapter(broker),
    log: silentLog,
    retry: { baseMs: 50, maxMs: 500 },
    stopTimeoutMs: 2_000,
  });
  return {
    brokerConnected: () => collector.sink.brokerConnected,
    async stop() {
      try {
        await collector.stop();
        await deleteOwnQueues(o.amqpUrl, [tapQueueName(broker)]).catch(() => undefined);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  };
}
