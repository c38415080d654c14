// Helpers for the NATS adapter's integration tests and the collector benchmark: an application
// stream with a durable consumer, an application that acks / naks / terminates, a pipelined
// publisher awaiting every PubAck.
import { randomBytes } from "node:crypto";
import { connect, headers as natsHeaders, type NatsConnection } from "@nats-io/transport-node";
import {
  AckPolicy,
  jetstream,
  jetstreamManager,
  type ConsumerMessages,
  type JetStreamClient,
  type JetStreamManager,
  type JsMsg,
  type PubAck,
} from "@nats-io/jetstream";
import { nanos } from "@nats-io/transport-node";

export const TEST_SERVERS = ["nats://127.0.0.1:4222"];

/** A name no other test file uses (stream names: no dots or wildcards). */
export function uniqueName(prefix: string): string {
  return `${prefix}_${randomBytes(4).toString("hex")}`.toUpperCase();
}

export type Nats = { nc: NatsConnection; js: JetStreamClient; jsm: JetStreamManager };

export async function openNats(servers: string[] = TEST_SERVERS): Promise<Nats> {
  const nc = await connect({ servers });
  return { nc, js: jetstream(nc), jsm: await jetstreamManager(nc) };
}

export type PublishBurst = {
  servers?: string[];
  subject: string | ((i: number) => string);
  count: number;
  body: (i: number) => Uint8Array | string;
  headers?: (i: number) => Record<string, string>;
  msgId?: (i: number) => string;
  /** Publishes in flight at once (PubAcks awaited in windows). */
  window?: number;
  /** Reuse a connection instead of opening one. */
  nats?: Nats;
};

/** Publishes `count` messages, `window` at a time, and resolves with every PubAck in order. */
export async function publishBurst(opts: PublishBurst): Promise<PubAck[]> {
  const nats = opts.nats ?? (await openNats(opts.servers));
  const own = opts.nats ? undefined : nats;
  const { js } = nats;
  const window = opts.window ?? 256;
  const acks: PubAck[] = [];
  try {
    for (let start = 0; start < opts.count; start += window) {
      const batch: Promise<PubAck>[] = [];
      for (let i = start; i < Math.min(opts.count, start + window); i++) {
        const subject = typeof opts.subject === "string" ? opts.subject : opts.subject(i);
        const h = opts.headers ? natsHeaders() : undefined;
        for (const [k, v] of Object.entries(opts.headers?.(i) ?? {})) h?.append(k, v);
        batch.push(js.publish(subject, opts.body(i), { headers: h, msgID: opts.msgId?.(i) }));
      }
      acks.push(...(await Promise.all(batch)));
    }
  } finally {
    await own?.nc.close();
  }
  return acks;
}

export type AppStream = { stream: string; subjects: string[]; consumer?: string; delete(): Promise<void> };

/** An application's stream (`<NAME>.>` by default) and optionally its durable pull consumer. */
export async function createAppStream(
  nats: Nats,
  opts: {
    stream: string;
    subjects?: string[];
    consumer?: { durable: string; maxDeliver?: number; ackWaitMs?: number };
  },
): Promise<AppStream> {
  const subjects = opts.subjects ?? [`${opts.stream}.>`];
  await nats.jsm.streams.add({ name: opts.stream, subjects });
  if (opts.consumer)
    await nats.jsm.consumers.add(opts.stream, {
      durable_name: opts.consumer.durable,
      ack_policy: AckPolicy.Explicit,
      max_deliver: opts.consumer.maxDeliver ?? -1,
      ack_wait: nanos(opts.consumer.ackWaitMs ?? 30_000),
    });
  return {
    stream: opts.stream,
    subjects,
    consumer: opts.consumer?.durable,
    delete: () => deleteStreams(nats, [opts.stream]),
  };
}

export type AppDecision = "ack" | "nak" | "term";

export type AppConsumer = { received: JsMsg[]; acked: number[]; stop(): Promise<void> };

/** An application consuming a durable: `decide` says what it does with each delivery. */
export async function runAppConsumer(
  nats: Nats,
  stream: string,
  durable: string,
  decide: (m: JsMsg) => AppDecision,
): Promise<AppConsumer> {
  const consumer = await nats.js.consumers.get(stream, durable);
  const messages: ConsumerMessages = await consumer.consume({ max_messages: 50 });
  const received: JsMsg[] = [];
  const acked: number[] = [];
  const done = (async () => {
    for await (const m of messages) {
      received.push(m);
      const d = decide(m);
      if (d === "ack") {
        await m.ackAck();
        acked.push(m.seq);
      } else if (d === "nak") m.nak();
      else m.term(); // no reason text: servers before 2.10 ignore "+TERM <reason>" entirely
    }
  })();
  return {
    received,
    acked,
    stop: async () => {
      await messages.close();
      await done;
    },
  };
}

export { eventually as waitFor } from "@/collectors/core/testing/eventually";

/** Deletes streams if they exist (test cleanup). */
export async function deleteStreams(nats: Nats, names: string[]): Promise<void> {
  for (const name of names)
    await nats.jsm.streams.delete(name).catch((err: unknown) => {
      if (!/not found/i.test(String(err))) throw err;
    });
}
