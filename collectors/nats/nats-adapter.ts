// The NATS JetStream broker adapter: observes streams with ordered consumers, reports consumer
// lag, takes dead letters from JetStream advisories (and DLQ streams) and republishes with
// Nats-Msg-Id dedupe.
import {
  JetStreamApiCodes,
  JetStreamApiError,
  type JetStreamClient,
  type JetStreamManager,
} from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/transport-node";
import type { AdapterSink, BrokerAdapter, RepublishRequest } from "@/collectors/core/adapter";
import type { NatsConfig } from "@/collectors/nats/config";
import { connectJetStream, errorText } from "@/collectors/nats/connection";
import { startDeadLetters } from "@/collectors/nats/dead-letters";
import { pollLag } from "@/collectors/nats/lag-poller";
import { observeStream, type Observer } from "@/collectors/nats/observer";
import { redactServers } from "@/collectors/nats/mapping";
import { publishWithDedupe } from "@/collectors/nats/republish";

/** How long stop() waits for loops to notice the abort before closing the connection under them. */
const STOP_GRACE_MS = 5000;

type Running = {
  nc: NatsConnection;
  js: JetStreamClient;
  jsm: JetStreamManager;
  abort: AbortController;
  observers: Observer[];
  loops: Promise<void>[];
  stopping: boolean;
};

function withGrace(p: Promise<unknown>): Promise<unknown> {
  return Promise.race([p, new Promise((r) => setTimeout(r, STOP_GRACE_MS).unref())]);
}

export function createNatsAdapter(config: NatsConfig): BrokerAdapter {
  let running: Running | undefined;
  const where = redactServers(config.servers);

  async function shutdown(r: Running): Promise<void> {
    r.stopping = true;
    r.abort.abort();
    await Promise.all(r.observers.map((o) => o.stop().catch(() => undefined)));
    await withGrace(Promise.allSettled(r.loops));
    if (r.nc.isClosed()) return;
    // drain() flushes what is still buffered (acks, the nak of an unconfirmed dead letter); while
    // the client is reconnecting it would wait for the server, so it gets the same grace.
    await withGrace(r.nc.drain().catch(() => undefined));
    if (!r.nc.isClosed()) await r.nc.close();
  }

  return {
    kind: "nats",

    async start(sink: AdapterSink): Promise<void> {
      if (running) throw new Error("NATS adapter already started");
      const { nc, js, jsm } = await connectJetStream(config);
      const r: Running = {
        nc,
        js,
        jsm,
        abort: new AbortController(),
        observers: [],
        loops: [],
        stopping: false,
      };
      let reported = false;
      const lost = (reason: string) => {
        if (r.stopping || reported) return;
        reported = true;
        sink.disconnected(reason);
      };
      try {
        const streams = config.streams.map((s) => s.name);
        // A configured stream that does not exist (deleted, not created yet) is left out, not fatal:
        // failing start would stop observing the others and running every reprocess command, even
        // those for streams that are there (the one for the deleted stream fails with its reason).
        const missing = new Set<string>();
        for (const stream of config.streams) {
          if (await streamExists(jsm, stream.name))
            r.observers.push(await observeStream(js, jsm, stream, sink, config.name, lost));
          else {
            missing.add(stream.name);
            sink.problem(
              `nats stream ${stream.name}`,
              new Error(`JetStream stream ${stream.name} does not exist: not observed until it does`),
            );
          }
        }
        const dl = await startDeadLetters(
          js,
          jsm,
          {
            brokerName: config.name,
            streams,
            advisories: config.deadLetters.advisories,
            dlqStreams: config.deadLetters.streams ?? [],
          },
          sink,
          r.abort.signal,
        );
        r.loops.push(...dl.loops);
        const poll = {
          streams,
          missing,
          consumers: config.consumers,
          intervalMs: config.pollIntervalMs,
          onStreamsChanged: lost,
        };
        r.loops.push(pollLag(jsm, poll, sink, r.abort.signal));
      } catch (err) {
        await shutdown(r);
        throw new Error(`NATS at ${where}: ${errorText(err)}`);
      }
      running = r;
      void watchConnection(r, sink, lost);
    },

    async republish(req: RepublishRequest): Promise<void> {
      if (!running || running.stopping) throw new Error("NATS adapter is not running: cannot republish");
      await publishWithDedupe(running.js, running.jsm, req, running.nc.info?.max_payload);
    },

    async stop(): Promise<void> {
      const r = running;
      running = undefined;
      if (r) await shutdown(r);
    },
  };
}

async function streamExists(jsm: JetStreamManager, stream: string): Promise<boolean> {
  try {
    await jsm.streams.info(stream);
    return true;
  } catch (err) {
    if (err instanceof JetStreamApiError && err.code === JetStreamApiCodes.StreamNotFound) return false;
    throw new Error(`cannot read JetStream stream ${stream}: ${errorText(err)}`);
  }
}

/**
 * The client reconnects by itself (consumers carry on afterwards); the connection closes for
 * good only once reconnectAttempts are spent, and that is reported once as a disconnect.
 */
async function watchConnection(r: Running, sink: AdapterSink, lost: (reason: string) => void): Promise<void> {
  void r.nc
    .closed()
    .then((err) => lost(err ? `NATS connection closed: ${errorText(err)}` : "NATS connection closed"));
  try {
    for await (const s of r.nc.status()) {
      if (s.type === "disconnect") sink.log.warn({ server: s.server }, "NATS connection lost; reconnecting");
      else if (s.type === "reconnect") sink.log.info({ server: s.server }, "NATS connection restored");
      else if (s.type === "error") sink.problem("nats connection", s.error);
    }
  } catch (err) {
    if (!r.stopping) sink.problem("nats status", err);
  }
}
