import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { throttle } from "@/server/collectors-hint";

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe("throttle", () => {
  it("fires the first poke at once and folds a burst into one trailing call", () => {
    const fire = vi.fn();
    const t = throttle(fire, 1_000);
    t.poke();
    expect(fire).toHaveBeenCalledTimes(1);
    for (let i = 0; i < 50; i++) t.poke();
    expect(fire).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(999);
    expect(fire).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(1);
    expect(fire).toHaveBeenCalledTimes(2);
    vi.advanceTimersByTime(5_000);
    expect(fire).toHaveBeenCalledTimes(2);
  });

  it("fires at once again after a quiet interval, and never after stop()", () => {
    const fire = vi.fn();
    const t = throttle(fire, 1_000);
    t.poke();
    vi.advanceTimersByTime(1_500);
    t.poke();
    expect(fire).toHaveBeenCalledTimes(2);
    t.poke();
    t.stop();
    vi.advanceTimersByTime(5_000);
    expect(fire).toHaveBeenCalledTimes(2);
  });
});
