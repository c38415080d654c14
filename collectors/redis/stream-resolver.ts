// Which stream keys to observe right now: the configured keys that are streams (or do not exist
// yet) plus the streams matching the configured glob patterns, found with SCAN … TYPE stream.
import type { Redis } from "ioredis";
import { isStreamPattern, literalStreamKey } from "@/collectors/redis/config";

const SCAN_COUNT = 1000;

export class StreamResolver {
  private readonly literals: string[];
  private readonly patterns: string[];
  private readonly reportedWrongType = new Set<string>();

  constructor(
    configured: string[],
    private readonly onProblem: (context: string, err: Error) => void,
  ) {
    this.literals = [...new Set(configured.filter((s) => !isStreamPattern(s)).map(literalStreamKey))];
    this.patterns = [...new Set(configured.filter(isStreamPattern))];
  }

  get hasPatterns(): boolean {
    return this.patterns.length > 0;
  }

  /**
   * The keys to XREAD. A configured key holding another type is left out (one XREAD over several
   * keys fails whole with WRONGTYPE if any of them is not a stream) and reported once.
   */
  async resolve(redis: Redis): Promise<string[]> {
    const keys = new Set<string>();
    if (this.literals.length > 0) {
      const pipeline = redis.pipeline();
      for (const key of this.literals) pipeline.type(key);
      const types = (await pipeline.exec()) ?? [];
      this.literals.forEach((key, i) => {
        const [err, type] = types[i] ?? [new Error("no reply"), undefined];
        if (err) throw err;
        if (type === "stream" || type === "none") {
          keys.add(key);
          this.reportedWrongType.delete(key);
        } else if (!this.reportedWrongType.has(key)) {
          this.reportedWrongType.add(key);
          this.onProblem(
            `stream ${key}`,
            new Error(`key "${key}" holds a ${String(type)}, not a stream: not observed`),
          );
        }
      });
    }
    for (const pattern of this.patterns) {
      let cursor = "0";
      do {
        const [next, found] = await redis.scan(
          cursor,
          "MATCH",
          pattern,
          "COUNT",
          SCAN_COUNT,
          "TYPE",
          "stream",
        );
        for (const key of found) keys.add(key);
        cursor = next;
      } while (cursor !== "0");
    }
    return [...keys].sort();
  }
}
