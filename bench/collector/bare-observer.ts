// The cheapest observer each broker allows, as its own process: the baseline bench:collector
// compares the collector with. It reads what the collector reads and does nothing with it —
// RabbitMQ: a queue bound like the collector's tap, consumed with one ack per 200 messages;
// NATS: an ordered consumer; Redis: an XREAD loop. Usage: tsx bare-observer.ts '<broker json>'.
import { connect } from "@nats-io/transport-node";
import { DeliverPolicy, jetstream } from "@nats-io/jetstream";
import amqp from "amqplib";
import Redis from "ioredis";

type Broker = {
  kind: string;
  url?: string;
  servers?: string[];
  exchanges?: { name: string }[];
  streams?: unknown[];
};

const broker = JSON.parse(process.argv[2] ?? "{}") as Broker;
const ready = () => process.send?.("ready");

if (broker.kind === "rabbitmq") {
  const conn = await amqp.connect(broker.url!);
  const ch = await conn.createChannel();
  const { queue } = await ch.assertQueue("", { exclusive: true });
  for (const x of broker.exchanges ?? []) await ch.bindQueue(queue, x.name, "#");
  await ch.prefetch(1000);
  let n = 0;
  await ch.consume(queue, (m) => {
    if (m && ++n % 200 === 0) ch.ack(m, true);
  });
  ready();
} else if (broker.kind === "nats") {
  const nc = await connect({ servers: broker.servers });
  const stream = (broker.streams as { name: string }[])[0]!.name;
  const messages = await (
    await jetstream(nc).consumers.get(stream, { deliver_policy: DeliverPolicy.New })
  ).consume();
  ready();
  for await (const _m of messages) {
    // read, nothing else
  }
} else if (broker.kind === "redis") {
  const redis = new Redis(broker.url!);
  const stream = (broker.streams as string[])[0]!;
  let id = "$";
  ready();
  for (;;) {
    const reply = (await redis.xreadBuffer("COUNT", 1000, "BLOCK", 1000, "STREAMS", stream, id)) as
      [Buffer, [Buffer, Buffer[]][]][] | null;
    const last = reply?.[0]?.[1].at(-1);
    if (last) id = last[0].toString();
  }
}
