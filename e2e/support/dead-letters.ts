// Dead letters for DLQ specs, stored through the ingest API as a collector would: `n` letters of
// `type` on `broker`, dead-lettered from "orders" into "orders.dlq" in the last minute, each with
// its own order id and error text ("Order <n> failed").
import { expect, type APIRequestContext } from "@playwright/test";

export type DeadLetterSeed = { broker: string; type: string; idPrefix: string };

export async function seedDeadLetters(
  request: APIRequestContext,
  token: string,
  seed: DeadLetterSeed,
  numbers: number[],
): Promise<void> {
  const res = await request.post("/api/v1/ingest", {
    headers: { authorization: `Bearer ${token}` },
    data: {
      deadLetters: numbers.map((n) => ({
        id: `${seed.idPrefix}-${n}`,
        broker: seed.broker,
        channel: "orders.dlq",
        originalChannel: "orders",
        type: seed.type,
        reason: "rejected",
        error: `Order ${n} failed`,
        failedAt: new Date(Date.now() - 60_000 + n * 10).toISOString(),
        payload: JSON.stringify({ orderId: `o-${n}`, qty: n }),
        contentType: "application/json",
        headers: {},
      })),
    },
  });
  expect(res.status(), await res.text()).toBe(202);
}
