import { Socket } from "node:net";
import { describe, expect, it } from "vitest";
import { metricsRefusal } from "@/server/metrics-endpoint";

function req(remoteAddress: string, headers: Record<string, string> = {}) {
  const socket = new Socket();
  Object.defineProperty(socket, "remoteAddress", { value: remoteAddress });
  return { socket, headers };
}

const TOKEN = "metrics-token-0123456789";

describe("who may read /metrics", () => {
  it("without a token: loopback clients only", () => {
    const open = { trustProxy: false };
    expect(metricsRefusal(req("127.0.0.1"), open)).toBeUndefined();
    expect(metricsRefusal(req("::1"), open)).toBeUndefined();
    expect(metricsRefusal(req("::ffff:127.0.0.1"), open)).toBeUndefined();
    expect(metricsRefusal(req("10.0.0.7"), open)).toMatchObject({ status: 403 });
  });

  it("without a token: a request through a proxy on the same host is refused", () => {
    const refusal = metricsRefusal(req("127.0.0.1", { "x-forwarded-for": "203.0.113.9" }), {
      trustProxy: false,
    });
    expect(refusal).toMatchObject({ status: 403, message: expect.stringMatching(/METRICS_TOKEN/) });
    expect(
      metricsRefusal(req("127.0.0.1", { forwarded: "for=1.2.3.4" }), { trustProxy: true }),
    ).toMatchObject({
      status: 403,
    });
    expect(metricsRefusal(req("127.0.0.1", { "x-real-ip": "1.2.3.4" }), { trustProxy: false })).toMatchObject(
      {
        status: 403,
      },
    );
  });

  it("with a token: the right bearer from anywhere, nothing else — not even loopback", () => {
    const access = { token: TOKEN, trustProxy: false };
    expect(metricsRefusal(req("10.0.0.7", { authorization: `Bearer ${TOKEN}` }), access)).toBeUndefined();
    expect(metricsRefusal(req("127.0.0.1"), access)).toMatchObject({ status: 401 });
    expect(metricsRefusal(req("10.0.0.7", { authorization: `Bearer ${TOKEN}x` }), access)).toMatchObject({
      status: 401,
    });
    expect(metricsRefusal(req("10.0.0.7", { authorization: TOKEN }), access)).toMatchObject({ status: 401 });
  });
});
