// Bytes on disk per table (pg_total_relation_size: heap, TOAST and indexes; a partitioned table's
// partitions summed) and its row count, for the benchmarks that report storage per million events.
import { pool } from "@/lib/db/client";

export type TableSize = { bytes: number; rows: number };

export async function tableSizes(tables: readonly string[]): Promise<Map<string, TableSize>> {
  const out = new Map<string, TableSize>();
  for (const table of tables) {
    const { rows } = await pool().query<TableSize>(
      `SELECT COALESCE((SELECT sum(pg_total_relation_size(relid))::int8 FROM pg_partition_tree($1::regclass)
                        WHERE isleaf), pg_total_relation_size($1::regclass)) AS bytes,
              (SELECT count(*)::int8 FROM ${table}) AS rows`,
      [table],
    );
    out.set(table, { bytes: Number(rows[0]!.bytes), rows: Number(rows[0]!.rows) });
  }
  return out;
}
