import { describe, expect, it } from "vitest";
import { readAsyncApi } from "@/lib/catalog/asyncapi-read";
import { AppError } from "@/lib/errors";

const info = { title: "Shop", version: "1.0.0" };
const money = { type: "object", properties: { amount: { type: "number" }, currency: { type: "string" } } };

const v2 = {
  asyncapi: "2.6.0",
  info,
  channels: {
    orders: {
      publish: { message: { $ref: "#/components/messages/OrderPlaced" } },
      subscribe: {
        message: {
          oneOf: [
            { name: "OrderCancelled", payload: { type: "object", properties: { id: { type: "string" } } } },
            {
              name: "OrderAudited",
              schemaFormat: "application/vnd.apache.avro;version=1.9.0",
              payload: { type: "record", name: "Audit", fields: [] },
            },
            { $ref: "#/components/messages/OrderPlaced" },
          ],
        },
      },
    },
  },
  components: {
    messages: {
      OrderPlaced: { name: "OrderPlaced", payload: { $ref: "#/components/schemas/Order" } },
      Refunded: { messageId: "payments.Refunded", payload: { $ref: "#/components/schemas/Money" } },
      ByKey: { payload: { type: "string" } },
    },
    schemas: {
      Order: {
        type: "object",
        required: ["id"],
        properties: { id: { type: "string" }, total: { $ref: "#/components/schemas/Money" } },
      },
      Money: money,
    },
  },
};

function refusalOf(doc: unknown): string {
  try {
    readAsyncApi(doc);
  } catch (err) {
    if (err instanceof AppError && err.status === 400) return err.message;
    throw err;
  }
  throw new Error("expected a 400");
}

describe("readAsyncApi 2.x", () => {
  it("finds every message once, inlines its $refs, and refuses an Avro one with the reason", () => {
    const read = readAsyncApi(v2);
    expect(read.version).toBe(2);
    expect(read.messages.map((m) => [m.name, m.dialect])).toEqual([
      ["OrderPlaced", "draft-07"],
      ["OrderCancelled", "draft-07"],
      ["payments.Refunded", "draft-07"],
      ["ByKey", "draft-07"],
    ]);
    expect(read.messages[0]!.payload).toEqual({
      type: "object",
      required: ["id"],
      properties: { id: { type: "string" }, total: money },
    });
    expect(read.refused).toEqual([
      {
        name: "OrderAudited",
        reason:
          'its schemaFormat is Avro ("application/vnd.apache.avro;version=1.9.0"): only JSON Schema payloads can be registered',
      },
    ]);
  });

  it("refuses a nameless inline message, naming where it is", () => {
    const doc = { ...v2, components: undefined, channels: { a: { publish: { message: { payload: {} } } } } };
    expect(readAsyncApi(doc).refused).toEqual([
      {
        name: "channels.a.publish.message",
        reason: expect.stringContaining('has no name: give it a "name"'),
      },
    ]);
  });
});

