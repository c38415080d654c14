// The Redis Streams broker adapter: observes streams with XREAD, reports group lag and stream
// depth, takes dead letters from dead-letter streams (and, optionally, from application groups'
// over-delivered entries), and republishes with XADD. Two connections: one blocked in XREAD, one
// for everything else (a blocked connection answers nothing else until its XREAD returns).
import type { AdapterSink, BrokerAdapter, RepublishRequest } from "@/collectors/core/adapter";
import { sleep } from "@/collectors/core/retry";
import { redisConfig, type RedisConfig, type RedisConfigInput } from "@/collectors/redis/config";
import {
  close,
  connect,
  createConnection,
  describeAddress,
  type Connection,
} from "@/collectors/redis/connection";
import { DeadLetterTaker } from "@/collectors/redis/dead-letters";
import { collectGauges } from "@/collectors/redis/gauges";
import { StreamObserver } from "@/collectors/redis/observer";
import { ProblemReporter } from "@/collectors/redis/problems";
import { republishEntry } from "@/collectors/redis/republish";
import { Stopped } from "@/collectors/redis/stopping";
import { StreamResolver } from "@/collectors/redis/stream-resolver";

type Running = {
  sink: AdapterSink;
  commands: Connection;
  blocking: Connection;
  abort: AbortController;
  problems: ProblemReporter;
  loops: Promise<void>[];
  /** stop() began or the loss was reported: later connection ends are not news. */
  quiet: boolean;
};

export class RedisAdapter implements BrokerAdapter {
  readonly kind = "redis" as const;
  readonly config: RedisConfig;
  private running: Running | undefined;

  constructor(config: RedisConfigInput) {
    this.config = redisConfig.parse(config);
  }

  private get address(): string {
    return describeAddress(this.config.url);
  }

  async start(sink: AdapterSink): Promise<void> {
    // After a lost connection the runtime may start again without a stop(): tidy up first.
    if (this.running?.quiet) await this.stop();
    if (this.running) throw new Error("the Redis adapter is already started");
    const { url, name, connectTimeoutMs } = this.config;
    const commands = createConnection(url, name, "commands", connectTimeoutMs);
    const blocking = createConnection(url, name, "observer", connectTimeoutMs);
    const connected = await Promise.allSettled([connect(commands, url), connect(blocking, url)]);
    const failed = connected.find((r) => r.status === "rejected");
    if (failed) {
      await Promise.all([close(commands), close(blocking)]);
      throw failed.reason;
    }
    const abort = new AbortController();
    const run: Running = {
      sink,
      commands,
      blocking,
      abort,
      problems: new ProblemReporter(sink),
      loops: [],
      quiet: false,
    };
    this.running = run;
    const taker = new DeadLetterTaker(this.config, commands.redis, sink, abort.signal);
    const resolver = new StreamResolver(this.config.streams, (c, e) => run.problems.report(c, e));
    const observer = new StreamObserver(this.config, blocking.redis, sink, abort.signal);
    try {
      await taker.ensureGroups();
      await observer.init(commands.redis, await resolver.resolve(commands.redis));
    } catch (err) {
      await this.stop();
      throw new Error(`Redis at ${this.address}: ${err instanceof Error ? err.message : String(err)}`);
    }
    for (const [conn, role] of [
      [commands, "command"],
      [blocking, "observer"],
    ] as const) {
      conn.redis.once("end", () => this.lost(run, conn, role));
    }
    run.loops = [
      this.guard(run, "observer", observer.run()),
      this.guard(run, "poll", this.pollLoop(run, resolver, observer)),
      this.guard(run, "dead letters", this.deadLetterLoop(run, taker)),
    ];
    sink.log.info({ address: this.address, streams: this.config.streams }, "observing Redis streams");
  }

  /** The contract's republish: resolves once Redis added the entry (or had, for this reprocess id). */
  async republish(req: RepublishRequest): Promise<void> {
    await this.republishWithId(req);
  }

