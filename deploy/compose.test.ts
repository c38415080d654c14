// deploy/docker-compose.yml cannot be run here (no Docker daemon), so this checks what can be
// checked without one: the YAML parses; every service has an image or a build and a healthcheck;
// dependencies wait for healthy services that exist; each collector's command is a valid collector
// config (through the CLI's own loadConfig) for its broker's service, sending to the app by a name
// the app answers to (APP_HOSTS); and every
// environment variable set is one the app (lib/env.ts) or the collector (collectors/core/env.ts) reads.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { loadConfig } from "@/collectors/core/cli";

type Service = {
  image?: string;
  build?: { context: string; dockerfile: string };
  command?: string | string[];
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  profiles?: string[];
  network_mode?: string;
};

const compose = parse(readFileSync("deploy/docker-compose.yml", "utf8"), { merge: true }) as {
  services: Record<string, Service>;
  volumes: Record<string, unknown>;
};
const services = compose.services;
const BROKERS = { rabbitmq: "rabbitmq", nats: "nats", redis: "redis", kafka: "kafka" } as const;

/** `${NAME:-default}` → default, `${NAME}` → "", as compose does with NAME unset. */
function withDefaults(text: string): string {
  return text.replace(/\$\{[A-Z_]+(?::-([^}]*))?\}/g, (_, d: string | undefined) => d ?? "");
}

/** The collector flags in a service's `npm run collector -- …` command. */
function collectorArgs(command: string): Record<string, string> {
  const words = withDefaults(command).trim().split(/\s+/);
  expect(words.slice(0, 4)).toEqual(["npm", "run", "collector", "--"]);
  const args: Record<string, string> = {};
  for (let i = 4; i < words.length; i += 2) {
    expect(words[i]).toMatch(/^--[a-z]+$/);
    args[words[i]!.slice(2)] = words[i + 1]!;
  }
  return args;
}

/** Whether `file` declares `name` as a key of its zod environment schema. */
function declares(file: string, name: string): boolean {
  return new RegExp(`^\\s+${name}: z\\s*\\.`, "m").test(readFileSync(file, "utf8"));
}

describe("deploy/docker-compose.yml", () => {
  it("has the whole stack, each service built or pulled, with a healthcheck", () => {
    expect(Object.keys(services).sort()).toEqual(
      [
        "app",
        "postgres",
        ...Object.keys(BROKERS),
        ...Object.keys(BROKERS).map((b) => `collector-${b}`),
      ].sort(),
    );
    for (const [name, s] of Object.entries(services)) {
      expect(s.image ?? s.build, name).toBeTruthy();
      expect(s.healthcheck?.test.length, `${name} healthcheck`).toBeGreaterThan(0);
    }
    expect(services.app!.build).toEqual({ context: "..", dockerfile: "deploy/Dockerfile" });
    expect(readFileSync("deploy/Dockerfile", "utf8")).toMatch(/^CMD \["npm", "start"\]$/m);
  });

  it("waits only for healthy services that exist, and names only declared volumes", () => {
    for (const [name, s] of Object.entries(services)) {
      for (const [dep, { condition }] of Object.entries(s.depends_on ?? {})) {
        expect(services[dep], `${name} depends on ${dep}`).toBeDefined();
        expect(condition).toBe("service_healthy");
      }
      const volumes = (s as { volumes?: string[] }).volumes ?? [];
      for (const v of volumes) expect(compose.volumes, `${name}: ${v}`).toHaveProperty(v.split(":")[0]!);
    }
  });

  it("points the app at the compose Postgres, with only variables lib/env.ts reads", () => {
    const env = services.app!.environment!;
    expect(env.DATABASE_URL).toMatch(
      /^postgresql:\/\/eventscope:\$\{POSTGRES_PASSWORD\}@postgres:5432\/eventscope$/,
    );
    expect(env.HOST).toBe("0.0.0.0");
    for (const name of Object.keys(env)) expect(declares("lib/env.ts", name), name).toBe(true);
  });

  for (const [broker, host] of Object.entries(BROKERS)) {
    it(`runs a ${broker} collector against its broker and the app`, () => {
      const s = services[`collector-${broker}`]!;
      expect(s.image).toBe(services.app!.image);
      expect(s.profiles).toEqual(["collectors"]);
      expect(Object.keys(s.depends_on ?? {}).sort()).toEqual(["app", host].sort());
      for (const name of Object.keys(s.environment ?? {}))
        expect(declares("collectors/core/env.ts", name), name).toBe(true);
      const args = collectorArgs(String(s.command));
      expect(new URL(args.url!.includes("://") ? args.url! : `tcp://${args.url}`).hostname).toBe(host);
      const config = loadConfig(
        { ...args, source: [args.source!] },
        { EVENTSCOPE_URL: s.environment!.EVENTSCOPE_URL },
      );
      expect(config.broker.kind).toBe(broker);
      // The app answers only to its own Host names: the collectors' must be among its APP_HOSTS.
      expect(s.network_mode).toBeUndefined();
      expect(config.server.url).toBe("http://app:3000");
      expect(String(services.app!.environment!.APP_HOSTS).split(",")).toContain(
        new URL(config.server.url).host,
      );
      expect(config.outbox.dir).toBe("/outbox");
      expect(s.healthcheck!.test.join(" ")).toContain(`http://${args.metrics}/healthz`);
      expect((s as { volumes?: string[] }).volumes).toEqual([`outbox-${broker}:/outbox`]);
    });
  }
});
