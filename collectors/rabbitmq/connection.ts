// Opening the AMQP connection and channels with readable errors, and the small channel helpers
// every part of the adapter needs (amqplib throws on an 'error' event nobody listens to).
import amqp, { type Channel, type ChannelModel, type ConfirmChannel, type Message } from "amqplib";
import { describeUrl } from "@/collectors/rabbitmq/amqp-mapping";

const CONNECT_TIMEOUT_MS = 10_000;

/** Connects, or rejects with a message naming the broker (without its password) and the cause. */
export async function openConnection(url: string, connectionName: string): Promise<ChannelModel> {
  try {
    const conn = await amqp.connect(url, {
      timeout: CONNECT_TIMEOUT_MS,
      clientProperties: { connection_name: connectionName },
    });
    // An 'error' is always followed by 'close', which the adapter handles; without a listener it would throw.
    conn.on("error", () => {});
    return conn;
  } catch (err) {
    throw new Error(`cannot connect to RabbitMQ at ${describeUrl(url)}: ${explainConnectError(err)}`, {
      cause: err,
    });
  }
}

function explainConnectError(err: unknown): string {
  const e = err as NodeJS.ErrnoException | undefined;
  const message = e?.message ?? String(err);
  if (/ACCESS.REFUSED|403/.test(message))
    return `the broker refused the credentials or vhost access (${message})`;
  if (/NOT.ALLOWED|530/.test(message)) return `the vhost does not exist or is not allowed (${message})`;
  if (e?.code === "ECONNREFUSED") return "connection refused (is RabbitMQ running and listening there?)";
  if (e?.code === "ENOTFOUND") return "host not found";
  if (e?.code === "ETIMEDOUT" || /timeout/i.test(message))
    return `no answer within ${CONNECT_TIMEOUT_MS / 1000} s`;
  return message;
}

/**
 * A channel whose server-side closure (a 404 from a passive declare, a 406…) is reported to
 * `onError` instead of crashing the process. Such a closure ends only this channel.
 */
export async function openChannel(conn: ChannelModel, onError: (err: Error) => void): Promise<Channel> {
  const ch = await conn.createChannel();
  ch.on("error", onError);
  return ch;
}

export async function openConfirmChannel(
  conn: ChannelModel,
  onError: (err: Error) => void,
): Promise<ConfirmChannel> {
  const ch = await conn.createConfirmChannel();
  ch.on("error", onError);
  return ch;
}

/** Acks unless the channel is already gone (the broker then redelivers the message: nothing is lost). */
export function safeAck(ch: Channel, msg: Message, allUpTo = false): void {
  try {
    ch.ack(msg, allUpTo);
  } catch {
    // IllegalOperationError: channel closed. The broker requeued every unacked message with it.
  }
}

export function safeNack(ch: Channel, msg: Message, requeue: boolean): void {
  try {
    ch.nack(msg, false, requeue);
  } catch {
    // Channel closed: the broker requeued the message already.
  }
}

/** Closes a channel that may already be closed. */
export async function closeQuietly(ch: Channel | undefined): Promise<void> {
  if (!ch) return;
  try {
    await ch.close();
  } catch {
    // Already closed by the broker or with the connection: nothing left to release.
  }
}

/** True for the AMQP 404 a passive declare or a missing exchange causes. */
export function isNotFound(err: unknown): boolean {
  return /\b404\b|NOT.FOUND/.test(err instanceof Error ? err.message : String(err));
}

/**
 * A channel for operations that may fail with a channel-closing error (passive declares, binds
 * to exchanges that may not exist): opened on first use, reopened after such an error. Operations
 * run one at a time: a 404 closes the channel under every operation in flight on it, so two at
 * once would fail the innocent one ("Channel ended, no reply will be forthcoming").
 */
export class ReopeningChannel {
  private current: Promise<Channel> | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly conn: ChannelModel) {}

  get(): Promise<Channel> {
    if (this.current) return this.current;
    const opening: Promise<Channel> = openChannel(this.conn, () => {
      if (this.current === opening) this.current = undefined;
    });
    this.current = opening;
    opening.catch(() => {
      if (this.current === opening) this.current = undefined;
    });
    return opening;
  }

  /** Runs `op` on the channel after those before it; a failure that closed the channel makes the next open a new one. */
  run<T>(op: (ch: Channel) => Promise<T>): Promise<T> {
    const turn = this.queue.then(() => this.runNow(op));
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  private async runNow<T>(op: (ch: Channel) => Promise<T>): Promise<T> {
    const opening = this.get();
    const ch = await opening;
    try {
      return await op(ch);
    } catch (err) {
      if (this.current === opening) {
        this.current = undefined;
        void closeQuietly(ch); // most such errors closed it already; the rest must not leak it
      }
      throw err;
    }
  }

  async close(): Promise<void> {
    const opening = this.current;
    this.current = undefined;
    await closeQuietly(await opening?.catch(() => undefined));
  }
}
