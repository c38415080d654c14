// Pushes reprocess commands from Postgres to the agents connected to this process. Commands are
// persisted before any push, so a push is only ever a delivery attempt: triggered by an agent's
// hello (every unfinished command: a reconnected agent may have lost what it held, and it answers
// a repeated id with its stored outcome), by an in-process notice that commands were enqueued, by
// results coming in, and by a sweep every few seconds (the safety net for lost notices, refusals,
// timeouts, other server processes enqueueing, a command reopened in the database). Backpressure:
// at most `window` commands per collector are in flight (pushed and not yet answered); each
// recorded result frees a place, so 50 000 commands never sit in a socket or an agent's memory at
// once. One push round at a time per collector; requests arriving meanwhile are merged into one more.
//
// A push writes nothing to Postgres: which commands an agent holds is this process's memory (its
// in-flight set), and a round reads on from just past the last command it pushed. Commands are
// created in dispatcher rounds one at a time (lib/reprocess/dispatch.ts, an advisory lock), each
// committing its commands at once, so newer ones always come after that cursor; a hello, a refusal,
// a timeout and every sweep read from the start again, skipping what is in flight. Recording each
// push was one more full-row write per command (state `sent`, attempts; ~9 % of the statements' time
// in bench:reprocess) for a distinction nothing needed.
import type { Socket } from "socket.io";
import {
  collectorsWithOpenCommands,
  pendingCommands,
  START,
  type CommandCursor,
} from "@/lib/collectors/pending-commands";
import {
  MAX_COMMANDS_PER_PUSH,
  type CollectorClientToServerEvents,
  type CollectorServerToClientEvents,
  type ReprocessCommand,
} from "@/lib/collectors/protocol";

export type AgentSocket = Socket<CollectorClientToServerEvents, CollectorServerToClientEvents>;

type Log = { warn: (obj: object, msg: string) => void };

/**
 * Commands in flight per collector: 16 of the agent's windows of 256 (collectors/core), so it never
 * waits for the next push while results travel back.
 */
export const COMMANDS_IN_FLIGHT = 4_096;

type Link = {
  /** Sockets of this collector that said hello, oldest first; commands go to the newest. */
  sockets: AgentSocket[];
  busy: boolean;
  /** Another round is wanted. */
  wanted: boolean;
  /** Pushed to this agent and not answered yet (taken, or the push's answer still awaited). */
  inFlight: Set<string>;
  /** Where the next round reads from: just past the last command pushed. */
  after: CommandCursor;
  /** The next page is read from START (after a hello, a refusal, a sweep): set here, applied by the round. */
  restart: boolean;
};

export type DispatcherOptions = {
  /** How long an agent has to acknowledge a push before it is left to the next sweep. */
  ackTimeoutMs: number;
  sweepMs: number;
  /** At most this many commands in flight per collector (default COMMANDS_IN_FLIGHT). */
  window?: number;
  log?: Log;
};

export class CommandDispatcher {
  private readonly links = new Map<string, Link>();
  private readonly timer: ReturnType<typeof setInterval>;
  private readonly rounds = new Set<Promise<void>>();
  private readonly window: number;

  constructor(private readonly opts: DispatcherOptions) {
    this.window = opts.window ?? COMMANDS_IN_FLIGHT;
    this.timer = setInterval(() => this.sweep(), opts.sweepMs);
    this.timer.unref();
  }

  /** The agent said hello: it gets every unfinished command, including those it took before. */
  attach(collectorId: string, socket: AgentSocket): void {
    let link = this.links.get(collectorId);
    if (!link) {
      link = { sockets: [], busy: false, wanted: false, inFlight: new Set(), after: START, restart: true };
      this.links.set(collectorId, link);
    }
    if (!link.sockets.includes(socket)) link.sockets.push(socket);
    // A new hello is a new (or restarted) agent: what the old one held is pushed again.
    link.inFlight.clear();
    link.restart = true;
    this.request(collectorId);
  }

  detach(collectorId: string, socket: AgentSocket): void {
    const link = this.links.get(collectorId);
    if (!link) return;
    link.sockets = link.sockets.filter((s) => s !== socket);
    if (link.sockets.length === 0 && !link.busy) this.links.delete(collectorId);
  }

