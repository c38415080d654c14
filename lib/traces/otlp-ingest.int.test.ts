// POST /v1/traces against real Postgres, fed by the real OpenTelemetry JS SDK: the OTLP/HTTP JSON
// exporter for a producer app and the protobuf exporter for a batch consumer, each through a
// TracerProvider with a SimpleSpanProcessor. Their spans are stored with the messaging attributes
// in columns and joined to the message and delivery a collector reported. Bad requests get clear
// errors; a span with a bad id is refused alone (partialSuccess).
import { gzipSync } from "node:zlib";
import { context, SpanKind, trace, type SpanContext } from "@opentelemetry/api";
import { ExportResultCode, type ExportResult } from "@opentelemetry/core";
import { OTLPTraceExporter as JsonExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { OTLPTraceExporter as ProtoExporter } from "@opentelemetry/exporter-trace-otlp-proto";
import { resourceFromAttributes } from "@opentelemetry/resources";
import {
  SimpleSpanProcessor,
  TracerProvider,
  type ReadableSpan,
  type SpanExporter,
} from "@opentelemetry/sdk-trace";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as traceRoute from "@/app/api/v1/traces/[traceId]/route";
import { createCollectorToken } from "@/lib/auth/collector-tokens";
import { pool } from "@/lib/db/client";
import { resetEnvForTests } from "@/lib/env";
import { postIngest } from "@/lib/ingest/ingest-test-client";
import { makeDelivery, makeEvent } from "@/lib/ingest/test-factories";
import { apiTokenOf } from "@/lib/testing/auth-callers";
import { call, makeUser, type Caller } from "@/lib/testing/http-client";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/test-db";
import type { TraceDetail } from "@/lib/traces/api-types";
import { decodeProtobufRequest } from "@/lib/traces/otlp-proto";
import { startOtlpTestServer, type OtlpTestServer } from "@/lib/traces/otlp-test-server";
import protobuf from "protobufjs";

const MAX_BODY = 256 * 1024;
const MAX_SPANS = 50;
let db: TestDatabase;
let server: OtlpTestServer;
let token: string;
let viewer: Caller;

/** Delegates to a real exporter and keeps each export's result, so a failed export fails the test. */
class Recording implements SpanExporter {
  results: ExportResult[] = [];
  constructor(private readonly inner: SpanExporter) {}
  export(spans: ReadableSpan[], done: (r: ExportResult) => void): void {
    this.inner.export(spans, (r) => {
      this.results.push(r);
      done(r);
    });
  }
  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }
  forceFlush(): Promise<void> {
    return this.inner.forceFlush?.() ?? Promise.resolve();
  }
}

function provider(service: string, exporter: SpanExporter): TracerProvider {
  return new TracerProvider({
    resource: resourceFromAttributes({ "service.name": service }),
    spanProcessors: [new SimpleSpanProcessor({ exporter })],
  });
}

async function post(body: BodyInit, headers: Record<string, string>) {
  const res = await fetch(server.url, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, ...headers },
    body,
  });
  return {
    status: res.status,
    type: res.headers.get("content-type"),
    bytes: Buffer.from(await res.arrayBuffer()),
  };
}
const json = (b: Buffer) => JSON.parse(b.toString("utf8")) as Record<string, unknown>;

function otlpJson(spans: object[]) {
  return JSON.stringify({
    resourceSpans: [
      {
        resource: { attributes: [{ key: "service.name", value: { stringValue: "raw-app" } }] },
        scopeSpans: [{ scope: { name: "t" }, spans }],
      },
    ],
  });
}
const nowNanos = () => `${BigInt(Date.now()) * 1_000_000n}`;
const rawSpan = (traceId: string, spanId: string) => ({
  traceId,
  spanId,
  name: "raw",
  kind: 1,
  startTimeUnixNano: nowNanos(),
  endTimeUnixNano: nowNanos(),
});

beforeAll(async () => {
  process.env.INGEST_MAX_BODY_BYTES = String(MAX_BODY);
  process.env.INGEST_MAX_ITEMS = String(MAX_SPANS);
  resetEnvForTests();
  db = await createTestDatabase();
  token = (await createCollectorToken("otel-test")).token;
  viewer = (await apiTokenOf(await makeUser("viewer"), ["events:read", "payloads:read"])).caller;
  server = await startOtlpTestServer();
});
afterAll(async () => {
  await server.close();
  await db.drop();
});

