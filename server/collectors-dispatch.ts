// Pushes reprocess commands from Postgres to the agents connected to this process. Commands are
// persisted before any push, so a push is only ever a delivery attempt: triggered by an agent's
// hello (pending and taken-but-unanswered ones: a reconnected agent may have lost them, and it
// answers a repeated id with its stored outcome), by an in-process notice that commands were
// enqueued, and by a sweep every few seconds (the safety net for lost notices, refusals, timeouts
// and other server processes enqueueing). One push at a time per collector; requests arriving
// meanwhile are merged into one more round.
import type { Socket } from "socket.io";
import {
  collectorsWithPendingCommands,
  pendingCommands,
  START,
  type CommandCursor,
} from "@/lib/collectors/pending-commands";
import { noteCommandsPushed, noteCommandsReceived } from "@/lib/collectors/note-commands-pushed";
import type { CollectorClientToServerEvents, CollectorServerToClientEvents } from "@/lib/collectors/protocol";

export type AgentSocket = Socket<CollectorClientToServerEvents, CollectorServerToClientEvents>;

type Log = { warn: (obj: object, msg: string) => void };

type Link = {
  /** Sockets of this collector that said hello, oldest first; commands go to the newest. */
  sockets: AgentSocket[];
  busy: boolean;
  /** Another round is wanted (and whether it should include commands already taken). */
  wanted: { includeSent: boolean } | null;
};

export type DispatcherOptions = {
  /** How long an agent has to acknowledge a push before it is left to the next sweep. */
  ackTimeoutMs: number;
  sweepMs: number;
  log?: Log;
  /** Something changed that the Collectors page shows (commands taken). */
  onChange?: () => void;
};

export class CommandDispatcher {
  private readonly links = new Map<string, Link>();
  private readonly timer: ReturnType<typeof setInterval>;
  private readonly rounds = new Set<Promise<void>>();

  constructor(private readonly opts: DispatcherOptions) {
    this.timer = setInterval(() => this.sweep(), opts.sweepMs);
    this.timer.unref();
  }

  /** The agent said hello: it gets every unfinished command, including those it took before. */
  attach(collectorId: string, socket: AgentSocket): void {
    let link = this.links.get(collectorId);
    if (!link) this.links.set(collectorId, (link = { sockets: [], busy: false, wanted: null }));
    if (!link.sockets.includes(socket)) link.sockets.push(socket);
    this.request(collectorId, true);
  }

  detach(collectorId: string, socket: AgentSocket): void {
    const link = this.links.get(collectorId);
    if (!link) return;
    link.sockets = link.sockets.filter((s) => s !== socket);
    if (link.sockets.length === 0 && !link.busy) this.links.delete(collectorId);
  }

  /** Push this collector's pending commands now, if its agent is connected here. */
  request(collectorId: string, includeSent = false): void {
    const link = this.links.get(collectorId);
    if (!link || link.sockets.length === 0) return;
    link.wanted = { includeSent: includeSent || (link.wanted?.includeSent ?? false) };
    if (link.busy) return;
    const round = this.drain(collectorId, link).finally(() => this.rounds.delete(round));
    this.rounds.add(round);
  }

  /** Stops the sweep and waits for pushes in flight (their bookkeeping must reach the database). */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    await Promise.allSettled([...this.rounds]);
  }

  private sweep(): void {
    const ids = [...this.links.keys()];
    if (ids.length === 0) return;
    collectorsWithPendingCommands(ids)
      .then((due) => due.forEach((id) => this.request(id)))
      .catch((err: unknown) =>
        this.opts.log?.warn({ err }, "the command sweep could not read pending commands"),
      );
  }

  private async drain(collectorId: string, link: Link): Promise<void> {
    link.busy = true;
    try {
      while (link.wanted) {
        const { includeSent } = link.wanted;
        link.wanted = null;
        await this.pushAll(collectorId, link, includeSent).catch((err: unknown) =>
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

  private async pushAll(collectorId: string, link: Link, includeSent: boolean): Promise<void> {
    let after: CommandCursor = START;
    for (;;) {
      const socket = link.sockets.at(-1);
      if (!socket?.connected) return;
      const page = await pendingCommands(collectorId, { includeSent, after });
      if (page.commands.length === 0) return;
      const ids = page.commands.map((c) => c.commandId);
      await noteCommandsPushed(collectorId, ids);
      let answer: unknown;
      try {
        answer = await socket.timeout(this.opts.ackTimeoutMs).emitWithAck("commands", page.commands);
      } catch {
        this.opts.log?.warn(
          { collectorId, commands: ids.length },
          "a collector did not acknowledge pushed commands in time; the sweep pushes them again",
        );
        return;
      }
      const received = takenIds(answer, ids);
      await noteCommandsReceived(collectorId, received);
      if (received.length > 0) this.opts.onChange?.();
      if (!page.next) return;
      after = page.next;
    }
  }
}

/** The ids the agent says it took, among those pushed (anything else it sends is ignored). */
function takenIds(answer: unknown, pushed: readonly string[]): string[] {
  const said = (answer as { received?: unknown } | null)?.received;
  if (!Array.isArray(said)) return [];
  const set = new Set(said.filter((v): v is string => typeof v === "string"));
  return pushed.filter((id) => set.has(id));
}
