// es_hist_add / es_hist_sum (Postgres) against mergeHistograms (their JS twin), on real Postgres.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mulberry32 } from "@/bench/generate-events";
import { pool } from "@/lib/db/client";
import { mergeHistograms } from "@/lib/latency/buckets";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/test-db";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => db.drop());

async function sqlAdd(a: number[] | null, b: number[] | null): Promise<number[]> {
  const { rows } = await pool().query<{ h: number[] }>("SELECT es_hist_add($1::int[], $2::int[]) AS h", [
    a,
    b,
  ]);
  return rows[0]!.h;
}

describe("es_hist_add and es_hist_sum", () => {
  it("add element-wise like mergeHistograms, keeping the longer tail", async () => {
    expect(await sqlAdd([1, 2], [0, 1, 5])).toEqual([1, 3, 5]);
    expect(await sqlAdd([1, 2, 3], [4])).toEqual([5, 2, 3]);
    expect(await sqlAdd([], [7])).toEqual([7]);
    expect(await sqlAdd([7], [])).toEqual([7]);
    expect(await sqlAdd(null, [7])).toEqual([7]);
    expect(await sqlAdd([], [])).toEqual([]);
    expect(await sqlAdd(null, null)).toEqual([]);
  });

  it("sum many random histograms to what JS sums", async () => {
    const rand = mulberry32(11);
    const hists = Array.from({ length: 300 }, () =>
      Array.from({ length: Math.floor(rand() * 200) }, () => Math.floor(rand() * 5)),
    );
    const expected = hists.reduce((acc, h) => mergeHistograms(acc, h), [] as number[]);
    const { rows } = await pool().query<{ h: number[] }>(
      "SELECT es_hist_sum(h::int[]) AS h FROM unnest($1::text[]) AS u(h)",
      [hists.map((h) => `{${h.join(",")}}`)],
    );
    expect(rows[0]!.h).toEqual(expected);
  });
});
