// Structured logging (pino). Secrets never go in: tokens are logged by prefix only.
import pino from "pino";
import { env } from "@/lib/env";

const g = globalThis as typeof globalThis & { __eventscopeLog?: pino.Logger };

export const log: pino.Logger =
  g.__eventscopeLog ??
  (g.__eventscopeLog = pino({
    level: env().LOG_LEVEL,
    base: undefined,
    redact: {
      paths: ["token", "authorization", "*.token", "*.authorization", "headers.authorization"],
      censor: "[redacted]",
    },
  }));
