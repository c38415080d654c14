// The browse API on dead letters a real broker made: a RabbitMQ consumer rejects one type, the
// broker dead-letters those messages, the collector stores them through the app's ingest route,
// and the list, groups and detail show them — the detail's failure history read from RabbitMQ's
// own x-death header as the collector flattened it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as detailRoute from "@/app/api/v1/dead-letters/[id]/route";
import * as groupsRoute from "@/app/api/v1/dead-letters/groups/route";
import * as listRoute from "@/app/api/v1/dead-letters/route";
import { startRabbitmqApp, type RabbitmqApp } from "@/collectors/testing/rabbitmq-app";
import { startStack, type Stack } from "@/collectors/testing/stack";
import type { DeadLetterDetail, DeadLetterGroups, DeadLetterList } from "@/lib/dead-letters/api-types";
import { apiTokenOf } from "@/lib/testing/auth-callers";
import { call, makeUser, type Caller } from "@/lib/testing/http-client";

let stack: Stack;
let app: RabbitmqApp;
let reader: Caller;

beforeAll(async () => {
  stack = await startStack();
  reader = (await apiTokenOf(await makeUser("viewer"), ["events:read", "payloads:read"])).caller;
  app = await startRabbitmqApp(stack, {
    prefix: "dlq-browse",
    decide: (msg) => (msg.properties.type === "Poison" ? "reject" : "ack"),
  });
});

afterAll(async () => {
  await app?.close();
  await stack?.close();
});

describe("dead letters from a rejecting RabbitMQ consumer", () => {
  it("appear in the list, one group and the detail with RabbitMQ's x-death", async () => {
    await stack.hello();
    await app.publish("OrderPlaced", 3);
    await app.publish("Poison", 3);
    await stack.deadLetters("Poison", 3);

    const list = await call(listRoute.GET, `/api/v1/dead-letters?broker=${app.broker}`, reader);
    expect(list.status).toBe(200);
    const l = list.body as unknown as DeadLetterList;
    expect(l.total).toEqual({ count: 3, capped: false });
    expect(l.items.map((i) => i.reason)).toEqual(["rejected", "rejected", "rejected"]);
    expect(l.items[0]).toMatchObject({
      broker: app.broker,
      dlq: { name: app.topo.dlq },
      originalDestination: app.topo.exchange,
      state: "pending",
    });

    const groups = (await call(groupsRoute.GET, `/api/v1/dead-letters/groups?broker=${app.broker}`, reader))
      .body as unknown as DeadLetterGroups;
    expect(groups.groups.map((g) => [g.reason, g.count])).toEqual([["rejected", 3]]);

    const id = l.items[0]!.id;
    const detail = (await call(detailRoute.GET, `/api/v1/dead-letters/${id}`, reader, { params: { id } }))
      .body as unknown as DeadLetterDetail;
    expect(detail.payload).toMatch(/^\{"type":"Poison","n":[012]\}$/);
    expect(detail.failures).toEqual([
      expect.objectContaining({ source: "x-death", reason: "rejected", queue: app.topo.queue, count: 1 }),
    ]);
    expect(detail.failures[0]!.time).not.toBeNull();
  });
});
