// Opens the NATS connection and JetStream contexts, turning the client's errors into messages an
// operator can act on (the server address without credentials, never a token or password).
import { readFile } from "node:fs/promises";
import {
  credsAuthenticator,
  connect,
  type NatsConnection,
  type NodeConnectionOptions,
} from "@nats-io/transport-node";
import { jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager } from "@nats-io/jetstream";
import type { NatsConfig } from "@/collectors/nats/config";
import { redactServers } from "@/collectors/nats/mapping";

export type JetStreamHandles = { nc: NatsConnection; js: JetStreamClient; jsm: JetStreamManager };

const CONNECT_TIMEOUT_MS = 10_000;

export function errorText(err: unknown): string {
  const text = err instanceof Error ? err.message || err.name : String(err);
  // Some client messages quote the URL; keep user:password@ out of logs and the UI.
  return text.replace(/\/\/[^/@\s]*@/g, "//");
}

async function connectOptions(config: NatsConfig): Promise<NodeConnectionOptions> {
  const opts: NodeConnectionOptions = {
    servers: config.servers,
    name: `eventscope-collector-${config.name}`,
    timeout: CONNECT_TIMEOUT_MS,
    reconnect: config.reconnectAttempts > 0,
    maxReconnectAttempts: config.reconnectAttempts,
    reconnectTimeWait: config.reconnectWaitMs,
  };
  if (config.token) opts.token = config.token;
  if (config.user) {
    opts.user = config.user;
    opts.pass = config.password;
  }
  if (config.credsFile) {
    let creds: Uint8Array;
    try {
      creds = await readFile(config.credsFile);
    } catch (err) {
      throw new Error(`cannot read NATS credsFile ${config.credsFile}: ${errorText(err)}`);
    }
    opts.authenticator = credsAuthenticator(creds);
  }
  return opts;
}

/** Connects and checks JetStream is enabled; rejects with a readable message otherwise. */
export async function connectJetStream(config: NatsConfig): Promise<JetStreamHandles> {
  const where = redactServers(config.servers);
  const opts = await connectOptions(config);
  let nc: NatsConnection;
  try {
    nc = await connect(opts);
  } catch (err) {
    throw new Error(`cannot connect to NATS at ${where}: ${errorText(err)}`);
  }
  try {
    // checkAPI asks the server for the account's JetStream info: fails when JetStream is off.
    const jsm = await jetstreamManager(nc, { checkAPI: true });
    return { nc, jsm, js: jetstream(nc) };
  } catch (err) {
    await nc.close().catch(() => undefined);
    throw new Error(`JetStream is not available on NATS at ${where}: ${errorText(err)}`);
  }
}
