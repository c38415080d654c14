// The running demo source's one control, reachable from route handlers: POST
// /api/v1/demo/slow-consumer stretches the slow consumer (to watch a latency rule fire). server/demo.ts
// registers the demo here on globalThis, because the route bundle and the tsx server are separate module
// instances; with no demo running there is nothing to control and the route answers 404.
import { z } from "zod";
import { SLOW_CONSUMER } from "@/collectors/demo/shop-catalog";
import { AppError } from "@/lib/errors";

export type DemoControl = {
  setSlowConsumerFactor: (factor: number) => void;
  readonly slowConsumerFactor: number;
};

type DemoGlobal = typeof globalThis & { __eventscopeDemo?: DemoControl };

export function registerDemoControl(demo: DemoControl | undefined): void {
  (globalThis as DemoGlobal).__eventscopeDemo = demo;
}

export const slowConsumerInputSchema = z.strictObject({
  /** The slow consumer's queueing and processing times are multiplied by this (1: as designed). */
  factor: z
    .number({ error: "must be a number" })
    .min(0.1, "must be 0.1 to 100")
    .max(100, "must be 0.1 to 100"),
});

export type SlowConsumerState = { consumer: string; factor: number };

function running(): DemoControl {
  const demo = (globalThis as DemoGlobal).__eventscopeDemo;
  if (!demo)
    throw new AppError("not_found", "the demo source is not running (DEMO=off or a database is configured)");
  return demo;
}

export function slowConsumerState(): SlowConsumerState {
  return { consumer: SLOW_CONSUMER, factor: running().slowConsumerFactor };
}

export function setSlowConsumer(input: z.output<typeof slowConsumerInputSchema>): SlowConsumerState {
  running().setSlowConsumerFactor(input.factor);
  return slowConsumerState();
}
