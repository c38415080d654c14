import { mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { silentLog } from "@/collectors/core/log";
import { Outbox, type OutboxOptions } from "@/collectors/core/outbox";
import type { QueuedRecord } from "@/collectors/core/send-queue";

const dirs: string[] = [];
const boxes: Outbox[] = [];
afterEach(async () => {
  for (const b of boxes.splice(0)) await b.close().catch(() => {});
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

async function tempDir(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), "es-outbox-"));
  dirs.push(d);
  return d;
}

async function openBox(dir: string, over: Partial<OutboxOptions> = {}): Promise<Outbox> {
  const box = await Outbox.open({ dir, maxBytes: 1 << 30, whenFull: "block", log: silentLog, ...over });
  boxes.push(box);
  return box;
}

const ev = (i: number) => JSON.stringify({ id: `e-${i}`, n: i });
const ids = (rs: QueuedRecord[]) => rs.map((r) => (JSON.parse(r.json) as { id: string }).id);
const sent = { kind: "sent", rejected: new Map() } as const;

async function appendMany(box: Outbox, from: number, n: number): Promise<number[]> {
  return Promise.all(Array.from({ length: n }, (_, i) => box.append("event", ev(from + i))));
}

describe("Outbox", () => {
  it("hands records back in order, with kinds, and forgets them only when released", async () => {
    const box = await openBox(await tempDir());
    const seqs = await Promise.all([
      box.append("event", ev(1)),
      box.append("delivery", JSON.stringify({ id: "d-1" })),
      box.append("deadLetter", JSON.stringify({ id: "l-1" })),
    ]);
    expect(seqs).toEqual([1, 2, 3]);
    const batch = await box.take(10, 1 << 20);
    expect(batch.map((r) => r.kind)).toEqual(["event", "delivery", "deadLetter"]);
    expect(box.length).toBe(0);
    box.untake(); // the sender stopped mid-request: the same records come again
    expect(await box.take(2, 1 << 20)).toEqual(batch.slice(0, 2));
    await box.release(batch.slice(0, 2), sent);
    expect(ids(await box.take(10, 1 << 20))).toEqual(["l-1"]);
  });

  it("resends what was not confirmed after a restart, and nothing that was", async () => {
    const dir = await tempDir();
    const first = await openBox(dir);
    await appendMany(first, 0, 100);
    await first.release(await first.take(40, 1 << 20), sent);
    await first.take(30, 1 << 20); // taken, never confirmed
    await first.close();
    boxes.length = 0;

    const second = await openBox(dir);
    expect(second.length).toBe(60);
    const again = await second.take(1000, 1 << 30);
    expect(ids(again)).toEqual(Array.from({ length: 60 }, (_, i) => `e-${40 + i}`));
    expect(again[0]!.seq).toBe(41);
    // New appends continue the sequence.
    expect(await second.append("event", ev(100))).toBe(101);
  });

  it("recovers without a clean close, cutting a torn last line", async () => {
    const dir = await tempDir();
    const box = await openBox(dir);
    await appendMany(box, 0, 10);
    // As kill -9 leaves it: no close, and half a line at the end.
    const [seg] = (await readdir(dir)).filter((n) => n.startsWith("seg-"));
    await writeFile(join(dir, seg!), '{"id":"half', { flag: "a" });
    await rm(join(dir, "lock"));
    boxes.length = 0;
    const again = await openBox(dir);
    expect(ids(await again.take(100, 1 << 20))).toEqual(Array.from({ length: 10 }, (_, i) => `e-${i}`));
    expect((await readFile(join(dir, seg!), "utf8")).endsWith("\n")).toBe(true);
  });

  it("rolls segments and deletes them once every record in them is confirmed", async () => {
    const dir = await tempDir();
    const box = await openBox(dir, { segmentBytes: 50 });
    for (let i = 0; i < 20; i++) await box.append("event", ev(i)); // one write each: many segments
    const segs = () => readdir(dir).then((n) => n.filter((x) => x.startsWith("seg-")).length);
    expect(await segs()).toBeGreaterThan(3);
    const all = await box.take(100, 1 << 20);
    expect(ids(all)).toHaveLength(20);
    await box.release(all, sent);
    expect(await segs()).toBe(1);
    expect(box.bytes).toBe(0);
  });

  it("limits a batch by bytes but always returns at least one record", async () => {
    const box = await openBox(await tempDir());
    await box.append("event", JSON.stringify({ id: "big", pad: "x".repeat(200_000) }));
    await appendMany(box, 0, 5);
    expect(ids(await box.take(100, 1000))).toEqual(["big"]);
    expect(ids(await box.take(100, 1 << 20))).toHaveLength(5);
  });

  it("blocks appends while full and lets them in as records are confirmed", async () => {
    const box = await openBox(await tempDir(), { maxBytes: 500 });
    let n = 0;
    while (!box.full) await box.append("event", ev(n++));
    let done = false;
    const waiting = box.append("event", ev(99)).then(() => (done = true));
    await new Promise((r) => setTimeout(r, 50));
    expect(done).toBe(false);
    await box.release(await box.take(10, 1 << 20), sent);
    await waiting;
    expect(box.stats().dropped).toBe(0);
  });

  it("drops and counts new events when full under drop-newest, but never dead letters", async () => {
    const box = await openBox(await tempDir(), { maxBytes: 300, whenFull: "drop-newest" });
    let n = 0;
    while (!box.full) await box.append("event", ev(n++));
    expect(await box.append("event", ev(100))).toBe(-1);
    expect(box.stats().dropped).toBe(1);
    const dl = box.append("deadLetter", JSON.stringify({ id: "l" }));
    await box.release(await box.take(n, 1 << 20), sent);
    expect(await dl).toBeGreaterThan(0);
  });

  it("tells who released what, with the server's rejections", async () => {
    const released: number[] = [];
    const box = await openBox(await tempDir(), { onRelease: (rs) => released.push(...rs.map((r) => r.seq)) });
    await appendMany(box, 0, 3);
    const batch = await box.take(3, 1 << 20);
    await box.release(batch, { kind: "sent", rejected: new Map([[2, "bad"]]) });
    expect(released).toEqual([1, 2, 3]);
  });

  it("refuses a second live process on the same directory", async () => {
    const dir = await tempDir();
    await writeFile(join(dir, "lock"), "1"); // pid 1 is always alive
    await expect(Outbox.open({ dir, maxBytes: 1000, whenFull: "block", log: silentLog })).rejects.toThrow(
      /in use by process 1/,
    );
  });

  it("counts the bytes it holds as the size of its segment files", async () => {
    const dir = await tempDir();
    const box = await openBox(dir, { segmentBytes: 1 << 20 });
    const pad = "y".repeat(1000);
    await Promise.all(
      Array.from({ length: 5000 }, (_, i) => box.append("event", JSON.stringify({ id: i, pad }))),
    );
    const files = (await readdir(dir)).filter((n) => n.startsWith("seg-"));
    const sizes = await Promise.all(files.map((f) => stat(join(dir, f)).then((s) => s.size)));
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(box.bytes);
    expect(box.length).toBe(5000);
  });

  it("hands the same records whether they come from memory or, past its cap, from the file", async () => {
    const box = await openBox(await tempDir(), { memoryTailBytes: 100, segmentBytes: 300 });
    for (let i = 0; i < 40; i++) await box.append("event", ev(i));
    const seen: string[] = [];
    const seqs: number[] = [];
    for (let round = 1; ; round++) {
      const batch = await box.take(6, 1 << 20);
      if (batch.length === 0) break;
      if (round === 3) {
        box.untake(); // a failed send: the same records come again
        continue;
      }
      seen.push(...ids(batch));
      seqs.push(...batch.map((r) => r.seq));
      await box.release(batch, sent);
    }
    expect(seen).toEqual(Array.from({ length: 40 }, (_, i) => `e-${i}`));
    expect(seqs).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
  });
});
