import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { silentLog } from "@/collectors/core/log";
import { createAppHttpServer, type AppHttpServer } from "@/server/http-server";

let app: AppHttpServer | undefined;
afterEach(() => {
  app?.server.closeAllConnections();
  app?.server.close();
  app = undefined;
});

/** Resolves once the server is handling `n` requests (however loaded the machine is). */
async function handling(app: AppHttpServer, n: number): Promise<void> {
  while (app.inFlight() < n) await new Promise((r) => setTimeout(r, 5));
}

/** A server whose /slow/<ms> answers after ms milliseconds. */
async function start(): Promise<{ app: AppHttpServer; url: string }> {
  app = createAppHttpServer(async (req, res) => {
    const ms = Number(req.url?.split("/")[2] ?? 0);
    await new Promise((r) => setTimeout(r, ms));
    res.end(`done after ${ms}`);
  }, silentLog);
  const addr: AddressInfo = await app.listen(0, "127.0.0.1");
  return { app, url: `http://127.0.0.1:${addr.port}` };
}

describe("createAppHttpServer drain", () => {
  it("stops accepting, lets in-flight requests finish, then resolves", async () => {
    const { app, url } = await start();
    const slow = fetch(`${url}/slow/300`).then((r) => r.text());
    await handling(app, 1);
    const drained = app.drain(30_000);
    await expect(fetch(`${url}/slow/0`)).rejects.toThrow(); // no longer accepting
    expect(await slow).toBe("done after 300");
    // Resolved by the request finishing, not by the deadline (that would leave it unfinished).
    expect(await drained).toEqual({ unfinished: 0 });
  });

  it("gives up on requests still running at the deadline and closes their connections", async () => {
    const { app, url } = await start();
    const stuck = fetch(`${url}/slow/10000`).then(
      () => "answered",
      () => "cut off",
    );
    await handling(app, 1);
    expect(await app.drain(200)).toEqual({ unfinished: 1 });
    expect(await stuck).toBe("cut off");
  });
});