describe("readAsyncApi 3.x", () => {
  const v3 = {
    asyncapi: "3.0.0",
    info,
    channels: {
      orders: {
        address: "orders",
        messages: {
          placed: { $ref: "#/components/messages/OrderPlaced" },
          shipped: { payload: { type: "object" } },
          proto: {
            name: "Proto",
            payload: { schemaFormat: "application/vnd.google.protobuf;version=3", schema: "message X {}" },
          },
        },
      },
    },
    components: {
      messages: {
        OrderPlaced: {
          name: "orders.Placed",
          payload: {
            schemaFormat: "application/schema+json;version=draft-2020-12",
            schema: { $ref: "#/components/schemas/Node" },
          },
        },
      },
      schemas: {
        Node: {
          type: "object",
          properties: {
            id: { type: "string" },
            children: { type: "array", items: { $ref: "#/components/schemas/Node" } },
          },
        },
      },
    },
  };

  it("reads channel messages and components, multi-format payloads, and keeps recursion under $defs", () => {
    const read = readAsyncApi(v3);
    expect(read.messages.map((m) => [m.name, m.dialect])).toEqual([
      ["orders.Placed", "2020-12"],
      ["shipped", "draft-07"],
    ]);
    const node = {
      type: "object",
      properties: { id: { type: "string" }, children: { type: "array", items: { $ref: "#/$defs/Node" } } },
    };
    expect(read.messages[0]!.payload).toEqual({ ...node, $defs: { Node: node } });
    expect(read.refused).toEqual([
      { name: "Proto", reason: expect.stringContaining("its schemaFormat is Protobuf") },
    ]);
  });

  it("leaves a payload's own #/$defs references for the schema to resolve", () => {
    const payload = {
      type: "object",
      properties: { a: { $ref: "#/$defs/A" } },
      $defs: { A: { type: "string" } },
    };
    const read = readAsyncApi({ asyncapi: "3.0.0", info, components: { messages: { X: { payload } } } });
    expect(read.messages[0]!.payload).toEqual(payload);
  });

  it("refuses a message whose payload refers to another file, or whose refs loop, or explode", () => {
    const laughs: Record<string, unknown> = { l0: { type: "string" } };
    for (let i = 1; i <= 30; i++)
      laughs[`l${i}`] = {
        allOf: [{ $ref: `#/components/schemas/l${i - 1}` }, { $ref: `#/components/schemas/l${i - 1}` }],
      };
    const read = readAsyncApi({
      asyncapi: "3.0.0",
      info,
      components: {
        messages: {
          Remote: { payload: { $ref: "common.yaml#/Order" } },
          Loop: { $ref: "#/components/messages/Loop" },
          Bomb: { payload: { $ref: "#/components/schemas/l30" } },
        },
        schemas: laughs,
      },
    });
    expect(read.messages).toEqual([]);
    expect(read.refused.map((r) => [r.name, r.reason]).sort()).toEqual([
      ["Bomb", expect.stringContaining("passes 50000 nodes")],
      ["Remote", expect.stringContaining('$ref "common.yaml#/Order" points to another document')],
      ["components.messages.Loop", expect.stringContaining("loops")],
    ]);
  });

  it("refuses two messages of one name with different payloads", () => {
    const read = readAsyncApi({
      asyncapi: "3.0.0",
      info,
      components: {
        messages: {
          A: { name: "X", payload: { type: "string" } },
          B: { name: "X", payload: { type: "number" } },
        },
      },
    });
    expect(read.messages).toEqual([]);
    expect(read.refused[0]!.reason).toContain('2 messages are named "X" with different payloads');
  });
});

describe("invalid documents", () => {
  it.each([
    [[], "not a valid AsyncAPI document: the body must be an object"],
    [{ openapi: "3.1.0", info }, '"asyncapi" (the version, e.g. "3.0.0") is missing'],
    [{ asyncapi: "1.2.0", info }, "AsyncAPI 1.2.0 is not supported: import a 2.x or 3.x document"],
    [{ asyncapi: "3.0.0" }, "info is missing"],
    [{ asyncapi: "3.0.0", info: { title: "x" } }, "info.version is missing or not a string"],
    [{ asyncapi: "2.6.0", info }, "channels is missing"],
    [{ asyncapi: "3.0.0", info, channels: [] }, "channels must be an object"],
    [{ asyncapi: "3.0.0", info, channels: { a: { messages: 5 } } }, "channels.a.messages must be an object"],
    [{ asyncapi: "3.0.0", info, components: { messages: [] } }, "components.messages must be an object"],
    [
      { asyncapi: "3.0.0", info, channels: { a: { $ref: "#/nowhere" } } },
      'channels.a: $ref "#/nowhere" is not in the document',
    ],
    [{ asyncapi: "3.0.0", info, channels: {} }, "it defines no messages"],
  ])("refuses %j saying where", (doc, message) => {
    expect(refusalOf(doc)).toContain(message);
  });
});