  /** Push this collector's pending commands now (as many as its window takes), if its agent is connected here. */
  request(collectorId: string): void {
    const link = this.links.get(collectorId);
    if (!link || link.sockets.length === 0) return;
    link.wanted = true;
    if (link.busy) return;
    const round = this.drain(collectorId, link).finally(() => this.rounds.delete(round));
    this.rounds.add(round);
  }

  /** The agent's results for these commands are on record: their places in its window are free. */
  answered(collectorId: string, commandIds: readonly string[]): void {
    const link = this.links.get(collectorId);
    if (!link) return;
    let freed = false;
    for (const id of commandIds) freed = link.inFlight.delete(id.toLowerCase()) || freed;
    if (freed) this.request(collectorId);
  }

  /** Stops the sweep and waits for pushes in flight (their bookkeeping must reach the database). */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    await Promise.allSettled([...this.rounds]);
  }

  private sweep(): void {
    const ids = [...this.links.keys()];
    if (ids.length === 0) return;
    collectorsWithOpenCommands(ids)
      .then((due) =>
        due.forEach((id) => {
          const link = this.links.get(id);
          if (link) link.restart = true;
          this.request(id);
        }),
      )
      .catch((err: unknown) =>
        this.opts.log?.warn({ err }, "the command sweep could not read open commands"),
      );
  }

  private async drain(collectorId: string, link: Link): Promise<void> {
    link.busy = true;
    try {
      while (link.wanted) {
        link.wanted = false;
        await this.fill(collectorId, link).catch((err: unknown) =>
          this.opts.log?.warn(
            { err, collectorId },
            "pushing commands to a collector failed; the sweep retries",
          ),
        );
      }
    } finally {
      link.busy = false;
      if (link.sockets.length === 0) this.links.delete(collectorId);
    }
  }

  /**
   * Pushes commands until the window is full or nothing is left: each page read from Postgres
   * fills the window's free places at once and goes out in pushes of MAX_COMMANDS_PER_PUSH. The
   * link's cursor moves past a page once all of it was taken; a push not taken in full ends the
   * round and sends the next one back to the start.
   */
  private async fill(collectorId: string, link: Link): Promise<void> {
    for (;;) {
      const socket = link.sockets.at(-1);
      const room = this.window - link.inFlight.size;
      if (!socket?.connected || room <= 0) return;
      if (link.restart) {
        link.restart = false;
        link.after = START;
      }
      const page = await pendingCommands(collectorId, { after: link.after, limit: room });
      // From the start (after a hello, a refusal, a sweep), what is in flight is not pushed twice.
      const commands = page.commands.filter((c) => !link.inFlight.has(c.commandId));
      for (let i = 0; i < commands.length; i += MAX_COMMANDS_PER_PUSH) {
        const all = await this.push(collectorId, link, socket, commands.slice(i, i + MAX_COMMANDS_PER_PUSH));
        if (!all) {
          link.restart = true;
          return;
        }
      }
      if (page.end) link.after = page.end;
      if (!page.next) return;
    }
  }

  /**
   * One push; true when the agent took every command (else the round ends: what it did not take
   * is left for the sweep, pushing it again at once would spin).
   */
  private async push(
    collectorId: string,
    link: Link,
    socket: AgentSocket,
    commands: ReprocessCommand[],
  ): Promise<boolean> {
    const ids = commands.map((c) => c.commandId);
    for (const id of ids) link.inFlight.add(id);
    let answer: unknown;
    try {
      answer = await socket.timeout(this.opts.ackTimeoutMs).emitWithAck("commands", commands);
    } catch (err) {
      for (const id of ids) link.inFlight.delete(id);
      this.opts.log?.warn(
        { err, collectorId, commands: ids.length },
        "a collector did not take pushed commands; the sweep pushes them again",
      );
      return false;
    }
    const taken = new Set(takenIds(answer, ids));
    const refused = ids.filter((id) => !taken.has(id));
    for (const id of refused) link.inFlight.delete(id);
    return refused.length === 0;
  }
}

/** The ids the agent says it took, among those pushed (anything else it sends is ignored). */
function takenIds(answer: unknown, pushed: readonly string[]): string[] {
  const said = (answer as { received?: unknown } | null)?.received;
  if (!Array.isArray(said)) return [];
  const set = new Set(said.filter((v): v is string => typeof v === "string"));
  return pushed.filter((id) => set.has(id));
}
