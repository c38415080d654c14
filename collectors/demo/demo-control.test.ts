import { afterEach, describe, expect, it } from "vitest";
import { silentLog } from "@/collectors/core/log";
import {
  registerDemoControl,
  setSlowConsumer,
  slowConsumerInputSchema,
  slowConsumerState,
} from "@/collectors/demo/demo-control";
import { DemoSource } from "@/collectors/demo/demo-source";
import { SLOW_CONSUMER } from "@/collectors/demo/shop-catalog";
import { ShopModel } from "@/collectors/demo/shop-model";
import { AppError } from "@/lib/errors";

const START = Date.UTC(2026, 5, 1, 9, 0, 0);
const ms = (t: string | number | undefined) => (typeof t === "string" ? Date.parse(t) : Number(t));

/** The slow consumer's median publish → ack time over a seeded run at `factor`. */
function slowMedianMs(factor: number): number {
  const model = new ShopModel({ seed: "slow-knob" });
  model.setSlowConsumerFactor(factor);
  const spans: number[] = [];
  let now = START;
  for (let i = 0; i < 300; i++) {
    const out = model.produce((now += 100), i < 100 ? 20 : 0); // 10 s of traffic, then 20 s to settle
    for (const d of out.deliveries)
      if (d.consumer === SLOW_CONSUMER) spans.push(ms(d.ackedAt) - ms(d.publishedAt));
  }
  spans.sort((a, b) => a - b);
  return spans[Math.floor(spans.length / 2)]!;
}

afterEach(() => registerDemoControl(undefined));

describe("the slow consumer knob", () => {
  it("stretches the slow consumer's time by the factor (against the same seed at factor 1)", () => {
    const base = slowMedianMs(1);
    const ratio = slowMedianMs(3) / base;
    expect(ratio).toBeGreaterThan(2.5);
    expect(ratio).toBeLessThan(3.5);
  });

  it("answers not found while no demo runs, and turns the running demo's knob", () => {
    expect(() => slowConsumerState()).toThrow(AppError);
    const demo = new DemoSource({ serverUrl: "http://127.0.0.1:9", token: "t", rate: 1, log: silentLog });
    registerDemoControl(demo);
    expect(slowConsumerState()).toEqual({ consumer: SLOW_CONSUMER, factor: 1 });
    expect(setSlowConsumer({ factor: 4 })).toEqual({ consumer: SLOW_CONSUMER, factor: 4 });
    expect(demo.slowConsumerFactor).toBe(4);
  });

  it("refuses a factor out of range, naming the field", () => {
    const r = slowConsumerInputSchema.safeParse({ factor: 0 });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual(["factor"]);
    expect(slowConsumerInputSchema.safeParse({ factor: "2" }).success).toBe(false);
  });
});
