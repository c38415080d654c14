// The collectors' logger: structured JSON lines (pino), the same shape the server writes. Library
// code (the sender, the demo source) takes a CollectorLog, so the server can pass its own logger.
import pino from "pino";

/** The subset of a pino logger the collector modules use. */
export type CollectorLog = {
  debug: (obj: object, msg: string) => void;
  info: (obj: object, msg: string) => void;
  warn: (obj: object, msg: string) => void;
  error: (obj: object, msg: string) => void;
};

export function createCollectorLog(level: string, name: string): pino.Logger {
  return pino({
    level,
    name,
    base: undefined,
    redact: { paths: ["token", "*.token"], censor: "[redacted]" },
  });
}

/** For tests and callers that want silence. */
export const silentLog: CollectorLog = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };
