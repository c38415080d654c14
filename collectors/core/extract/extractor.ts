// Turns what an adapter observed into ingest items, by the config's extraction rules: event type,
// message id, producer, trace context, size, timestamps, payload sample with redaction. One
// Extractor per collector, built once from the config.
import { createHash } from "node:crypto";
import type { ObservedDeadLetter, ObservedDelivery, ObservedMessage } from "@/collectors/core/adapter";
import type { ExtractConfig, IdRule, ValueRule } from "@/collectors/core/config/extract-config";
import { findHeader, normaliseHeaders } from "@/collectors/core/extract/headers";
import { parseJsonPath, readPath, type PathStep } from "@/collectors/core/extract/json-path";
import { makeRedaction, readPayload, type Redaction } from "@/collectors/core/extract/payload";
import {
  compileSubjectPattern,
  matchSubject,
  type SubjectPattern,
} from "@/collectors/core/extract/subject-pattern";
import { extractTrace } from "@/collectors/core/extract/trace-context";
import { ORIGINAL_SUBJECT_HEADER } from "@/lib/collectors/protocol";
import { toStorableText } from "@/lib/ingest/postgres-text";
import type { DeadLetterInput, DeliveryInput, EventInput } from "@/lib/ingest/schemas";

export const PAYLOAD_HASH_HEADER = "x-eventscope-payload-sha256";

const MAX_NAME = 300;
const MAX_ID = 512;
const EARLIEST = Date.UTC(2000, 0, 1);
const FUTURE_SLACK_MS = 23 * 3600_000; // the server refuses > 24 h ahead

type Compiled =
  | { kind: "header"; name: string }
  | { kind: "jsonPath"; steps: PathStep[] }
  | { kind: "subject"; pattern: SubjectPattern | undefined }
  | { kind: "value"; value: string }
  | { kind: "appId" };

function compile(rule: ValueRule): Compiled {
  if (rule === "appId") return { kind: "appId" };
  if (rule === "subject") return { kind: "subject", pattern: undefined };
  if ("header" in rule) return { kind: "header", name: rule.header };
  if ("value" in rule) return { kind: "value", value: rule.value };
  if ("jsonPath" in rule) return { kind: "jsonPath", steps: parseJsonPath(rule.jsonPath) as PathStep[] };
  return { kind: "subject", pattern: compileSubjectPattern(rule.subject) as SubjectPattern };
}

type Parsed = { m: ObservedMessage; json: unknown; sha256?: string };

export class Extractor {
  private readonly typeRules: Compiled[];
  private readonly producerRules: Compiled[];
  private readonly redaction: Redaction;

  constructor(
    private readonly broker: string,
    private readonly c: ExtractConfig,
  ) {
    this.typeRules = c.eventType.map(compile);
    this.producerRules = c.producer.map(compile);
    this.redaction = makeRedaction(c.payload.redact);
  }

  event(m: ObservedMessage): EventInput {
    const payload = readPayload(m.body, m.contentType, this.c.payload, this.redaction);
    const p: Parsed = { m, json: payload.json, sha256: payload.sha256 };
    const headers = normaliseHeaders(m.headers);
    if (payload.sha256) headers[PAYLOAD_HASH_HEADER] = payload.sha256;
    const trace = extractTrace(m.headers, this.c.trace);
    const observed = m.observedAt.getTime();
    return {
      id: this.messageId(m),
      broker: this.broker,
      channel: name(m.channel),
      type: this.value(this.typeRules, p) ?? name(m.subject ?? m.channel),
      publishedAt: plausible(m.publishedAt?.getTime(), observed),
      observedAt: observed,
      producer: this.value(this.producerRules, p),
      traceId: trace?.traceId,
      spanId: trace?.spanId,
      headers,
      payload: payload.parsed ? payload.json : undefined,
      size: m.body.length,
    };
  }

  delivery(d: ObservedDelivery): DeliveryInput {
    const observed = d.message.observedAt.getTime();
    return {
      messageId: this.messageId(d.message),
      broker: this.broker,
      channel: name(d.message.channel),
      consumer: name(d.consumer),
      deliveredAt: plausible(d.deliveredAt.getTime(), observed),
      ackedAt: d.ackedAt ? plausible(d.ackedAt.getTime(), observed) : undefined,
      outcome: d.outcome,
      attempt: Math.max(1, Math.min(1_000_000, Math.floor(d.attempt ?? 1))),
      publishedAt: d.message.publishedAt ? plausible(d.message.publishedAt.getTime(), observed) : undefined,
    };
  }

