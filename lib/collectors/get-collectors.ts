// Read model for the Collectors page: each registered collector with its token prefix (never the
// token or its hash), broker and when it last sent anything.
import "server-only";
import { pool } from "@/lib/db/client";

export type CollectorRow = {
  id: string;
  name: string;
  tokenPrefix: string;
  broker: string | null;
  version: string | null;
  lastSeenAt: string | null;
  createdAt: string;
  revoked: boolean;
};

export type CollectorsData = { now: string; collectors: CollectorRow[] };

type Row = {
  now: Date;
  id: string;
  name: string;
  token_prefix: string;
  broker: string | null;
  version: string | null;
  last_seen_at: Date | null;
  created_at: Date;
  revoked_at: Date | null;
};

export async function getCollectors(): Promise<CollectorsData> {
  const { rows } = await pool().query<Row>(
    `SELECT now() AS now, c.id, c.name, c.token_prefix, b.name AS broker, c.version, c.last_seen_at, c.created_at, c.revoked_at
     FROM collectors c LEFT JOIN brokers b ON b.id = c.broker_id
     ORDER BY c.revoked_at IS NOT NULL, c.last_seen_at DESC NULLS LAST, c.name
     LIMIT 500`,
  );
  const now =
    rows[0]?.now ?? (await pool().query<{ now: Date }>("SELECT now() AS now")).rows[0]?.now ?? new Date();
  return {
    now: now.toISOString(),
    collectors: rows.map((r) => ({
      id: r.id,
      name: r.name,
      tokenPrefix: r.token_prefix,
      broker: r.broker,
      version: r.version,
      lastSeenAt: r.last_seen_at?.toISOString() ?? null,
      createdAt: r.created_at.toISOString(),
      revoked: r.revoked_at !== null,
    })),
  };
}
