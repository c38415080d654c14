// App-wide access settings kept in app_settings (key "access_policy"): today whether viewers may
// see payloads. Read on every guarded request, so cached per process for a few seconds; a change
// made here is seen at once by this process.
import { z } from "zod";
import { pool, withTransaction } from "@/lib/db/client";
import type { Acting } from "@/lib/audit/actor";
import { recordAudit } from "@/lib/audit/record-audit";
import type { AccessPolicy } from "@/lib/auth/permissions";
import { announceAccessChange } from "@/lib/auth/revocations";

const KEY = "access_policy";
const TTL_MS = 5_000;
export const DEFAULT_POLICY: AccessPolicy = { restrictPayloads: false };

export const accessPolicySchema = z.strictObject({ restrictPayloads: z.boolean() });

type Cached = { policy: AccessPolicy; at: number };
const g = globalThis as typeof globalThis & { __eventscopeAccessPolicy?: Cached };

function normalise(value: unknown): AccessPolicy {
  const v = (value ?? {}) as Partial<AccessPolicy>;
  return { restrictPayloads: v.restrictPayloads === true };
}

export async function accessPolicy(now = Date.now()): Promise<AccessPolicy> {
  const cached = g.__eventscopeAccessPolicy;
  if (cached && now - cached.at < TTL_MS) return cached.policy;
  const { rows } = await pool().query<{ value: unknown }>("SELECT value FROM app_settings WHERE key = $1", [
    KEY,
  ]);
  const policy = rows[0] ? normalise(rows[0].value) : DEFAULT_POLICY;
  g.__eventscopeAccessPolicy = { policy, at: now };
  return policy;
}

/** Changes the policy (audited with the old and new values); every open live connection re-checks. */
export async function setAccessPolicy(policy: AccessPolicy, acting: Acting): Promise<AccessPolicy> {
  const value = normalise(policy);
  await withTransaction(async (c) => {
    const { rows } = await c.query<{ value: unknown }>(
      "SELECT value FROM app_settings WHERE key = $1 FOR UPDATE",
      [KEY],
    );
    const before = rows[0] ? normalise(rows[0].value) : DEFAULT_POLICY;
    await c.query(
      `INSERT INTO app_settings (key, value, updated_at) VALUES ($1, $2, now())
       ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`,
      [KEY, JSON.stringify(value)],
    );
    await recordAudit(
      { ...acting, action: "settings.changed", target: `setting:${KEY}`, details: { before, after: value } },
      c,
    );
  });
  g.__eventscopeAccessPolicy = { policy: value, at: Date.now() };
  announceAccessChange({ userId: "*", why: "access policy changed" });
  return value;
}

/** Tests change the policy through the database and must not see a stale copy. */
export function forgetAccessPolicyForTests(): void {
  g.__eventscopeAccessPolicy = undefined;
}
