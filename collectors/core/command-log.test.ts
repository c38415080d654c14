import { appendFileSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CommandLog } from "@/collectors/core/command-log";
import { toRequest } from "@/collectors/core/command-channel";

const result = (id: string, ok = true) => ({ commandId: id, ok, at: "2026-11-23T10:00:00.000Z" });

describe("CommandLog", () => {
  it("remembers outcomes across restarts, so a command id runs once", async () => {
    const dir = mkdtempSync(join(tmpdir(), "es-cmd-"));
    const log = await CommandLog.open(dir);
    await log.markStarted("a");
    await log.markDone(result("a"));
    await log.markAcked(["a"]);
    const again = await CommandLog.open(dir);
    expect(again.outcome("a")).toEqual(result("a"));
    expect(again.unacked()).toEqual([]);
    // The server asks again (its acknowledgement was lost): the outcome is reported again, not re-run.
    again.reportAgain("a");
    expect(again.unacked()).toEqual([result("a")]);
    // Closed (the agent stopped), a later write opens the file again.
    await log.close();
    await log.markStarted("z");
    expect((await CommandLog.open(dir)).wasStarted("z")).toBe(true);
  });

  it("knows a command that started and never finished (a crash mid-publish) as a possible duplicate", async () => {
    const dir = mkdtempSync(join(tmpdir(), "es-cmd-"));
    const log = await CommandLog.open(dir);
    await log.markStarted("b");
    appendFileSync(join(dir, "commands.ndjson"), '{"id":"c","sta'); // torn by kill -9
    const after = await CommandLog.open(dir);
    expect(after.wasStarted("b")).toBe(true);
    expect(after.outcome("b")).toBeUndefined();
    expect(after.wasStarted("c")).toBe(false);
    expect(readFileSync(join(dir, "commands.ndjson"), "utf8")).not.toContain('"sta\n');
  });

  it("hands out the next batch of unacknowledged outcomes past the ones still awaiting an answer", async () => {
    const dir = mkdtempSync(join(tmpdir(), "es-cmd-"));
    const log = await CommandLog.open(dir);
    await log.markDone(result("1"), result("2"), result("3"), result("4"), result("5"));
    const first = log.unacked(2);
    expect(first.map((r) => r.commandId)).toEqual(["1", "2"]);
    const inFlight = new Set(first.map((r) => r.commandId));
    expect(log.unacked(2, inFlight).map((r) => r.commandId)).toEqual(["3", "4"]);
    // The second batch is answered first: the first is still owed, in order, the rest after it.
    await log.markAcked(["3", "4"]);
    expect(log.unacked(10, inFlight).map((r) => r.commandId)).toEqual(["5"]);
    expect(log.unacked(10).map((r) => r.commandId)).toEqual(["1", "2", "5"]);
  });

  it("resends outcomes the server has not acknowledged", async () => {
    const dir = mkdtempSync(join(tmpdir(), "es-cmd-"));
    const log = await CommandLog.open(dir);
    await log.markDone(result("x", false));
    await log.markDone(result("y"));
    await log.markAcked(["y"]);
    expect((await CommandLog.open(dir)).unacked()).toEqual([result("x", false)]);
  });

  it("compacts away only acknowledged outcomes, however many are still unacknowledged", async () => {
    const dir = mkdtempSync(join(tmpdir(), "es-cmd-"));
    const log = await CommandLog.open(dir);
    const ids = Array.from({ length: 25_000 }, (_, i) => `c${i}`);
    await log.markStarted("s");
    await log.markDone(...ids.map((id) => result(id)));
    // 12 000 acknowledged: past 30 000 lines the file is compacted, keeping the newest 10 000 of them.
    await log.markAcked(ids.slice(0, 12_000));
    const lines = readFileSync(join(dir, "commands.ndjson"), "utf8").split("\n").length - 1;
    expect(lines).toBe(1 + 10_000 * 2 + 13_000);
    const after = await CommandLog.open(dir);
    expect(after.unacked()).toHaveLength(13_000);
    expect(after.unacked(2)).toEqual([result("c12000"), result("c12001")]);
    expect(after.outcome("c1999")).toBeUndefined();
    expect(after.outcome("c2000")).toEqual(result("c2000"));
    expect(after.wasStarted("s")).toBe(true);
  });

  it("compacts again only once the file has tripled since the last compaction", async () => {
    const dir = mkdtempSync(join(tmpdir(), "es-cmd-"));
    const log = await CommandLog.open(dir);
    const lineCount = () => readFileSync(join(dir, "commands.ndjson"), "utf8").split("\n").length - 1;
    const run = async (from: number, n: number) => {
      const ids = Array.from({ length: n }, (_, i) => `c${from + i}`);
      await log.markDone(...ids.map((id) => result(id)));
      await log.markAcked(ids);
    };
    // 15 000 commands, two lines each: past 30 000 lines, compacted to the newest 10 000 outcomes.
    await run(0, 15_000);
    await run(15_000, 1);
    expect(lineCount()).toBe(10_000 * 2);
    // Up to three times that, appended as it comes…
    await run(15_001, 20_000);
    expect(lineCount()).toBe(60_000);
    // …and one command more compacts it again.
    await run(35_001, 1);
    expect(lineCount()).toBe(10_000 * 2);
    const after = await CommandLog.open(dir);
    expect(after.outcome("c35001")).toEqual(result("c35001"));
    expect(after.outcome("c25000")).toBeUndefined();
    expect(after.unacked()).toEqual([]);
  });
});

describe("a reprocess command as the broker gets it", () => {
  it("drops Eventscope's own headers, stamps the reprocess id, decodes the payload", () => {
    const req = toRequest({
      commandId: "cmd-1",
      deadLetterId: "dl-1",
      destination: { channel: "shop", subject: "orders.placed" },
      headers: {
        "x-eventscope-original-subject": "orders.placed",
        "x-eventscope-payload-sha256": "ab",
        traceparent: "00-…",
        "x-eventscope-reprocess-id": "old",
      },
      payload: Buffer.from([0, 255]).toString("base64"),
      payloadEncoding: "base64",
    });
    expect(req.headers).toEqual({ traceparent: "00-…", "x-eventscope-reprocess-id": "cmd-1" });
    expect(req.body).toEqual(Buffer.from([0, 255]));
    expect(req.reprocessId).toBe("cmd-1");
  });
});
