// `npm run collector -- --config collector.yaml` (or the flags of the simple case): loads and
// checks the config before connecting anywhere, then runs the collector until SIGINT/SIGTERM,
// which flush the outbox (what the server does not take in time stays on disk for next start).
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { BROKER_KINDS } from "@/collectors/core/adapter";
import { ConfigError, formatPath, parseConfigText } from "@/collectors/core/config/load-config";
import { collectorEnv, environment } from "@/collectors/core/env";
import { createCollectorLog } from "@/collectors/core/log";
import { COLLECTOR_VERSION, startCollector } from "@/collectors/core/runtime";
import { brokerEntry, collectorConfig, type CollectorConfig } from "@/collectors/registry";

const USAGE = `Usage:
  npm run collector -- --config collector.yaml
  npm run collector -- --broker rabbitmq --url amqp://guest:guest@localhost:5672 \\
      --server http://localhost:3000 --token esc_… --source orders --dlq orders.dlq

Options:
  -c, --config <file>     YAML config (examples in collectors/examples/)
      --broker <kind>     ${BROKER_KINDS.join(" | ")} (without --config)
      --url <url>         the broker: amqp://…, nats://…, redis://…, or Kafka host:port[,host:port]
      --source <name>     what to observe (exchange, stream, topic); repeat for more
      --dlq <name>        a dead-letter queue / stream / topic to drain; repeat for more
      --server <url>      the Eventscope server (default $EVENTSCOPE_URL or http://127.0.0.1:3000)
      --token <token>     the collector token (default $EVENTSCOPE_TOKEN)
      --name <name>       the broker's name in Eventscope
      --outbox <dir>      where the disk outbox lives (default .data/collector/<name>)
      --metrics <h:p|off> where /metrics and /healthz listen (default 127.0.0.1:9464)
      --check             check the config and exit
  -h, --help · -v, --version`;

export async function main(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv,
      options: {
        config: { type: "string", short: "c" },
        broker: { type: "string" },
        url: { type: "string" },
        source: { type: "string", multiple: true },
        dlq: { type: "string", multiple: true },
        server: { type: "string" },
        token: { type: "string" },
        name: { type: "string" },
        outbox: { type: "string" },
        metrics: { type: "string" },
        check: { type: "boolean" },
        help: { type: "boolean", short: "h" },
        version: { type: "boolean", short: "v" },
      },
      strict: true,
    }).values;
  } catch (err) {
    console.error(`${err instanceof Error ? err.message : String(err)}\n\n${USAGE}`);
    return 2;
  }
  if (args.help || args.version) {
    console.log(args.help ? USAGE : COLLECTOR_VERSION);
    return 0;
  }

  let config: ReadyConfig;
  try {
    config = loadConfig(args);
  } catch (err) {
    console.error(err instanceof Error ? err.message : String(err));
    return 2;
  }
  const token = config.server.token ?? args.token ?? collectorEnv().EVENTSCOPE_TOKEN;
  if (!token) {
    console.error(
      "No collector token: set server.token in the config, --token, or EVENTSCOPE_TOKEN (create one on the Collectors page).",
    );
    return 2;
  }
  const entry = brokerEntry(config.broker.kind);
  if (args.check) {
    console.log(
      `config OK: ${config.broker.kind} broker "${config.broker.name}" → ${config.server.url}; outbox ${config.outbox.dir}`,
    );
    return 0;
  }

  const log = createCollectorLog(config.log.level, `collector:${config.name}`);
  const running = await startCollector({
    config,
    token,
    broker: { name: config.broker.name, kind: config.broker.kind },
    adapter: await entry.create(config.broker, log),
    log,
  });
  return new Promise<number>((resolve) => {
    let signals = 0;
    const onSignal = (signal: NodeJS.Signals) => {
      if (++signals > 1) {
        log.error({ signal }, "second signal: exiting without waiting for the flush");
        resolve(1);
        return;
      }
      log.info({ signal }, "shutting down");
      running.stop().then(
        () => resolve(0),
        (err: unknown) => {
          log.error({ err: String(err) }, "shutdown failed");
          resolve(1);
        },
      );
    };
    process.on("SIGINT", onSignal);
    process.on("SIGTERM", onSignal);
  });
}

type ReadyConfig = CollectorConfig & { outbox: { dir: string } };
type Args = {
  config?: string;
  broker?: string;
  url?: string;
  source?: string[];
  dlq?: string[];
  server?: string;
  token?: string;
  name?: string;
  outbox?: string;
  metrics?: string;
};

/** The config from the YAML file or the flags; flags win over the file for server, token, name, outbox and metrics. */
export function loadConfig(args: Args, env: Record<string, string | undefined> = environment()): ReadyConfig {
  if (args.config) {
    let text: string;
    try {
      text = readFileSync(args.config, "utf8");
    } catch (err) {
      throw new ConfigError([
        `${args.config}: cannot read it (${(err as NodeJS.ErrnoException).code ?? String(err)})`,
      ]);
    }
    return finish(
      parseConfigText(text, args.config, collectorConfig, env, (r) => applyFlags(r, args, env)),
      args,
    );
  }
  if (!args.broker)
    throw new ConfigError(["either --config <file> or --broker <kind> with --url is needed (see --help)"]);
  if (!(BROKER_KINDS as readonly string[]).includes(args.broker))
    throw new ConfigError([`--broker: expected one of ${BROKER_KINDS.join(", ")}, got "${args.broker}"`]);
  if (!args.url) throw new ConfigError(["--url: the broker's address is needed"]);
  const kind = args.broker as (typeof BROKER_KINDS)[number];
  const raw = {
    server: {},
    broker: brokerEntry(kind).fromFlags({
      url: args.url,
      sources: args.source ?? [],
      dlqs: args.dlq ?? [],
      name: args.name,
    }),
  };
  const parsed = collectorConfig.safeParse(applyFlags(raw, args, env));
  if (!parsed.success)
    throw new ConfigError(
      parsed.error.issues.map(
        (i) => `${formatPath(i.path.filter((p) => typeof p !== "symbol"))}: ${i.message}`,
      ),
    );
  return finish(parsed.data, args);
}

function applyFlags(
  raw: Record<string, unknown>,
  args: Args,
  env: Record<string, string | undefined>,
): Record<string, unknown> {
  const server = { ...(raw.server as Record<string, unknown> | undefined) };
  server.url = args.server ?? server.url ?? env.EVENTSCOPE_URL ?? "http://127.0.0.1:3000";
  if (args.token) server.token = args.token;
  const out: Record<string, unknown> = { ...raw, server };
  if (args.name) out.name = args.name;
  if (args.metrics) out.metrics = { listen: args.metrics === "off" ? false : args.metrics };
  if (args.outbox) out.outbox = { ...(raw.outbox as object | undefined), dir: args.outbox };
  return out;
}

function finish(c: CollectorConfig, args: Args): ReadyConfig {
  const name = c.name === "collector" ? c.broker.name : c.name;
  return {
    ...c,
    name,
    outbox: { ...c.outbox, dir: args.outbox ?? c.outbox.dir ?? `.data/collector/${name}` },
  };
}
