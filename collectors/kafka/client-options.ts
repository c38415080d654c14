// The @platformatic/kafka connection options every client of this adapter shares (brokers, TLS,
// SASL, timeouts), and readable messages from the client's nested errors — never with secrets.
import type { BaseOptions } from "@platformatic/kafka";
import { parseBroker, type KafkaConfig } from "@/collectors/kafka/config";

type ConnectionConfig = Pick<KafkaConfig, "brokers" | "clientId" | "sasl" | "tls" | "connectTimeoutMs">;

const MECHANISMS = {
  plain: "PLAIN",
  "scram-sha-256": "SCRAM-SHA-256",
  "scram-sha-512": "SCRAM-SHA-512",
} as const;

export function clientOptions(config: ConnectionConfig, role: string): BaseOptions {
  return {
    clientId: `${config.clientId}-${role}`,
    bootstrapBrokers: config.brokers.map(parseBroker),
    connectTimeout: config.connectTimeoutMs,
    // The client retries each operation (3 × 1 s by default); the runtime already restarts a lost
    // adapter with backoff, so fail sooner and let it.
    retries: 2,
    retryDelay: 500,
    ...(config.tls ? { tls: {} } : {}),
    ...(config.sasl
      ? {
          sasl: {
            mechanism: MECHANISMS[config.sasl.mechanism],
            username: config.sasl.username,
            password: config.sasl.password,
          },
        }
      : {}),
  };
}

/**
 * One line from the client's error tree. Its errors nest (MultipleErrors → per-broker NetworkError
 * → the socket's ECONNREFUSED as `cause`); the leaves say what actually went wrong, the wrappers
 * ("metadata failed 3 times.") only that something did.
 */
export function describeKafkaError(err: unknown): string {
  const leaves: string[] = [];
  const seen = new Set<unknown>();
  const walk = (e: unknown, depth: number): void => {
    if (seen.has(e) || depth > 8) return;
    seen.add(e);
    if (!(e instanceof Error)) {
      leaves.push(String(e));
      return;
    }
    const children: unknown[] = [];
    // AggregateError and the client's MultipleErrors keep their parts in `errors`.
    const nested: unknown = (e as { errors?: unknown }).errors;
    if (Array.isArray(nested)) children.push(...(nested as unknown[]));
    if (e.cause !== undefined) children.push(e.cause);
    if (children.length === 0) leaves.push(e.message || e.name);
    for (const child of children) walk(child, depth + 1);
  };
  walk(err, 0);
  const unique = [...new Set(leaves.map((l) => l.trim()).filter(Boolean))];
  if (unique.length === 0) return err instanceof Error ? err.message : String(err);
  const shown = unique.slice(0, 4).join("; ");
  return unique.length > 4 ? `${shown}; and ${unique.length - 4} more` : shown;
}

/** "Kafka at a:9092, b:9092: <what went wrong>" — the brokers, never credentials. */
export function brokerError(config: Pick<KafkaConfig, "brokers">, what: string, err: unknown): Error {
  return new Error(`Kafka at ${config.brokers.join(", ")}: ${what}: ${describeKafkaError(err)}`, {
    cause: err,
  });
}
