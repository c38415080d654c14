// Who may hold a /live socket, decided by the real authorizeLive on real Postgres: a session cookie
// from the real sign-in, or an API token. A socket whose access ends through the real routes (token
// revoked, signed out everywhere, person disabled) is told why and disconnected at once — the
// periodic re-check is set to an hour here, so only the announcement can do it.
import { EventEmitter } from "node:events";
import { createServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Server } from "socket.io";
import { io as connect, type Socket } from "socket.io-client";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import * as authRoute from "@/app/api/auth/[...all]/route";
import * as tokenById from "@/app/api/v1/tokens/[id]/route";
import * as userById from "@/app/api/v1/users/[id]/route";
import type { ClientToServerEvents, ServerToClientEvents } from "@/lib/live/events";
import { LiveHub } from "@/lib/live/hub";
import { apiTokenOf, sessionOf, type TestToken } from "@/lib/testing/auth-callers";
import { call, makeUser, type Caller, type TestUser } from "@/lib/testing/http-client";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/test-db";
import { authorizeLive } from "@/server/live-access";
import { attachLiveNamespace, type LiveAuthorizer } from "@/server/live-namespace";
import { appOrigins } from "@/server/origins";

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;
const WAIT_MS = 5_000;

let db: TestDatabase;
let http: HttpServer;
let ioServer: Server;
let stopLive: () => void;
let base: string;
let adminSession: Caller;
const clients: Client[] = [];
// Observes (never changes) each decision, so a test can wait until a re-check has finished.
const decisions = new EventEmitter();
const authorize: LiveAuthorizer = async (headers) => {
  const verdict = await authorizeLive(headers);
  decisions.emit("decided", verdict);
  return verdict;
};

beforeAll(async () => {
  db = await createTestDatabase();
  adminSession = await sessionOf(await makeUser("admin"));
  http = createServer((_req, res) => res.writeHead(404).end());
  ioServer = new Server(http, { serveClient: false });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  const port = (http.address() as AddressInfo).port;
  base = `http://127.0.0.1:${port}`;
  const origins = appOrigins("127.0.0.1", port);
  stopLive = attachLiveNamespace(ioServer, new LiveHub(), {
    authorize,
    allowedOrigins: () => origins,
    intervalMs: 60_000,
    recheckMs: 3_600_000,
  }).stop;
});
afterEach(() => {
  for (const c of clients.splice(0)) c.disconnect();
});
afterAll(async () => {
  stopLive();
  await ioServer.close();
  await db.drop();
});

function client(headers: Record<string, string>): Client {
  const c: Client = connect(`${base}/live`, {
    transports: ["websocket"],
    reconnection: false,
    forceNew: true,
    extraHeaders: { origin: base, ...headers },
  });
  clients.push(c);
  return c;
}

const withCookie = (caller: Caller) => client(caller.kind === "session" ? { cookie: caller.cookie } : {});
const withToken = (t: TestToken) => client({ authorization: `Bearer ${t.token}` });

