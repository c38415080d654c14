// Issue 7's reprocess scenario (collectors/testing/reprocess-scenario.ts) on real NATS JetStream,
// through the whole path: API → dispatcher → /collectors command → collector republish with the
// reprocess id as Nats-Msg-Id → result recorded → dead letter "reprocessed". The application's
// durable terminates the broken type (JetStream advises MSG_TERMINATED: a dead letter). A killed
// collector's second publish is dropped by JetStream's duplicate window. "No longer exists" on
// JetStream: the stream was deleted, so no stream captures the subject any more; the collector
// goes on observing the other streams and serving their reprocessing.
import { REPROCESS_ID_HEADER } from "@/collectors/core/adapter";
import { publishWithDedupe } from "@/collectors/nats/republish";
import { startNatsApp } from "@/collectors/testing/nats-app";
import { reprocessScenario } from "@/collectors/testing/reprocess-scenario";

reprocessScenario("NATS JetStream", {
  start: (stack, broken) =>
    startNatsApp(stack, {
      prefix: "reprocess",
      streams: ["ORDERS", "DOOMED"],
      decide: (m) =>
        broken(m.headers?.get("type") ?? "") && !m.headers?.has(REPROCESS_ID_HEADER) ? "term" : "ack",
    }),
  republish: (app, req) => publishWithDedupe(app.nats.js, app.nats.jsm, req, undefined),
  brokerDedupe: true,
  gone: (stream) => `no JetStream stream captures subject "${stream}.orders": cannot republish there`,
});
