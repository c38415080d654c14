// The browse API on dead letters a real broker made: a RabbitMQ consumer rejects one type, the
// broker dead-letters those messages, the collector stores them through the app's ingest route,
// and the list, groups and detail show them — the detail's failure history read from RabbitMQ's
// own x-death header as the collector flattened it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as detailRoute from "@/app/api/v1/dead-letters/[id]/route";
import * as groupsRoute from "@/app/api/v1/dead-letters/groups/route";
import * as listRoute from "@/app/api/v1/dead-letters/route";
import { rabbitmqConfig } from "@/collectors/rabbitmq/config";
import { createRabbitmqAdapter } from "@/collectors/rabbitmq/rabbitmq-adapter";
import {
  declareAppTopology,
  deleteOwnQueues,
  publishBurst,
  RABBITMQ_TEST_URL as URL,
  startAppConsumer,
  uniqueName,
  type AppConsumer,
  type AppTopology,
} from "@/collectors/rabbitmq/testing";
import { eventually, startStack, type Stack } from "@/collectors/testing/stack";
import type { DeadLetterDetail, DeadLetterGroups, DeadLetterList } from "@/lib/dead-letters/api-types";
import { apiTokenOf } from "@/lib/testing/auth-callers";
import { call, makeUser, type Caller } from "@/lib/testing/http-client";

const broker = uniqueName("rmq-dlq-browse");
let stack: Stack;
let topo: AppTopology;
let app: AppConsumer;
let reader: Caller;

beforeAll(async () => {
  stack = await startStack();
  reader = (await apiTokenOf(await makeUser("viewer"), ["events:read", "payloads:read"])).caller;
  topo = await declareAppTopology(URL, uniqueName("dlq-browse"));
  app = await startAppConsumer(URL, topo.queue, (msg) =>
    msg.properties.type === "Poison" ? "reject" : "ack",
  );
  await stack.collector({
    adapter: createRabbitmqAdapter(
      rabbitmqConfig.parse({
        kind: "rabbitmq",
        name: broker,
        url: URL,
        exchanges: [{ name: topo.exchange }],
        pollIntervalMs: 200,
        deadLetters: { queues: [topo.dlq] },
      }),
    ),
    broker: { name: broker, kind: "rabbitmq" },
  });
});

afterAll(async () => {
  await app?.stop();
  await stack?.close();
  await topo?.cleanup();
  await deleteOwnQueues(URL, [`eventscope.tap.${broker}`]).catch(() => undefined);
});

describe("dead letters from a rejecting RabbitMQ consumer", () => {
  it("appear in the list, one group and the detail with RabbitMQ's x-death", async () => {
    await eventually(
      "the collector's hello",
      async () =>
        (await stack.count("SELECT count(*) AS n FROM collectors WHERE broker_id IS NOT NULL")) === 1,
    );
    await publishBurst({
      url: URL,
      exchange: topo.exchange,
      routingKey: "orders.placed",
      count: 6,
      body: (i) => JSON.stringify({ orderId: `o-${i}` }),
      options: (i) => ({
        messageId: `poison-${i}`,
        type: i % 2 === 0 ? "Poison" : "OrderPlaced",
        appId: "checkout",
      }),
    });
    await eventually(
      "three dead letters stored",
      async () => (await stack.count("SELECT count(*) AS n FROM dead_letters")) === 3,
    );

    const list = await call(listRoute.GET, `/api/v1/dead-letters?broker=${broker}`, reader);
    expect(list.status).toBe(200);
    const l = list.body as unknown as DeadLetterList;
    expect(l.total).toEqual({ count: 3, capped: false });
    expect(l.items.map((i) => i.reason)).toEqual(["rejected", "rejected", "rejected"]);
    expect(l.items[0]).toMatchObject({
      broker,
      dlq: { name: topo.dlq },
      originalDestination: topo.exchange,
      state: "pending",
    });

    const groups = (await call(groupsRoute.GET, `/api/v1/dead-letters/groups?broker=${broker}`, reader))
      .body as unknown as DeadLetterGroups;
    expect(groups.groups.map((g) => [g.reason, g.count])).toEqual([["rejected", 3]]);

    const id = l.items[0]!.id;
    const detail = (await call(detailRoute.GET, `/api/v1/dead-letters/${id}`, reader, { params: { id } }))
      .body as unknown as DeadLetterDetail;
    expect(detail.payload).toMatch(/^\{"orderId":"o-[024]"\}$/);
    expect(detail.failures).toEqual([
      expect.objectContaining({ source: "x-death", reason: "rejected", queue: topo.queue, count: 1 }),
    ]);
    expect(detail.failures[0]!.time).not.toBeNull();
  });
});
