// Structured logging (pino). Secrets never go in: tokens are logged by prefix only, and fields that
// could carry one (token, password, authorization, cookie, SMTP credentials) are redacted should anyone log them.
import pino from "pino";
import { env } from "@/lib/env";

const g = globalThis as typeof globalThis & { __eventscopeLog?: pino.Logger };

export const log: pino.Logger =
  g.__eventscopeLog ??
  (g.__eventscopeLog = pino({
    level: env().LOG_LEVEL,
    base: undefined,
    redact: {
      paths: [
        "token",
        "password",
        "authorization",
        "cookie",
        "*.token",
        "*.password",
        "*.authorization",
        "*.cookie",
        "headers.authorization",
        "headers.cookie",
        'headers["x-api-key"]',
        // SMTP credentials (nodemailer's auth object, the URL that carries them)
        "pass",
        "*.pass",
        "*.auth.pass",
        "SMTP_URL",
        "*.SMTP_URL",
        'headers["set-cookie"]',
      ],
      censor: "[redacted]",
    },
  }));
