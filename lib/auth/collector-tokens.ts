// Collector identities: create, rotate, revoke, list, and authenticate a request's bearer token.
// A token is shown once, at creation; only its SHA-256 is stored. Tokens are never logged.
import type { Acting } from "@/lib/audit/actor";
import { recordAudit } from "@/lib/audit/record-audit";
import { pool, prisma } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import { AppError } from "@/lib/errors";
import { noteSeen } from "@/lib/auth/last-seen";
import { announceAccessChange } from "@/lib/auth/revocations";
import { generateToken, hashToken, isWellFormedToken, TOKEN_PREFIX } from "@/lib/auth/token-format";

export type CollectorInfo = {
  id: string;
  name: string;
  tokenPrefix: string;
  createdAt: Date;
  lastSeenAt: Date | null;
  revokedAt: Date | null;
};

export type AuthenticatedCollector = { id: string; name: string };

const NAME = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/;

function checkName(name: string): string {
  const trimmed = name.trim();
  if (!NAME.test(trimmed)) {
    throw new AppError(
      "bad_request",
      `collector name "${name}" is not valid: 1–100 characters, letters, digits, ".", "_", ":" or "-", starting with a letter or digit`,
    );
  }
  return trimmed;
}

const select = {
  id: true,
  name: true,
  tokenPrefix: true,
  createdAt: true,
  lastSeenAt: true,
  revokedAt: true,
} as const;

/** A new collector with a new token. The token is in the result and nowhere else, ever. */
export async function createCollectorToken(
  name: string,
  acting?: Acting,
): Promise<{ token: string; collector: CollectorInfo }> {
  const checked = checkName(name);
  const t = generateToken();
  try {
    const collector = await prisma().collector.create({
      data: { name: checked, tokenHash: t.hash, tokenPrefix: t.displayPrefix },
      select,
    });
    if (acting) await audit(acting, "collector.created", collector);
    return { token: t.token, collector };
  } catch (err) {
    if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002") {
      throw new AppError(
        "conflict",
        `a collector named "${checked}" already exists; choose another name, or rotate its token`,
      );
    }
    throw err;
  }
}

/**
 * Gives the named collector a new token, creating it when missing and un-revoking it when revoked;
 * the old token stops working at once. The demo source calls this at every boot.
 */
export async function rotateCollectorToken(
  name: string,
  acting?: Acting,
): Promise<{ token: string; collector: CollectorInfo }> {
  const checked = checkName(name);
  const t = generateToken();
  const collector = await prisma().collector.upsert({
    where: { name: checked },
    create: { name: checked, tokenHash: t.hash, tokenPrefix: t.displayPrefix },
    update: { tokenHash: t.hash, tokenPrefix: t.displayPrefix, revokedAt: null },
    select,
  });
  // An agent connected on /collectors with the old token is cut off now, not at the next re-check.
  announceAccessChange({ userId: `collector:${collector.id}`, why: "collector token rotated" });
  if (acting) await audit(acting, "collector.rotated", collector);
  return { token: t.token, collector };
}

/** Revokes the named collector's token (kept for its history); throws not_found when unknown. */
export async function revokeCollectorToken(name: string, acting?: Acting): Promise<CollectorInfo> {
  const checked = checkName(name);
  const existing = await prisma().collector.findUnique({ where: { name: checked }, select });
  if (!existing) throw new AppError("not_found", `no collector named "${checked}"`);
  if (existing.revokedAt) return existing;
  const revoked = await prisma().collector.update({
    where: { name: checked },
    data: { revokedAt: new Date() },
    select,
  });
  announceAccessChange({ userId: `collector:${revoked.id}`, why: "collector token revoked" });
  if (acting) await audit(acting, "collector.revoked", revoked);
  return revoked;
}

/** The name of the collector with this id; not_found when there is none. */
export async function collectorNameById(id: string): Promise<string> {
  const found = await prisma().collector.findUnique({ where: { id }, select: { name: true } });
  if (!found) throw new AppError("not_found", `no collector ${id}`);
  return found.name;
}

async function audit(
  acting: Acting,
  action: "collector.created" | "collector.rotated" | "collector.revoked",
  c: CollectorInfo,
): Promise<void> {
  await recordAudit({
    ...acting,
    action,
    target: `collector:${c.name}`,
    details: { tokenPrefix: c.tokenPrefix },
  });
}

export async function listCollectors(): Promise<CollectorInfo[]> {
  return prisma().collector.findMany({ select, orderBy: { name: "asc" } });
}

/**
 * The collector behind an `Authorization: Bearer esc_…` header, or AppError("unauthorized") with
 * a message that says which of missing / malformed / unknown / revoked it was.
 */
export async function authenticateCollector(
  authorization: string | null | undefined,
): Promise<AuthenticatedCollector> {
  if (!authorization || authorization.trim() === "") {
    throw new AppError(
      "unauthorized",
      `missing Authorization header; send "Authorization: Bearer ${TOKEN_PREFIX}…" with a collector token`,
    );
  }
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization.trim());
  const token = match?.[1];
  if (!token || !isWellFormedToken(token)) {
    throw new AppError(
      "unauthorized",
      `malformed Authorization header; expected "Bearer ${TOKEN_PREFIX}" followed by 43 base64url characters`,
    );
  }
  // Looked up by hash: no plaintext is stored. Raw SQL because this runs on every ingest request:
  // Prisma's query compilation costs about 1 ms of CPU per call, the pg query about 0.15 ms.
  const { rows } = await pool().query<{ id: string; name: string; revokedAt: Date | null }>({
    name: "es_auth_collector",
    text: `SELECT id, name, revoked_at AS "revokedAt" FROM collectors WHERE token_hash = $1`,
    values: [hashToken(token)],
  });
  const collector = rows[0];
  if (!collector)
    throw new AppError(
      "unauthorized",
      "unknown collector token; create one with `npm run token -- create --name <name>`",
    );
  if (collector.revokedAt)
    throw new AppError("unauthorized", `the token of collector "${collector.name}" was revoked`);
  noteSeen("collector", collector.id);
  return { id: collector.id, name: collector.name };
}
