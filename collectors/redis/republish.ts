// Republishes a stored dead letter with XADD, at most once per reprocess id. Redis has no publish
// dedupe of its own, so a Lua script makes "was this reprocess id added already? if not, XADD and
// remember the new entry id" one atomic step: there is never an entry without its guard key or a
// guard key without its entry (XADD runs before the SET, and a failing XADD aborts the script
// before anything was written). The guard key lives republishGuardSeconds (a day by default): a
// retry after that adds a second copy, which its x-eventscope-reprocess-id field still marks —
// the runtime de-duplicates commands long before that. Each guard costs ~100 bytes for its life.
// XADD … NOMKSTREAM: a stream key that no longer exists is not created again. A new key would
// have none of the old one's consumer groups, so the entry would be "republished" where nobody
// reads it; the republish fails with that reason instead (so does one to a stream never created).
import type { Redis } from "ioredis";
import type { RepublishRequest } from "@/collectors/core/adapter";
import { republishFields } from "@/collectors/redis/entry-mapping";

export const GUARD_PREFIX = "eventscope:reprocessed:";

// KEYS[1] guard, KEYS[2] stream; ARGV[1] ttl seconds, ARGV[2..] field/value pairs.
// Replies {0, first copy's id} (added before), {1, new id}, or {2, ""} (no such stream).
const SCRIPT = `
local done = redis.call('GET', KEYS[1])
if done then return {0, done} end
local id = redis.call('XADD', KEYS[2], 'NOMKSTREAM', '*', unpack(ARGV, 2))
if not id then return {2, ""} end
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
  if (reply[0] === 2)
    throw new Error(
      `stream ${stream} does not exist (deleted, or never created): not created again, as it would have none of its consumer groups`,
    );
  return { added: reply[0] === 1, id: String(reply[1]) };
}
