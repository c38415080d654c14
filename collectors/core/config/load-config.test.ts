import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig } from "@/collectors/core/cli";
import { ConfigError } from "@/collectors/core/config/load-config";

const dir = mkdtempSync(join(tmpdir(), "es-config-"));
function file(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}
function problems(fn: () => unknown): string[] {
  try {
    fn();
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error("expected a ConfigError");
}

describe("collector config", () => {
  it("fills defaults around a three-line config and expands ${VAR}", () => {
    const c = loadConfig(
      {
        config: file(
          "ok.yaml",
          "server:\n  url: http://es:3000\n  token: ${TOKEN}\nbroker:\n  kind: redis\n  url: redis://localhost:6379\n  streams: [orders]\n",
        ),
      },
      { TOKEN: "esc_abc" },
    );
    expect(c.server).toEqual({ url: "http://es:3000", token: "esc_abc" });
    expect(c.broker).toMatchObject({ kind: "redis", name: "redis", streams: ["orders"] });
    expect(c.outbox).toMatchObject({ dir: ".data/collector/redis", maxBytes: 1024 ** 3, whenFull: "block" });
    expect(c.extract.eventType.length).toBeGreaterThan(1);
    expect(c.metrics.listen).toBe("127.0.0.1:9464");
  });

  it("reports every problem with file, line, path and what was expected", () => {
    const path = file(
      "bad.yaml",
      [
        "server:",
        "  url: not a url",
        "outbox:",
        "  maxBytes: lots",
        "extract:",
        "  eventType:",
        "    - jsonPath: type",
        "broker:",
        "  kind: redis",
        "  url: http://nope",
        "  streams: [orders]",
        "  colour: blue",
      ].join("\n"),
    );
    const p = problems(() => loadConfig({ config: path }, {}));
    expect(p).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/bad\.yaml:2:8 server\.url: expected the Eventscope server's http\(s\) URL/),
        expect.stringMatching(/bad\.yaml:4:13 outbox\.maxBytes: expected a size/),
        expect.stringMatching(/bad\.yaml:7:17 extract\.eventType\[0\]\.jsonPath: must start with "\$"/),
        expect.stringMatching(/bad\.yaml:10:8 broker\.url: /),
        expect.stringMatching(/bad\.yaml:\d+:\d+ broker: .*colour/),
      ]),
    );
  });

  it("names an unknown broker kind, a missing variable and broken YAML", () => {
    expect(
      problems(() =>
        loadConfig({ config: file("k.yaml", "server: {url: 'http://x'}\nbroker: {kind: mqtt}\n") }, {}),
      ),
    ).toEqual([
      expect.stringMatching(
        /k\.yaml:2:\d+ broker\.kind: expected one of "rabbitmq", "nats", "redis", "kafka"/,
      ),
    ]);
    expect(
      problems(() => loadConfig({ config: file("v.yaml", "server: {url: '${ES_URL}'}\n") }, {})),
    ).toEqual([expect.stringMatching(/environment variable ES_URL is not set/)]);
    expect(
      problems(() => loadConfig({ config: file("y.yaml", "server:\n  url: [unclosed\n") }, {}))[0],
    ).toMatch(/y\.yaml:\d+:\d+ /);
    expect(problems(() => loadConfig({ config: join(dir, "missing.yaml") }, {}))).toEqual([
      expect.stringMatching(/cannot read it \(ENOENT\)/),
    ]);
  });

  it("builds the simple case from flags, which also override the file", () => {
    const c = loadConfig(
      {
        broker: "redis",
        url: "redis://localhost:6379",
        source: ["a", "b"],
        dlq: ["a.dlq"],
        server: "http://es:3000",
        token: "esc_x",
        metrics: "off",
      },
      {},
    );
    expect(c.broker).toMatchObject({
      kind: "redis",
      streams: ["a", "b"],
      deadLetters: { streams: [{ stream: "a.dlq" }] },
    });
    expect(c.metrics.listen).toBe(false);
    expect(problems(() => loadConfig({ broker: "mqtt", url: "x" }, {}))).toEqual([
      expect.stringMatching(/--broker: expected one of/),
    ]);
    const over = loadConfig(
      {
        config: file("o.yaml", "broker: {kind: redis, url: 'redis://h:1', streams: [s]}\n"),
        server: "http://flag:1",
        name: "edge",
      },
      {},
    );
    expect(over.server.url).toBe("http://flag:1");
    expect(over.outbox.dir).toBe(".data/collector/edge");
  });
});

describe("the example configs", () => {
  for (const name of ["rabbitmq", "nats", "redis", "kafka"]) {
    it(`collectors/examples/${name}.yaml is valid`, () => {
      const c = loadConfig(
        { config: `collectors/examples/${name}.yaml` },
        { EVENTSCOPE_TOKEN: "esc_example" },
      );
      expect(c.broker.kind).toBe(name);
      expect(c.server.url).toBe("http://127.0.0.1:3000");
    });
  }
});