describe("OTLP from the OpenTelemetry JS SDK", () => {
  let producerCtx: SpanContext;
  let rootSpanId: string;
  let consumerCtx: SpanContext;
  const jsonExporter = () =>
    new Recording(new JsonExporter({ url: server.url, headers: { authorization: `Bearer ${token}` } }));

  it("stores a producer app's spans sent as OTLP JSON, messaging attributes in columns", async () => {
    const exporter = jsonExporter();
    const tp = provider("checkout", exporter);
    const tracer = tp.getTracer("checkout-test");
    const root = tracer.startSpan("POST /orders", { kind: SpanKind.SERVER });
    const publish = tracer.startSpan(
      "orders send",
      {
        kind: SpanKind.PRODUCER,
        attributes: {
          "messaging.system": "rabbitmq",
          "messaging.destination.name": "orders",
          "messaging.operation.type": "send",
          "messaging.message.id": "otel-m1",
          "order.items": 3,
        },
      },
      trace.setSpan(context.active(), root),
    );
    producerCtx = publish.spanContext();
    rootSpanId = root.spanContext().spanId;
    publish.end();
    root.end();
    await tp.forceFlush();
    await tp.shutdown();
    expect(exporter.results.map((r) => r.code)).toEqual([ExportResultCode.SUCCESS, ExportResultCode.SUCCESS]);

    const { rows } = await pool().query(
      `SELECT span_id, parent_span_id, name, service_name, kind, status_code, message_id, messaging_system,
              destination, operation, attributes, resource FROM spans WHERE trace_id = $1 ORDER BY start_time`,
      [producerCtx.traceId],
    );
    expect(rows).toHaveLength(2);
    expect(rows.find((r) => r.span_id === producerCtx.spanId)).toMatchObject({
      parent_span_id: rootSpanId,
      name: "orders send",
      service_name: "checkout",
      kind: "producer",
      status_code: "unset",
      message_id: "otel-m1",
      messaging_system: "rabbitmq",
      destination: "orders",
      operation: "send",
      attributes: expect.objectContaining({ "order.items": 3 }),
      resource: expect.objectContaining({ "service.name": "checkout" }),
    });
  });

  it("stores a batch consumer's spans sent as OTLP protobuf, with its links", async () => {
    const exporter = new Recording(
      new ProtoExporter({ url: server.url, headers: { authorization: `Bearer ${token}` } }),
    );
    const tp = provider("billing", exporter);
    const span = tp.getTracer("billing-test").startSpan("orders process", {
      root: true,
      kind: SpanKind.CONSUMER,
      attributes: {
        "messaging.system": "rabbitmq",
        "messaging.operation": "process",
        "messaging.batch.message_count": 1,
      },
      links: [{ context: producerCtx, attributes: { "messaging.message.id": "otel-m1" } }],
    });
    consumerCtx = span.spanContext();
    span.setStatus({ code: 2, message: "card declined" });
    span.end();
    await tp.forceFlush();
    await tp.shutdown();
    expect(exporter.results.map((r) => r.code)).toEqual([ExportResultCode.SUCCESS]);

    const { rows } = await pool().query(
      `SELECT service_name, kind, operation, links, status_code, status_message FROM spans WHERE trace_id = $1`,
      [consumerCtx.traceId],
    );
    expect(rows).toEqual([
      {
        service_name: "billing",
        kind: "consumer",
        operation: "process",
        links: [
          {
            traceId: producerCtx.traceId,
            spanId: producerCtx.spanId,
            attributes: { "messaging.message.id": "otel-m1" },
          },
        ],
        status_code: "error",
        status_message: "card declined",
      },
    ]);
    const t = await pool().query(
      `SELECT span_count, error_count, root_name FROM traces WHERE trace_id = $1`,
      [consumerCtx.traceId],
    );
    expect(t.rows).toEqual([{ span_count: 1, error_count: 1, root_name: "orders process" }]);
  });

  it("joins the spans to the message and delivery a collector reported", async () => {
    const publishedAt = new Date(Date.now() - 500).toISOString();
    const res = await postIngest(
      {
        events: [
          makeEvent({
            id: "otel-m1",
            channel: "orders",
            type: "OrderPlaced",
            producer: "checkout",
            publishedAt,
            observedAt: publishedAt,
            traceId: producerCtx.traceId,
            spanId: producerCtx.spanId,
          }),
        ],
        deliveries: [
          makeDelivery({
            messageId: "otel-m1",
            consumer: "billing",
            publishedAt,
            deliveredAt: new Date(Date.parse(publishedAt) + 120).toISOString(),
            ackedAt: new Date(Date.parse(publishedAt) + 150).toISOString(),
          }),
        ],
      },
      { token },
    );
    expect(res.status).toBe(202);

    const t = await pool().query(
      `SELECT span_count, message_count, root_service, root_name, services,
              ARRAY(SELECT name FROM event_types WHERE id = ANY(event_type_ids)) AS types
       FROM traces WHERE trace_id = $1`,
      [producerCtx.traceId],
    );
    expect(t.rows).toEqual([
      {
        span_count: 2,
        message_count: 1,
        root_service: "checkout",
        root_name: "POST /orders",
        services: ["billing", "checkout"],
        types: ["OrderPlaced"],
      },
    ]);

    const a = await call(traceRoute.GET, `/api/v1/traces/${producerCtx.traceId}`, viewer, {
      params: { traceId: producerCtx.traceId.toUpperCase() },
    });
    expect(a.status).toBe(200);
    const detail = a.body as unknown as TraceDetail;
    expect(detail.spans.map((s) => s.spanId).sort()).toEqual([producerCtx.spanId, rootSpanId].sort());
    expect(detail.messages).toHaveLength(1);
    expect(detail.messages[0]).toMatchObject({
      messageId: "otel-m1",
      channel: "orders",
      type: "OrderPlaced",
      publishSpanId: producerCtx.spanId,
      consumerSpanIds: [],
      payloadHidden: false,
      deliveries: [{ consumer: "billing", outcome: "ack", attempt: 1 }],
    });

    // The batch consumer's own trace reaches the message through its span link.
    const b = await call(traceRoute.GET, `/api/v1/traces/${consumerCtx.traceId}`, viewer, {
      params: { traceId: consumerCtx.traceId },
    });
    expect(b.status).toBe(200);
    const linked = b.body as unknown as TraceDetail;
    expect(linked.messages.map((m) => [m.messageId, m.consumerSpanIds])).toEqual([
      ["otel-m1", [consumerCtx.spanId]],
    ]);
  });

  it("stores a resent export once", async () => {
    const body = otlpJson([rawSpan(producerCtx.traceId, "00000000000000aa")]);
    expect((await post(body, { "content-type": "application/json" })).status).toBe(200);
    expect((await post(body, { "content-type": "application/json" })).status).toBe(200);
    const t = await pool().query(`SELECT span_count FROM traces WHERE trace_id = $1`, [producerCtx.traceId]);
    expect(t.rows).toEqual([{ span_count: 3 }]);
  });
});

