// Republishes a stored dead letter with XADD, at most once per reprocess id. Redis has no publish
// dedupe of its own, so a Lua script makes "was this reprocess id added already? if not, XADD and
// remember the new entry id" one atomic step: there is never an entry without its guard key or a
// guard key without its entry (XADD runs before the SET, and a failing XADD aborts the script
// before anything was written). The guard key lives republishGuardSeconds (a day by default): a
// retry after that adds a second copy, which its x-eventscope-reprocess-id field still marks —
// the runtime de-duplicates commands long before that. Each guard costs ~100 bytes for its life.
import type { Redis } from "ioredis";
import type { RepublishRequest } from "@/collectors/core/adapter";
import { republishFields } from "@/collectors/redis/entry-mapping";

export const GUARD_PREFIX = "eventscope:reprocessed:";

// KEYS[1] guard, KEYS[2] stream; ARGV[1] ttl seconds, ARGV[2..] field/value pairs.
const SCRIPT = `
local done = redis.call('GET', KEYS[1])
if done then return {0, done} end
local id = redis.call('XADD', KEYS[2], '*', unpack(ARGV, 2))
redis.call('SET', KEYS[1], id, 'EX', ARGV[1])
return {1, id}
`;

export type RepublishOutcome = { id: string; added: boolean };

export async function republishEntry(
  redis: Redis,
  req: RepublishRequest,
  payloadField: string | undefined,
  guardSeconds: number,
): Promise<RepublishOutcome> {
  const stream = req.destination.channel;
  const fields = republishFields(req, payloadField);
  const reply: unknown = await redis.eval(
    SCRIPT,
    2,
    GUARD_PREFIX + req.reprocessId,
    stream,
    guardSeconds,
    ...fields,
  );
  if (!Array.isArray(reply) || reply.length !== 2) throw new Error(`unexpected reply to XADD on ${stream}`);
  return { added: reply[0] === 1, id: String(reply[1]) };
}