  deadLetter(d: ObservedDeadLetter): DeadLetterInput {
    const m = d.message;
    // Parsed only to find the type and producer; the payload itself goes verbatim.
    const payload = readPayload(
      m.body,
      m.contentType,
      { ...this.c.payload, sample: true },
      { names: new Set(), paths: [] },
    );
    const p: Parsed = { m, json: payload.json };
    const headers = normaliseHeaders(m.headers);
    if (d.originalSubject !== undefined) headers[ORIGINAL_SUBJECT_HEADER] = d.originalSubject;
    // Verbatim: UTF-8 text as is, anything else (invalid UTF-8, NUL, which Postgres text refuses) as base64.
    const text = m.body.toString("utf8");
    const verbatim = !text.includes("\uFFFD") && !text.includes("\0");
    const failed = d.failedAt.getTime();
    return {
      id: id(d.dedupeKey),
      messageId: this.messageId(m),
      broker: this.broker,
      channel: name(m.channel),
      originalChannel: d.originalChannel ? name(d.originalChannel) : undefined,
      type: this.value(this.typeRules, p),
      producer: this.value(this.producerRules, p),
      reason: name(d.reason),
      error: d.error?.slice(0, 16_384),
      attempts: Math.max(0, Math.min(1_000_000, Math.floor(d.attempts))),
      firstFailedAt: d.firstFailedAt ? plausible(d.firstFailedAt.getTime(), failed) : undefined,
      failedAt: plausible(failed, Date.now()),
      headers,
      ...(verbatim
        ? { payload: text, payloadEncoding: "utf8" as const }
        : { payload: m.body.toString("base64"), payloadEncoding: "base64" as const }),
      contentType: m.contentType?.slice(0, 200),
      traceId: extractTrace(m.headers, this.c.trace)?.traceId,
    };
  }

  /** The event id by the messageId rules; a content hash is always possible, so this never fails. */
  messageId(m: ObservedMessage): string {
    for (const rule of this.c.messageId) {
      const v = this.idBy(rule, m);
      if (v) return id(v);
    }
    return contentHash(m);
  }

  private idBy(rule: IdRule, m: ObservedMessage): string | undefined {
    if (rule === "broker") return m.brokerId || undefined;
    if (rule === "hash") return contentHash(m);
    return findHeader(m.headers, rule.header) || undefined;
  }

  private value(rules: readonly Compiled[], p: Parsed): string | undefined {
    for (const r of rules) {
      const v = valueBy(r, p);
      if (v !== undefined && v.trim() !== "") return name(v);
    }
    return undefined;
  }
}

function valueBy(r: Compiled, { m, json }: Parsed): string | undefined {
  switch (r.kind) {
    case "header":
      return findHeader(m.headers, r.name);
    case "appId":
      return m.appId;
    case "value":
      return r.value;
    case "subject":
      return r.pattern ? matchSubject(r.pattern, m.subject ?? m.channel) : m.subject;
    case "jsonPath": {
      const v = readPath(json, r.steps);
      return typeof v === "string" || typeof v === "number" || typeof v === "boolean" ? String(v) : undefined;
    }
  }
}

/** One message, one hash: the tap and the firehose copy of a message share it. */
function contentHash(m: ObservedMessage): string {
  const h = createHash("sha256");
  h.update(m.channel)
    .update("\0")
    .update(m.subject ?? "")
    .update("\0")
    .update(m.body);
  return `sha256:${h.digest("hex").slice(0, 40)}`;
}

function name(s: string): string {
  const t = toStorableText(s).trim().slice(0, MAX_NAME);
  return t === "" ? "(empty)" : t;
}

function id(s: string): string {
  const t = toStorableText(s);
  return t.length <= MAX_ID ? t : `sha256:${createHash("sha256").update(t).digest("hex")}`;
}

/** A broker timestamp the server will accept, else the time it was observed. */
function plausible(ms: number | undefined, fallback: number): number {
  if (ms === undefined || !Number.isFinite(ms) || ms < EARLIEST || ms > Date.now() + FUTURE_SLACK_MS)
    return fallback;
  return Math.round(ms);
}
