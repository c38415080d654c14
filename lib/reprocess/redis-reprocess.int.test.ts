// Issue 7's reprocess scenario (collectors/testing/reprocess-scenario.ts) on real Redis Streams,
// through the whole path: API → dispatcher → /collectors command → collector XADD (once per
// reprocess id: a Lua guard) → result recorded → dead letter "reprocessed". The application's
// consumer group dead-letters the broken type to its dead-letter stream. A killed collector's
// second XADD is answered from the guard. "No longer exists" on Redis: the stream key was deleted,
// and with it the consumer groups that would read a new entry; the republish fails rather than
// create a fresh key nobody reads.
import { REPROCESS_ID_HEADER } from "@/collectors/core/adapter";
import { republishEntry } from "@/collectors/redis/republish";
import { startRedisApp } from "@/collectors/testing/redis-app";
import { reprocessScenario } from "@/collectors/testing/reprocess-scenario";

reprocessScenario("Redis Streams", {
  start: (stack, broken) =>
    startRedisApp(stack, {
      prefix: "reprocess",
      streams: ["orders", "doomed"],
      fails: ({ fields }) => broken(fields.type ?? "") && !fields[REPROCESS_ID_HEADER],
    }),
  republish: async (app, req) => void (await republishEntry(app.redis, req, undefined, 3600)),
  brokerDedupe: true,
  gone: (stream) => `XADD to ${stream} on Redis at 127.0.0.1:6379 failed: stream ${stream} does not exist`,
});