/** Rejects after `ms` instead of hanging: a missing event fails the test, it is not waited out. */
function within<T>(promise: Promise<T>, what: string, ms = WAIT_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no ${what} within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function connected(c: Client): Promise<void> {
  await within(
    new Promise<void>((resolve, reject) => {
      c.once("connect", resolve);
      c.once("connect_error", reject);
    }),
    "connection",
  );
}

async function refused(c: Client): Promise<{ message: string; data: unknown }> {
  return within(
    new Promise((resolve, reject) => {
      c.once("connect", () => reject(new Error("connected")));
      c.once("connect_error", (err: Error & { data?: unknown }) =>
        resolve({ message: err.message, data: err.data }),
      );
    }),
    "refusal",
  );
}

/** The reason given in access_ended, once the socket has also been disconnected. */
async function ended(c: Client): Promise<string> {
  const gone = new Promise<void>((resolve) => c.once("disconnect", () => resolve()));
  const reason = await within(
    new Promise<string>((resolve) => c.once("access_ended", resolve)),
    "access_ended",
  );
  await within(gone, "disconnect");
  return reason;
}

/** Resolves once `n` more access decisions have been made (a re-check of n sockets is done). */
function decided(n: number): Promise<void> {
  return within(
    new Promise<void>((resolve) => {
      let seen = 0;
      const on = () => {
        if (++seen < n) return;
        decisions.off("decided", on);
        resolve();
      };
      decisions.on("decided", on);
    }),
    `${n} access decisions`,
  );
}

async function subscribes(c: Client): Promise<boolean> {
  const ack = await within(c.emitWithAck("subscribe", "overview"), "subscribe ack");
  return ack.ok;
}

/** A viewer with one socket on a session cookie and one on an API token. */
async function viewerWithTwoSockets(): Promise<{
  u: TestUser;
  s: Caller;
  t: TestToken;
  bySession: Client;
  byToken: Client;
}> {
  const u = await makeUser("viewer");
  const s = await sessionOf(u);
  const t = await apiTokenOf(u, ["events:read"]);
  const bySession = withCookie(s);
  const byToken = withToken(t);
  await Promise.all([connected(bySession), connected(byToken)]);
  return { u, s, t, bySession, byToken };
}

describe("/live handshake", () => {
  it("refuses an anonymous handshake with 401 and says why", async () => {
    expect(await refused(client({}))).toEqual({
      message: "sign in to receive live updates",
      data: { status: 401 },
    });
  });

  it("refuses a revoked token (401) and a token that may not read events (403)", async () => {
    const admin = await makeUser("admin");
    const revoked = await apiTokenOf(admin, ["events:read"]);
    await call(tokenById.DELETE, `/api/v1/tokens/${revoked.id}`, adminSession, {
      method: "DELETE",
      params: { id: revoked.id },
    });
    const r = await refused(withToken(revoked));
    expect(r.data).toEqual({ status: 401 });
    expect(r.message).toMatch(/was revoked$/);
    const auditOnly = await apiTokenOf(admin, ["audit:read"]);
    expect(await refused(withToken(auditOnly))).toEqual({
      message: "your access does not include reading events",
      data: { status: 403 },
    });
  });

  it("lets a viewer in by session cookie and by API token, and both can subscribe", async () => {
    const { bySession, byToken } = await viewerWithTwoSockets();
    expect(await subscribes(bySession)).toBe(true);
    expect(await subscribes(byToken)).toBe(true);
  });
});

describe("/live sockets whose access ends", () => {
  it("revoking the API token disconnects that socket at once; the session's stays", async () => {
    const { s, t, bySession, byToken } = await viewerWithTwoSockets();
    const rechecked = decided(2);
    const res = await call(tokenById.DELETE, `/api/v1/tokens/${t.id}`, s, {
      method: "DELETE",
      params: { id: t.id },
    });
    expect(res.status).toBe(200);
    expect(await ended(byToken)).toMatch(/^API token esk_.{4}… was revoked$/);
    await rechecked;
    expect(bySession.connected).toBe(true);
    expect(await subscribes(bySession)).toBe(true);
  });

  it("signing out everywhere disconnects the cookie socket at once; the token's stays", async () => {
    const { s, bySession, byToken } = await viewerWithTwoSockets();
    const rechecked = decided(2);
    const res = await call(authRoute.POST, "/api/auth/revoke-sessions", s, { method: "POST", body: {} });
    expect(res.status).toBe(200);
    expect(await ended(bySession)).toBe("sign in to receive live updates");
    await rechecked;
    expect(byToken.connected).toBe(true);
    expect(await subscribes(byToken)).toBe(true);
  });

  it("disabling the person disconnects all their sockets at once", async () => {
    const { u, bySession, byToken } = await viewerWithTwoSockets();
    const res = await call(userById.PATCH, `/api/v1/users/${u.id}`, adminSession, {
      method: "PATCH",
      body: { disabled: true },
      params: { id: u.id },
    });
    expect(res.status).toBe(204);
    const reasons = await Promise.all([ended(bySession), ended(byToken)]);
    expect(reasons).toEqual(["sign in to receive live updates", "the owner of this API token is disabled"]);
  });
});
