// A stand-in collector agent for tests (integration and e2e): a real socket.io-client on
// /collectors speaking lib/collectors/protocol.ts, recording the commands it is pushed, plus
// factories for hello and heartbeat payloads and a polling helper with a deadline.
import { io, type Socket } from "socket.io-client";
import {
  COLLECTORS_NAMESPACE,
  type CollectorClientToServerEvents,
  type CollectorHeartbeat,
  type CollectorHello,
  type CollectorServerToClientEvents,
  type ReprocessCommand,
} from "@/lib/collectors/protocol";

export type AgentSocket = Socket<CollectorServerToClientEvents, CollectorClientToServerEvents>;

export type TestAgent = {
  socket: AgentSocket;
  /** Every command pushed, in order (repeats included). */
  pushed: ReprocessCommand[];
  /** What the agent answers to a push: by default it takes every command. */
  take: (commands: ReprocessCommand[]) => string[];
  /** The reason of an access_ended notice, once received. */
  ended: string | null;
};

/** Connects (no reconnection, no Origin header, like a Node agent). Rejects with the server's refusal. */
export async function connectAgent(baseUrl: string, token: string | undefined): Promise<TestAgent> {
  const socket: AgentSocket = io(`${baseUrl}${COLLECTORS_NAMESPACE}`, {
    auth: token === undefined ? {} : { token },
    transports: ["websocket"],
    reconnection: false,
    forceNew: true,
  });
  const agent: TestAgent = { socket, pushed: [], take: (cs) => cs.map((c) => c.commandId), ended: null };
  socket.on("commands", (commands, ack) => {
    agent.pushed.push(...commands);
    ack({ received: agent.take(commands) });
  });
  socket.on("access_ended", (reason) => {
    agent.ended = reason;
  });
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", resolve);
    socket.once("connect_error", (err) => {
      socket.close();
      reject(err);
    });
  });
  return agent;
}

export function makeHello(overrides: Partial<CollectorHello> = {}): CollectorHello {
  return {
    version: "0.1.0-test",
    brokerKind: "rabbitmq",
    broker: "rabbit-test",
    hostname: "agent-host",
    pid: 4242,
    startedAt: new Date().toISOString(),
    ...overrides,
  };
}

export function makeHeartbeat(
  stats: Partial<CollectorHeartbeat["stats"]> = {},
  overrides: Partial<CollectorHeartbeat> = {},
): CollectorHeartbeat {
  return {
    at: new Date().toISOString(),
    brokerConnected: true,
    stats: {
      received: 100,
      sent: 98,
      retried: 1,
      dropped: 0,
      deadLetters: 2,
      outboxItems: 3,
      outboxBytes: 2048,
      eventsPerSecond: 12.5,
      errors: 0,
      ...stats,
    },
    gauges: [{ channel: "orders", name: "depth", value: 7 }],
    ...overrides,
  };
}

/** Polls `probe` until it returns a value other than undefined, or throws after `timeoutMs`. */
export async function until<T>(
  probe: () => Promise<T | undefined> | T | undefined,
  what: string,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
