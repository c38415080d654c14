// The RabbitMQ broker adapter: taps exchanges with Eventscope's own queue, optionally reads the
// firehose, drains dead-letter queues, polls queue gauges and republishes dead letters. One AMQP
// connection; each part on channels of its own, so a channel-closing error stays local.
import type { ChannelModel } from "amqplib";
import type { AdapterSink, BrokerAdapter } from "@/collectors/core/adapter";
import { describeUrl } from "@/collectors/rabbitmq/amqp-mapping";
import type { RabbitmqConfig } from "@/collectors/rabbitmq/config";
import { openConnection } from "@/collectors/rabbitmq/connection";
import { createDeadLetterDrain, type DeadLetterDrain } from "@/collectors/rabbitmq/dead-letters";
import { startFirehose, type Firehose } from "@/collectors/rabbitmq/firehose";
import { createGaugePoller, type GaugePoller } from "@/collectors/rabbitmq/gauges";
import { managementApi } from "@/collectors/rabbitmq/management-api";
import { createRepublisher, type Republisher } from "@/collectors/rabbitmq/republisher";
import { startTap, type Tap } from "@/collectors/rabbitmq/tap";

/** How long stop() waits for messages already handed to the sink to be acked. */
const STOP_GRACE_MS = 2000;
/** Dead-letter queue discovery lists every queue over HTTP: not on every poll. */
const DISCOVERY_INTERVAL_MS = 30_000;

type Running = {
  conn: ChannelModel;
  tap?: Tap;
  firehose?: Firehose;
  drain: DeadLetterDrain;
  gauges: GaugePoller;
  republisher: Republisher;
  timer?: NodeJS.Timeout;
  tick?: Promise<void>;
};

export function createRabbitmqAdapter(config: RabbitmqConfig): BrokerAdapter {
  const where = describeUrl(config.url);
  const management = managementApi(config.url, config.deadLetters.managementUrl);
  let running: Running | undefined;
  let stopping = false;

  async function start(sink: AdapterSink): Promise<void> {
    if (running) throw new Error(`RabbitMQ adapter for ${where} is already started`);
    stopping = false;
    const conn = await openConnection(config.url, `eventscope collector (${config.name})`);
    let lost = false;
    const onLost = (reason: string) => {
      if (stopping || lost) return;
      lost = true;
      sink.disconnected(reason);
    };
    conn.on("close", (err?: Error) => onLost(`connection to ${where} lost${err ? `: ${err.message}` : ""}`));
    conn.on("blocked", (reason: string) =>
      sink.log.warn({ reason }, "RabbitMQ blocks publishers (resource alarm)"),
    );

    const drain = createDeadLetterDrain(conn, config, sink, () => stopping);
    const r: Running = {
      conn,
      drain,
      gauges: createGaugePoller(conn, sink),
      republisher: createRepublisher(conn),
    };
    running = r;
    try {
      if (config.exchanges.length > 0) r.tap = await startTap(conn, config, sink, onLost);
      if (config.firehose) {
        r.firehose = await startFirehose(conn, config, sink, {
          tapped: new Set(config.exchanges.map((e) => e.name)),
          isOwnQueue: (q) => q.startsWith("eventscope.") || drain.draining.has(q),
          onLost,
        });
        warnWhenTracingIsOff(sink);
      }
      let discovered: string[] = [];
      let discoveredAt = -Infinity;
      const tick = async () => {
        if (config.deadLetters.discover && Date.now() - discoveredAt >= DISCOVERY_INTERVAL_MS) {
          discoveredAt = Date.now();
          discovered = await management.deadLetterQueues().catch((err: unknown) => {
            sink.problem("dead-letter queue discovery (management API)", err);
            return discovered;
          });
        }
        const dlqs = [...config.deadLetters.queues, ...discovered];
        await r.tap?.bindMissing();
        await drain.attach(dlqs);
        await r.gauges.poll([...config.queues, ...dlqs]);
      };
      const loop = () => {
        r.tick = tick()
          .catch((err: unknown) => {
            if (!stopping) sink.problem("RabbitMQ poll", err);
          })
          .finally(() => {
            if (!stopping) r.timer = setTimeout(loop, config.pollIntervalMs);
          });
      };
      // The first round runs before start() resolves: dead-letter queues are drained from then on.
      await tick();
      r.timer = setTimeout(loop, config.pollIntervalMs);
    } catch (err) {
      await stop();
      throw new Error(`RabbitMQ at ${where}: ${(err as Error).message}`, { cause: err });
    }
  }

  /** The firehose reads nothing unless the operator turned tracing on; say so when we can tell. */
  function warnWhenTracingIsOff(sink: AdapterSink): void {
    management.tracing().then(
      (on) => {
        if (!on)
          sink.problem(
            "firehose",
            new Error(`tracing is off: run rabbitmqctl trace_on -p <vhost> on ${where}`),
          );
      },
      (err: unknown) => sink.log.debug({ err: String(err) }, "cannot check whether tracing is on"),
    );
  }

  async function stop(): Promise<void> {
    const r = running;
    if (!r) return;
    stopping = true;
    running = undefined;
    clearTimeout(r.timer);
    await r.tick;
    await r.tap?.stop(STOP_GRACE_MS);
    await r.firehose?.stop(STOP_GRACE_MS);
    // Dead letters the server has not confirmed are unacked: closing returns them to their queues.
    await r.drain.stop();
    await r.gauges.close();
    await r.republisher.close();
    await r.conn.close().catch(() => undefined);
  }

  return {
    kind: "rabbitmq",
    start,
    stop,
    async republish(req) {
      if (!running) throw new Error(`cannot republish: not connected to RabbitMQ at ${where}`);
      return running.republisher.republish(req);
    },
  };
}
