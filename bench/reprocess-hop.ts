// The least a server-to-collector hop can add to the floor (bench/reprocess-floor.ts, "paged+hop"):
// the server side reads, writes ahead and marks as the floor does, but hands each page to an agent
// over a real socket.io connection (localhost, as the real path's /collectors), in pushes of
// MAX_COMMANDS_PER_PUSH shaped like ReprocessCommand (payload as UTF-8 text). The agent appends one
// "started" line per push to its own log on disk (one write held open, not one file open per line),
// publishes the push on its confirm channel, appends one "done" line and answers with the results in
// the push's acknowledgement. No dispatcher, no command rows, no separate results round trip: any
// real design of the hop does at least this.
import { createServer } from "node:http";
import { open, rm, type FileHandle } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import type amqp from "amqplib";
import { Server, type Socket as ServerSocket } from "socket.io";
import { io, type Socket } from "socket.io-client";
import { MAX_COMMANDS_PER_PUSH } from "@/lib/collectors/protocol";

export type HopCommand = {
  commandId: string;
  destination: { channel: string; subject: string };
  headers: Record<string, string>;
  payload: string;
  payloadEncoding: "utf8";
  contentType?: string;
};
export type HopResult = { commandId: string; ok: boolean; at: string };

export type Hop = {
  /** Hands commands to the agent; resolves with its results once the broker confirmed them. */
  send(commands: HopCommand[]): Promise<HopResult[]>;
  close(): Promise<void>;
};

export async function startHop(conn: amqp.ChannelModel, logPath: string): Promise<Hop> {
  const http = createServer();
  const server = new Server(http, { serveClient: false });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  const agentSide = new Promise<ServerSocket>((resolve) => server.on("connection", resolve));
  const ch = await conn.createConfirmChannel();
  const file: FileHandle = await open(logPath, "a");
  const client: Socket = io(`http://127.0.0.1:${(http.address() as AddressInfo).port}`, {
    transports: ["websocket"],
  });
  client.on("commands", async (commands: HopCommand[], ack: (r: HopResult[]) => void) => {
    await file.write(`${JSON.stringify({ started: commands.map((c) => c.commandId) })}\n`);
    const results = await Promise.all(
      commands.map(
        (c) =>
          new Promise<HopResult>((resolve) => {
            ch.publish(
              c.destination.channel,
              c.destination.subject,
              Buffer.from(c.payload, c.payloadEncoding),
              { contentType: c.contentType, headers: c.headers },
              (err: unknown) => resolve({ commandId: c.commandId, ok: !err, at: new Date().toISOString() }),
            );
          }),
      ),
    );
    await file.write(`${JSON.stringify({ done: results })}\n`);
    ack(results);
  });
  const socket = await agentSide;
  return {
    async send(commands) {
      const parts: Promise<HopResult[]>[] = [];
      for (let i = 0; i < commands.length; i += MAX_COMMANDS_PER_PUSH)
        parts.push(socket.emitWithAck("commands", commands.slice(i, i + MAX_COMMANDS_PER_PUSH)));
      return (await Promise.all(parts)).flat();
    },
    async close() {
      client.close();
      await server.close();
      await ch.close();
      await file.close();
      await rm(logPath, { force: true });
    },
  };
}
