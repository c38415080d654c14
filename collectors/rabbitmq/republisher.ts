// republish(): puts a stored dead letter back on its original exchange and routing key, on a
// confirm channel with mandatory=true, resolving only on the broker's confirm — and failing when
// the broker returned it as unroutable (it sends basic.return before that message's basic.ack).
import type { Writable } from "node:stream";
import type { ChannelModel, ConfirmChannel } from "amqplib";
import { REPROCESS_ID_HEADER, type RepublishRequest } from "@/collectors/core/adapter";
import { republishOptions } from "@/collectors/rabbitmq/amqp-mapping";
import { isNotFound, openConfirmChannel, ReopeningChannel } from "@/collectors/rabbitmq/connection";

export type Republisher = {
  republish(req: RepublishRequest): Promise<void>;
  close(): Promise<void>;
};

type Destination = { exchange: string; routingKey: string };

/** How long a destination's probe answer is reused (an exchange deleted meanwhile fails that window). */
export const DESTINATION_TTL_MS = 1_000;

/**
 * Returns a function that gathers the connection's socket writes of this turn of the event loop
 * into one. amqplib hands each message to the socket as its own write: a system call each and, to a
 * broker on the same machine, the broker side's receive work in the same call. A window of commands
 * publishes in one turn; corked, its messages leave together once amqplib's writer (queued a tick
 * after the publish: its buffer's 'readable' comes on nextTick) has run. The writer stops at the
 * socket's high-water mark and goes on at 'drain', so that is corked too (before the writer's own
 * listener). `stream` is amqplib's socket (lib/connection.js), not in its types: without it,
 * nothing changes.
 */
function writesPerTurn(conn: ChannelModel): { batch: () => void; stop: () => void } {
  const socket = (conn.connection as unknown as { stream?: Partial<Writable> }).stream;
  if (
    typeof socket?.cork !== "function" ||
    typeof socket.uncork !== "function" ||
    typeof socket.prependListener !== "function"
  )
    return { batch: () => undefined, stop: () => undefined };
  let corked = false;
  const cork = () => {
    if (corked) return;
    corked = true;
    socket.cork!();
    // An immediate queued now would run before the writer's; one queued from it runs after.
    setImmediate(() =>
      setImmediate(() => {
        corked = false;
        socket.uncork!();
      }),
    );
  };
  socket.prependListener("drain", cork);
  return { batch: cork, stop: () => socket.removeListener?.("drain", cork) };
}

export function createRepublisher(conn: ChannelModel): Republisher {
  // A publish to a missing exchange would close the confirm channel and fail every publish in
  // flight on it, so destinations are checked first on a channel that may die instead.
  const probe = new ReopeningChannel(conn);
  let confirm: Promise<ConfirmChannel> | undefined;
  const returned = new Set<string>();
  const writes = writesPerTurn(conn);

  const confirmChannel = () => {
    if (confirm) return confirm;
    const opening = openConfirmChannel(conn, () => undefined).then((ch) => {
      ch.on("close", () => {
        if (confirm === opening) confirm = undefined;
      });
      ch.on("return", (msg: { properties: { headers?: Record<string, unknown> } }) => {
        const id = msg.properties.headers?.[REPROCESS_ID_HEADER];
        if (typeof id === "string") returned.add(id);
      });
      return ch;
    });
    confirm = opening;
    opening.catch(() => {
      if (confirm === opening) confirm = undefined;
    });
    return opening;
  };

  /**
   * "" is the default exchange. A channel that is no exchange but equals its subject is a queue
   * fed through the default exchange (channelOf() shows those by queue name): publish to it there.
   */
  const probeDestination = async ({
    channel,
    subject,
  }: RepublishRequest["destination"]): Promise<Destination> => {
    if (channel === "" || channel === "(default)") return { exchange: "", routingKey: subject ?? "" };
    try {
      await probe.run((ch) => ch.checkExchange(channel));
      return { exchange: channel, routingKey: subject ?? "" };
    } catch (err) {
      if (!isNotFound(err)) throw err;
      if ((subject ?? channel) === channel) return { exchange: "", routingKey: channel };
      throw new Error(`exchange "${channel}" does not exist`, { cause: err });
    }
  };

  // A window of commands to one destination probes it once (the probe is a broker round trip, and
  // probes run one at a time): an answer is reused for DESTINATION_TTL_MS, a failure never.
  const resolved = new Map<string, { at: number; destination: Promise<Destination> }>();
  const resolve = (d: RepublishRequest["destination"]): Promise<Destination> => {
    const key = `${d.channel}\0${d.subject ?? ""}`;
    const hit = resolved.get(key);
    if (hit && Date.now() - hit.at < DESTINATION_TTL_MS) return hit.destination;
    const destination = probeDestination(d);
    resolved.set(key, { at: Date.now(), destination });
    destination.catch(() => resolved.delete(key));
    return destination;
  };

  return {
    async republish(req) {
      const { exchange, routingKey } = await resolve(req.destination);
      const where = exchange === "" ? "the default exchange" : `exchange "${exchange}"`;
      const ch = await confirmChannel();
      const options = republishOptions(req.headers, req.reprocessId, req.contentType);
      await new Promise<void>((done, fail) => {
        try {
          ch.publish(exchange, routingKey, req.body, options, (err: unknown) => {
            const wasReturned = returned.delete(req.reprocessId);
            if (err) {
              const why = err instanceof Error ? err.message : "negatively acknowledged";
              fail(new Error(`RabbitMQ did not confirm the republish to ${where}: ${why}`));
            } else if (wasReturned) {
              fail(new Error(`no queue is bound for routing key "${routingKey}" on ${where}`));
            } else done();
          });
          writes.batch();
        } catch (err) {
          // amqplib throws synchronously e.g. for a header table over its 64 KiB encoding buffer.
          fail(new Error(`cannot republish to ${where}: ${(err as Error).message}`, { cause: err }));
        }
      });
    },
    async close() {
      writes.stop();
      await probe.close();
      const ch = await confirm?.catch(() => undefined);
      confirm = undefined;
      await ch?.close().catch(() => undefined);
    },
  };
}