describe("POST /v1/traces — refused requests and spans", () => {
  const good = "5b8efff798038103d269b633813fc60c";

  it("answers 401 without a collector token", async () => {
    const res = await fetch(server.url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    expect(res.status).toBe(401);
  });

  it("answers 415 for a Content-Type that is not OTLP", async () => {
    const res = await post("{}", { "content-type": "text/plain" });
    expect(res.status).toBe(415);
    expect(json(res.bytes)).toMatchObject({ error: { code: "unsupported_media_type" } });
    expect(String((json(res.bytes).error as { message: string }).message)).toContain(
      "application/x-protobuf",
    );
  });

  it("answers 400 for a body that is not JSON, naming the problem", async () => {
    const res = await post("{not json", { "content-type": "application/json" });
    expect(res.status).toBe(400);
    expect(json(res.bytes)).toMatchObject({ error: { code: "invalid_json" } });
  });

  it("answers 400 for JSON that is not OTLP, naming the field", async () => {
    const body = JSON.stringify({
      resourceSpans: [
        { scopeSpans: [{ spans: [{ ...rawSpan(good, "1111111111111111"), startTimeUnixNano: "soon" }] }] },
      ],
    });
    const res = await post(body, { "content-type": "application/json" });
    expect(res.status).toBe(400);
    expect((json(res.bytes).error as { message: string }).message).toContain(
      "resourceSpans.0.scopeSpans.0.spans.0.startTimeUnixNano",
    );
  });

  it("answers 400 for bytes that are not an OTLP protobuf message", async () => {
    const res = await post(Buffer.from([0x0a, 0xff, 0xff, 0xff, 0x0f, 0x01]), {
      "content-type": "application/x-protobuf",
    });
    expect(res.status).toBe(400);
    expect((json(res.bytes).error as { message: string }).message).toContain(
      "not an OTLP ExportTraceServiceRequest",
    );
  });

  it("answers 413 for more spans than a request may hold, storing none", async () => {
    const spans = Array.from({ length: MAX_SPANS + 1 }, (_, i) =>
      rawSpan("6b8efff798038103d269b633813fc60c", (i + 1).toString(16).padStart(16, "0")),
    );
    const res = await post(otlpJson(spans), { "content-type": "application/json" });
    expect(res.status).toBe(413);
    expect((json(res.bytes).error as { message: string }).message).toContain(`limit of ${MAX_SPANS}`);
    const n = await pool().query(`SELECT count(*)::int AS n FROM spans WHERE trace_id = $1`, [
      "6b8efff798038103d269b633813fc60c",
    ]);
    expect(n.rows[0]).toEqual({ n: 0 });
  });

  it("answers 413 for a body over the ingest limit, gzip inflated included", async () => {
    const big = otlpJson([{ ...rawSpan(good, "2222222222222222"), name: "x".repeat(MAX_BODY) }]);
    expect((await post(big, { "content-type": "application/json" })).status).toBe(413);
    const gz = await post(gzipSync(big), { "content-type": "application/json", "content-encoding": "gzip" });
    expect(gz.status).toBe(413);
  });

  it("accepts gzip and refuses a span with a bad id alone (JSON partialSuccess)", async () => {
    const body = otlpJson([rawSpan(good, "3333333333333333"), rawSpan("0".repeat(32), "4444444444444444")]);
    const res = await post(gzipSync(body), {
      "content-type": "application/json",
      "content-encoding": "gzip",
    });
    expect(res.status).toBe(200);
    const answer = json(res.bytes) as { partialSuccess: { rejectedSpans: string; errorMessage: string } };
    expect(answer.partialSuccess.rejectedSpans).toBe("1");
    expect(answer.partialSuccess.errorMessage).toContain("traceId must be 16 bytes");
    const n = await pool().query(`SELECT span_id FROM spans WHERE trace_id = $1`, [good]);
    expect(n.rows).toEqual([{ span_id: "3333333333333333" }]);
  });

  it("answers a protobuf request with a protobuf ExportTraceServiceResponse", async () => {
    // Encoded with the same embedded definitions: a request with one span whose span id is 4 bytes.
    const req = decodeProtobufRequest(Buffer.alloc(0));
    expect(req).toEqual({});
    const root = protobuf.Root.fromJSON({
      nested: {
        Req: {
          fields: { resourceSpans: { rule: "repeated", type: "RS", id: 1 } },
        },
        RS: { fields: { scopeSpans: { rule: "repeated", type: "SS", id: 2 } } },
        SS: { fields: { spans: { rule: "repeated", type: "Span", id: 2 } } },
        Span: {
          fields: {
            traceId: { type: "bytes", id: 1 },
            spanId: { type: "bytes", id: 2 },
            name: { type: "string", id: 5 },
            startTimeUnixNano: { type: "fixed64", id: 7 },
          },
        },
        Resp: {
          fields: { partialSuccess: { type: "PS", id: 1 } },
        },
        PS: { fields: { rejectedSpans: { type: "int64", id: 1 }, errorMessage: { type: "string", id: 2 } } },
      },
    });
    const Req = root.lookupType("Req");
    const bytes = Req.encode(
      Req.fromObject({
        resourceSpans: [
          {
            scopeSpans: [
              {
                spans: [
                  {
                    traceId: Buffer.from(good, "hex"),
                    spanId: Buffer.from("55555555", "hex"),
                    name: "short id",
                    startTimeUnixNano: nowNanos(),
                  },
                ],
              },
            ],
          },
        ],
      }),
    ).finish();
    const res = await post(Buffer.from(bytes), { "content-type": "application/x-protobuf" });
    expect(res.status).toBe(200);
    expect(res.type).toBe("application/x-protobuf");
    const Resp = root.lookupType("Resp");
    const answer = Resp.toObject(Resp.decode(res.bytes), { longs: Number }) as {
      partialSuccess: { rejectedSpans: number; errorMessage: string };
    };
    expect(answer.partialSuccess.rejectedSpans).toBe(1);
    expect(answer.partialSuccess.errorMessage).toContain("spanId must be 8 bytes");
  });
});
