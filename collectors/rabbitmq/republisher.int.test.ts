// The republisher against the real RabbitMQ: a destination that does not exist fails its own
// republish only — the probe of a missing exchange closes the probe channel, and a probe queued
// behind it in the same window must still get its answer.
import { randomUUID } from "node:crypto";
import amqp from "amqplib";
import { afterEach, expect, it } from "vitest";
import type { RepublishRequest } from "@/collectors/core/adapter";
import { createRepublisher } from "@/collectors/rabbitmq/republisher";
import {
  declareAppTopology,
  RABBITMQ_TEST_URL,
  uniqueName,
  withChannel,
} from "@/collectors/rabbitmq/testing";

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function request(channel: string, subject: string, n: number): RepublishRequest {
  return {
    reprocessId: randomUUID(),
    destination: { channel, subject },
    headers: {},
    body: Buffer.from(JSON.stringify({ n })),
    contentType: "application/json",
  };
}

it("a missing exchange fails only its own republish; the ones probed beside it go through", async () => {
  const prefix = uniqueName("rp");
  const topology = await declareAppTopology(RABBITMQ_TEST_URL, prefix);
  cleanups.push(topology.cleanup);
  const conn = await amqp.connect(RABBITMQ_TEST_URL);
  conn.on("error", () => undefined);
  cleanups.push(() => conn.close().catch(() => undefined));
  const republisher = createRepublisher(conn);
  cleanups.push(() => republisher.close());

  const outcomes = await Promise.allSettled([
    republisher.republish(request(`${prefix}.gone`, "orders.created", 1)),
    republisher.republish(request(topology.exchange, "orders.created", 2)),
    republisher.republish(request(`${prefix}.gone-too`, "orders.created", 3)),
    republisher.republish(request(topology.exchange, "orders.created", 4)),
  ]);
  const reasons = outcomes.map((o) => (o.status === "rejected" ? String((o.reason as Error).message) : "ok"));
  expect(reasons).toEqual([
    `exchange "${prefix}.gone" does not exist`,
    "ok",
    `exchange "${prefix}.gone-too" does not exist`,
    "ok",
  ]);
  const queued = await withChannel(RABBITMQ_TEST_URL, (ch) => ch.checkQueue(topology.queue));
  expect(queued.messageCount).toBe(2);
});

it("a window of republishes leaves in a few socket writes, not one per message, and every one arrives", async () => {
  const prefix = uniqueName("rp");
  const topology = await declareAppTopology(RABBITMQ_TEST_URL, prefix);
  cleanups.push(topology.cleanup);
  const conn = await amqp.connect(RABBITMQ_TEST_URL);
  cleanups.push(() => conn.close().catch(() => undefined));
  const republisher = createRepublisher(conn);
  cleanups.push(() => republisher.close());
  // Count what reaches the socket: one write per message, or batches of them.
  const socket = (conn.connection as unknown as { stream: { _write: unknown; _writev: unknown } }).stream;
  let writes = 0;
  for (const key of ["_write", "_writev"] as const) {
    const original = socket[key] as (...a: unknown[]) => unknown;
    socket[key] = (...a: unknown[]) => {
      writes++;
      return original.apply(socket, a);
    };
  }
  await republisher.republish(request(topology.exchange, "orders.created", 0)); // the probe
  writes = 0;
  const WINDOW = 256;
  await Promise.all(
    Array.from({ length: WINDOW }, (_, n) =>
      republisher.republish(request(topology.exchange, "orders.created", n + 1)),
    ),
  );
  expect(writes).toBeGreaterThan(0);
  expect(writes).toBeLessThan(WINDOW / 8);
  const queued = await withChannel(RABBITMQ_TEST_URL, (ch) => ch.checkQueue(topology.queue));
  expect(queued.messageCount).toBe(WINDOW + 1);
});
