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
    await new Promise((r) => setTimeout(r, 50));
    expect(app.inFlight()).toBe(1);
    const started = Date.now();
    const drained = app.drain(5000);
    await expect(fetch(`${url}/slow/0`)).rejects.toThrow(); // no longer accepting
    expect(await slow).toBe("done after 300");
    expect(await drained).toEqual({ unfinished: 0 });
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it("gives up on requests still running at the deadline and closes their connections", async () => {
    const { app, url } = await start();
    const stuck = fetch(`${url}/slow/10000`).then(
      () => "answered",
      () => "cut off",
    );
    await new Promise((r) => setTimeout(r, 50));
    const started = Date.now();
    expect(await app.drain(200)).toEqual({ unfinished: 1 });
    expect(Date.now() - started).toBeLessThan(1000);
    expect(await stuck).toBe("cut off");
  });
});
