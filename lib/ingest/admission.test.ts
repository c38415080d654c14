import { describe, expect, it } from "vitest";
import { IngestAdmission, type Refusal, type Ticket } from "@/lib/ingest/admission";

const LIMITS = { maxInFlight: 2, maxInFlightBytes: 1000, maxRetryAfterSeconds: 30 };

function clock(start = 1_000_000) {
  const c = { ms: start, now: () => c.ms };
  return c;
}

const admitted = (r: Ticket | Refusal): Ticket => {
  if (!r.ok) throw new Error(`refused: ${r.message}`);
  return r;
};
const refused = (r: Ticket | Refusal): Refusal => {
  if (r.ok) throw new Error("admitted");
  return r;
};

describe("ingest admission", () => {
  it("admits up to maxInFlight requests, refuses the next, and admits again once one is released", () => {
    const a = new IngestAdmission(LIMITS);
    const first = admitted(a.tryAdmit(10));
    admitted(a.tryAdmit(10));
    const r = refused(a.tryAdmit(10));
    expect(r.message).toMatch(/2 ingest requests are already being stored \(the limit is 2\)/);
    expect(r.message).toMatch(/not read or stored/);
    first.release();
    admitted(a.tryAdmit(10));
    expect(a.stats()).toEqual({ inFlight: 2, inFlightBytes: 20, maxInFlight: 2, maxInFlightBytes: 1000 });
  });

  it("refuses a request whose bytes would go over the budget, but always admits one alone", () => {
    const a = new IngestAdmission(LIMITS);
    const big = admitted(a.tryAdmit(5000)); // alone: admitted whatever its size
    expect(refused(a.tryAdmit(1)).message).toMatch(/5000 bytes .*\(the limit is 1000\)/);
    big.release();
    const t = admitted(a.tryAdmit(600));
    expect(refused(a.tryAdmit(401)).message).toMatch(/600 bytes/);
    admitted(a.tryAdmit(400));
    t.release();
  });

  it("counts a ticket released twice once", () => {
    const a = new IngestAdmission(LIMITS);
    const t = admitted(a.tryAdmit(100));
    const u = admitted(a.tryAdmit(100));
    t.release();
    t.release();
    expect(a.stats()).toMatchObject({ inFlight: 1, inFlightBytes: 100 });
    u.release();
    expect(a.stats()).toMatchObject({ inFlight: 0, inFlightBytes: 0 });
  });

  it("asks for at least 1 s, then for as long as writes take or the oldest has been stalled, capped", () => {
    const c = clock();
    const a = new IngestAdmission({ ...LIMITS, maxInFlight: 1 }, c.now);
    const t = admitted(a.tryAdmit(1));
    expect(refused(a.tryAdmit(1)).retryAfterSeconds).toBe(1); // nothing known yet
    c.ms += 4_500; // the write in flight has been stuck 4.5 s
    expect(refused(a.tryAdmit(1)).retryAfterSeconds).toBe(5);
    c.ms += 600_000; // a long stall: the cap
    expect(refused(a.tryAdmit(1)).retryAfterSeconds).toBe(30);
    t.release();
    // Recovered: the hint follows recent write times, not the stall that is over.
    for (let i = 0; i < 30; i++) a.noteWrite(2_200);
    const u = admitted(a.tryAdmit(1));
    expect(refused(a.tryAdmit(1)).retryAfterSeconds).toBe(3);
    u.release();
    for (let i = 0; i < 30; i++) a.noteWrite(20);
    admitted(a.tryAdmit(1));
    expect(refused(a.tryAdmit(1)).retryAfterSeconds).toBe(1);
  });

  it("weighs recent writes: one slow write among fast ones moves the hint only a little", () => {
    const c = clock();
    const a = new IngestAdmission({ ...LIMITS, maxInFlight: 1 }, c.now);
    for (let i = 0; i < 20; i++) a.noteWrite(100);
    a.noteWrite(10_000);
    admitted(a.tryAdmit(1));
    // 100 + 0.2 × 9 900 = 2 080 ms → 3 s, not 10.
    expect(refused(a.tryAdmit(1)).retryAfterSeconds).toBe(3);
  });
});
