// Database liveness for the health endpoint: SELECT 1 within a deadline. A pool waiting for a dead
// server could hang for minutes; the caller gets an answer in `timeoutMs` either way.
import { pool } from "@/lib/db/client";

export async function pingDatabase(timeoutMs = 2000): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    const query = pool().query("SELECT 1");
    query.catch(() => undefined); // a late failure after the deadline must not go unhandled
    await Promise.race([query, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