  /** Resolves with the new entry's id (or, for a reprocess id already republished, the first copy's). */
  async republishWithId(req: RepublishRequest): Promise<string> {
    const run = this.running;
    if (!run || run.commands.redis.status !== "ready")
      throw new Error(`cannot republish to Redis at ${this.address}: not connected`);
    try {
      const outcome = await republishEntry(
        run.commands.redis,
        req,
        this.config.payloadField,
        this.config.republishGuardSeconds,
      );
      if (!outcome.added)
        run.sink.log.info(
          { reprocessId: req.reprocessId, id: outcome.id },
          "already republished: not added again",
        );
      return outcome.id;
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      throw new Error(`XADD to ${req.destination.channel} on Redis at ${this.address} failed: ${reason}`);
    }
  }

  /** Ends the blocked XREAD at once (its entries were not handed over, so not checkpointed) and quits. */
  async stop(): Promise<void> {
    const run = this.running;
    if (!run) return;
    this.running = undefined;
    run.quiet = true;
    run.abort.abort();
    run.blocking.redis.disconnect();
    await close(run.commands);
    await Promise.allSettled(run.loops);
  }

  private lost(run: Running, conn: Connection, role: string): void {
    if (run.quiet) return;
    run.quiet = true;
    run.abort.abort();
    run.blocking.redis.disconnect();
    run.commands.redis.disconnect();
    run.sink.disconnected(
      `lost the ${role} connection to Redis at ${this.address}: ${conn.lastError() ?? "connection closed"}`,
    );
  }

  /** Every pollIntervalMs: re-resolve the streams (globs, key types), then report gauges. */
  private async pollLoop(run: Running, resolver: StreamResolver, observer: StreamObserver): Promise<void> {
    const redis = run.commands.redis;
    const extra = [
      ...this.config.deadLetters.streams.map((d) => d.stream),
      ...this.config.deadLetters.claim.map((c) => c.stream),
    ];
    while (!run.abort.signal.aborted) {
      await this.task(run, "gauges", async () => {
        const keys = await resolver.resolve(redis);
        observer.setKeys(keys);
        run.sink.gauges(await collectGauges(redis, [...new Set([...keys, ...extra])]));
      });
      await sleep(this.config.pollIntervalMs, run.abort.signal);
    }
  }

  private async deadLetterLoop(run: Running, taker: DeadLetterTaker): Promise<void> {
    const { streams, claim } = this.config.deadLetters;
    if (streams.length === 0 && claim.length === 0) return;
    while (!run.abort.signal.aborted) {
      for (const cfg of streams) await this.task(run, `dead letters ${cfg.stream}`, () => taker.drain(cfg));
      for (const cfg of claim)
        await this.task(run, `claim ${cfg.stream}/${cfg.group}`, () => taker.claim(cfg));
      await sleep(this.config.pollIntervalMs, run.abort.signal);
    }
  }

  /** Runs one periodic task; a failure is a problem (reported once until it changes), not the end. */
  private async task(run: Running, context: string, fn: () => Promise<void>): Promise<void> {
    if (run.abort.signal.aborted) return;
    try {
      await fn();
      run.problems.clear(context);
    } catch (err) {
      // Stopping, or the connection is gone (reported once, by lost()): not a problem of the task.
      if (err instanceof Stopped || run.abort.signal.aborted || run.commands.redis.status !== "ready") return;
      run.problems.report(context, err);
    }
  }

  /** A loop never rejects by design; should one, it is a problem on the Collectors page, not a crash. */
  private guard(run: Running, context: string, loop: Promise<void>): Promise<void> {
    return loop.catch((err: unknown) => {
      if (!run.abort.signal.aborted) run.sink.problem(context, err);
    });
  }
}

/** A Redis Streams adapter for the collector runtime (config: the YAML's `broker:` section). */
export function createRedisAdapter(config: RedisConfigInput): RedisAdapter {
  return new RedisAdapter(config);
}
