// Runs the demo shop as a standalone collector against any Eventscope server:
//   tsx collectors/demo/cli.ts --server http://127.0.0.1:3000 --token esc_… [--nats-token esc_…] --rate 50
// With its agents, as the built-in demo has them: the token's collector serves the RabbitMQ-like
// broker's reprocess commands, the NATS-like one's a second collector (--nats-token), one collector
// per broker. Flags override the environment (collectors/core/env.ts). Ctrl+C flushes what is
// queued, then exits.
import { parseArgs } from "node:util";
import { collectorEnv } from "@/collectors/core/env";
import { createCollectorLog } from "@/collectors/core/log";
import { connectDemoAgents } from "@/collectors/demo/demo-channel";
import { DemoSource } from "@/collectors/demo/demo-source";

const USAGE = `usage: tsx collectors/demo/cli.ts --server URL --token TOKEN [--nats-token TOKEN] [--rate N] [--seed S] [--schema-change-after N] [--failure-rate P]
  --server               Eventscope URL (EVENTSCOPE_URL, default http://127.0.0.1:3000)
  --token                collector token, from \`npm run token -- create --name demo-shop\` (EVENTSCOPE_TOKEN);
                         its collector also reprocesses the RabbitMQ-like broker's dead letters
  --nats-token           a second collector's token, to reprocess the NATS-like broker's dead letters too
                         (\`npm run token -- create --name demo-shop-nats\`)
  --rate                 events per second (DEMO_RATE, default 25)
  --seed                 fixed seed for a reproducible run (DEMO_SEED, default random)
  --schema-change-after  events before OrderPlaced.total becomes an object (DEMO_SCHEMA_CHANGE_AFTER, default 3000)
  --failure-rate         share of deliveries dead-lettered (DEMO_FAILURE_RATE, default 0.02)`;

function fail(message: string): never {
  console.error(`${message}\n\n${USAGE}`);
  process.exit(2);
}

function numberFlag(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) fail(`--${name} must be a non-negative number (got "${value}")`);
  return n;
}

async function main(): Promise<void> {
  let env;
  let values;
  try {
    env = collectorEnv();
    ({ values } = parseArgs({
      options: {
        server: { type: "string" },
        token: { type: "string" },
        "nats-token": { type: "string" },
        rate: { type: "string" },
        seed: { type: "string" },
        "schema-change-after": { type: "string" },
        "failure-rate": { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    }));
  } catch (err) {
    fail(err instanceof Error ? err.message : String(err));
  }
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const token = values.token ?? env.EVENTSCOPE_TOKEN;
  if (!token) fail("a collector token is required (--token or EVENTSCOPE_TOKEN)");
  const natsToken = values["nats-token"];
  if (natsToken === token) fail("--nats-token must be another collector's token: one collector per broker");
  const rate = numberFlag("rate", values.rate, env.DEMO_RATE);
  if (rate <= 0) fail("--rate must be above 0");
  const failureRate = numberFlag("failure-rate", values["failure-rate"], env.DEMO_FAILURE_RATE);
  if (failureRate > 1) fail("--failure-rate is a share between 0 and 1");

  const log = createCollectorLog(env.LOG_LEVEL, "demo");
  const demo = new DemoSource({
    serverUrl: values.server ?? env.EVENTSCOPE_URL,
    token,
    rate,
    log,
    seed: values.seed ?? env.DEMO_SEED,
    schemaChangeAfterEvents: numberFlag(
      "schema-change-after",
      values["schema-change-after"],
      env.DEMO_SCHEMA_CHANGE_AFTER,
    ),
    failureRate,
    sender: {
      maxBatchItems: env.COLLECTOR_BATCH_MAX_ITEMS,
      maxBatchDelayMs: env.COLLECTOR_BATCH_MAX_DELAY_MS,
      maxQueueItems: env.COLLECTOR_QUEUE_MAX_ITEMS,
    },
  });
  demo.start();
  const agents = await connectDemoAgents({
    serverUrl: values.server ?? env.EVENTSCOPE_URL,
    demo,
    log,
    token,
    ...(natsToken === undefined ? {} : { natsToken }),
  });

  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      log.warn({ signal }, "second signal: exiting without flushing");
      process.exit(1);
    }
    stopping = true;
    log.info({ signal }, "stopping the demo source");
    Promise.all([agents.stop(), demo.stop()]).then(
      () => process.exit(0),
      (err: unknown) => {
        log.error({ err }, "demo source did not stop cleanly");
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
