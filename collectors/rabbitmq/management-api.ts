// The few RabbitMQ management HTTP API calls the adapter makes: finding dead-letter queues
// (queues bound to any exchange a queue names as its dead-letter exchange) and whether the
// firehose tracer is on. Optional: everything else works over AMQP alone.
import { isTable } from "@/collectors/rabbitmq/amqp-mapping";

const TIMEOUT_MS = 10_000;

export type ManagementApi = {
  readonly baseUrl: string;
  /** Names of the vhost's dead-letter queues, sorted. */
  deadLetterQueues(): Promise<string[]>;
  /** Whether `rabbitmqctl trace_on` is in effect for the vhost. */
  tracing(): Promise<boolean>;
};

/** `managementUrl` defaults to http://<amqp host>:15672 with the AMQP URL's credentials. */
export function managementApi(amqpUrl: string, managementUrl?: string): ManagementApi {
  const amqp = new URL(amqpUrl);
  const base = new URL(managementUrl ?? `http://${amqp.hostname}:15672`);
  const user = decodeURIComponent(base.username || amqp.username || "guest");
  const password = decodeURIComponent(base.password || (base.username ? "" : amqp.password) || "guest");
  base.username = "";
  base.password = "";
  const baseUrl = base.toString().replace(/\/$/, "");
  const auth = `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;
  // amqp://host/ and amqp://host both mean the default vhost "/"; otherwise the path is the vhost.
  const vhost = encodeURIComponent(
    amqp.pathname.length > 1 ? decodeURIComponent(amqp.pathname.slice(1)) : "/",
  );

  async function get(path: string): Promise<unknown> {
    let res: Response;
    try {
      res = await fetch(`${baseUrl}${path}`, {
        headers: { authorization: auth },
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (err) {
      throw new Error(`management API at ${baseUrl} unreachable: ${(err as Error).message}`, { cause: err });
    }
    if (res.status === 404) return undefined;
    if (!res.ok) throw new Error(`management API at ${baseUrl} answered ${res.status} to GET ${path}`);
    return res.json();
  }

  return {
    baseUrl,
    async deadLetterQueues() {
      const queues = await get(`/api/queues/${vhost}?columns=name,arguments,effective_policy_definition`);
      const { exchanges, direct } = deadLetterTargets(Array.isArray(queues) ? queues : []);
      const found = new Set(direct);
      for (const exchange of exchanges) {
        const bindings = await get(`/api/exchanges/${vhost}/${encodeURIComponent(exchange)}/bindings/source`);
        for (const b of Array.isArray(bindings) ? bindings : []) {
          if (isTable(b) && b.destination_type === "queue" && typeof b.destination === "string")
            found.add(b.destination);
        }
      }
      return [...found].filter((q) => !q.startsWith("eventscope.")).sort();
    },
    async tracing() {
      const v = await get(`/api/vhosts/${vhost}`);
      return isTable(v) && v.tracing === true;
    },
  };
}

/**
 * From /api/queues rows: the dead-letter exchanges named (by queue argument or by policy), and
 * the queues reached directly when the default exchange is the DLX with a fixed routing key.
 */
export function deadLetterTargets(rows: unknown[]): { exchanges: Set<string>; direct: Set<string> } {
  const exchanges = new Set<string>();
  const direct = new Set<string>();
  for (const row of rows) {
    if (!isTable(row)) continue;
    const args = isTable(row.arguments) ? row.arguments : {};
    const policy = isTable(row.effective_policy_definition) ? row.effective_policy_definition : {};
    // A queue argument wins over a policy (RabbitMQ's precedence for these keys).
    const dlx = args["x-dead-letter-exchange"] ?? policy["dead-letter-exchange"];
    const key = args["x-dead-letter-routing-key"] ?? policy["dead-letter-routing-key"];
    if (typeof dlx !== "string") continue;
    if (dlx !== "") exchanges.add(dlx);
    else if (typeof key === "string" && key !== "") direct.add(key);
  }
  return { exchanges, direct };
}
