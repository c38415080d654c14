import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  authenticateCollector,
  createCollectorToken,
  listCollectors,
  revokeCollectorToken,
  rotateCollectorToken,
} from "@/lib/auth/collector-tokens";
import { resetLastSeenForTests } from "@/lib/auth/last-seen";
import { hashToken } from "@/lib/auth/token-format";
import { pool } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/test-db";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => db.drop());

async function authError(header: string | null): Promise<string> {
  try {
    await authenticateCollector(header);
  } catch (err) {
    if (err instanceof AppError && err.status === 401) return err.message;
    throw err;
  }
  throw new Error("authenticated");
}

async function waitFor(check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 50; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error("condition not met");
}

describe("collector tokens", () => {
  it("creates a token that is stored only as its hash, and authenticates it", async () => {
    const { token, collector } = await createCollectorToken("rabbit-eu");
    expect(token).toMatch(/^esc_[A-Za-z0-9_-]{43}$/);
    expect(collector).toMatchObject({ name: "rabbit-eu", tokenPrefix: token.slice(0, 8), revokedAt: null });
    const { rows } = await pool().query(
      `SELECT token_hash, token_prefix FROM collectors WHERE name = 'rabbit-eu'`,
    );
    expect(rows).toEqual([{ token_hash: hashToken(token), token_prefix: token.slice(0, 8) }]);
    expect(JSON.stringify(rows)).not.toContain(token);
    expect(await authenticateCollector(`Bearer ${token}`)).toEqual({ id: collector.id, name: "rabbit-eu" });
  });

  it("refuses a name that is taken or invalid, readably", async () => {
    await createCollectorToken("taken");
    await expect(createCollectorToken("taken")).rejects.toMatchObject({
      code: "conflict",
      message: 'a collector named "taken" already exists; choose another name, or rotate its token',
    });
    await expect(createCollectorToken("no spaces please")).rejects.toMatchObject({ code: "bad_request" });
  });

  it("tells missing, malformed, unknown and revoked tokens apart", async () => {
    const { token } = await createCollectorToken("soon-revoked");
    const messages = [
      await authError(null),
      await authError("Basic dXNlcjpwYXNz"),
      await authError(`Bearer esc_${"A".repeat(43)}`),
    ];
    await revokeCollectorToken("soon-revoked");
    messages.push(await authError(`Bearer ${token}`));
    expect(new Set(messages).size).toBe(4);
    expect(messages[3]).toBe('the token of collector "soon-revoked" was revoked');
    await expect(revokeCollectorToken("never-existed")).rejects.toMatchObject({ code: "not_found" });
  });

  it("rotates: creates when missing, replaces the token, un-revokes", async () => {
    const first = await rotateCollectorToken("demo");
    const second = await rotateCollectorToken("demo");
    expect(second.collector.id).toBe(first.collector.id);
    expect(await authError(`Bearer ${first.token}`)).toMatch(/^unknown collector token/);
    await revokeCollectorToken("demo");
    const third = await rotateCollectorToken("demo");
    expect(third.collector.revokedAt).toBeNull();
    expect((await authenticateCollector(`Bearer ${third.token}`)).name).toBe("demo");
    const list = await listCollectors();
    expect(list.map((c) => c.name)).toEqual(["demo", "rabbit-eu", "soon-revoked", "taken"]);
    expect(Object.keys(list[0]!).sort()).toEqual([
      "createdAt",
      "id",
      "lastSeenAt",
      "name",
      "revokedAt",
      "tokenPrefix",
    ]);
  });

  it("updates last_seen_at at most once per 30 s per collector", async () => {
    resetLastSeenForTests();
    const { token } = await createCollectorToken("seen");
    const lastSeen = async () =>
      (await pool().query<{ t: Date | null }>(`SELECT last_seen_at AS t FROM collectors WHERE name = 'seen'`))
        .rows[0]!.t;
    expect(await lastSeen()).toBeNull();
    await authenticateCollector(`Bearer ${token}`);
    await waitFor(async () => (await lastSeen()) !== null);
    await pool().query(`UPDATE collectors SET last_seen_at = '2001-01-01' WHERE name = 'seen'`);
    await authenticateCollector(`Bearer ${token}`);
    await new Promise((r) => setTimeout(r, 100));
    expect((await lastSeen())?.toISOString()).toBe(new Date("2001-01-01").toISOString());
  });
});
