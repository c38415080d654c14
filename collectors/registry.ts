// Every broker the collector speaks: its config schema (the YAML's `broker:` section), how the
// simple command-line flags map onto it, and how to create its adapter. The one place a new
// broker is added.
import { z } from "zod";
import type { BrokerAdapter, BrokerKind } from "@/collectors/core/adapter";
import { commonConfig } from "@/collectors/core/config/collector-config";
import type { CollectorLog } from "@/collectors/core/log";
import { kafkaConfig, type KafkaConfig } from "@/collectors/kafka/config";
import { natsConfig, type NatsConfig } from "@/collectors/nats/config";
import { rabbitmqConfig, type RabbitmqConfig } from "@/collectors/rabbitmq/config";
import { redisConfig, type RedisConfig } from "@/collectors/redis/config";

/** What `--url`, `--source`, `--dlq` and `--name` say, for brokers configured without a file. */
export type SimpleFlags = { url: string; sources: string[]; dlqs: string[]; name?: string };

type Entry<C> = {
  fromFlags: (f: SimpleFlags) => Record<string, unknown>;
  /** Loads the broker's client only when that broker is used (a Redis collector never loads Kafka's). */
  create: (config: C, log: CollectorLog) => Promise<BrokerAdapter>;
};

const rabbitmq: Entry<RabbitmqConfig> = {
  fromFlags: (f) => ({
    kind: "rabbitmq",
    url: f.url,
    exchanges: f.sources.map((name) => ({ name })),
    deadLetters: { queues: f.dlqs },
    ...(f.name ? { name: f.name } : {}),
  }),
  create: async (config) =>
    (await import("@/collectors/rabbitmq/rabbitmq-adapter")).createRabbitmqAdapter(config),
};

const nats: Entry<NatsConfig> = {
  fromFlags: (f) => ({
    kind: "nats",
    servers: f.url,
    streams: f.sources.map((name) => ({ name })),
    deadLetters: { streams: f.dlqs },
    ...(f.name ? { name: f.name } : {}),
  }),
  create: async (config) => (await import("@/collectors/nats/nats-adapter")).createNatsAdapter(config),
};

const redis: Entry<RedisConfig> = {
  fromFlags: (f) => ({
    kind: "redis",
    url: f.url,
    streams: f.sources,
    deadLetters: { streams: f.dlqs.map((stream) => ({ stream })) },
    ...(f.name ? { name: f.name } : {}),
  }),
  create: async (config) => (await import("@/collectors/redis/redis-adapter")).createRedisAdapter(config),
};

const kafka: Entry<KafkaConfig> = {
  fromFlags: (f) => ({
    kind: "kafka",
    brokers: f.url.split(",").map((b) => b.trim()),
    topics: f.sources,
    deadLetters: { topics: f.dlqs },
    ...(f.name ? { name: f.name } : {}),
  }),
  create: async (config) => (await import("@/collectors/kafka/kafka-adapter")).createKafkaAdapter(config),
};

export const brokerConfig = z.discriminatedUnion(
  "kind",
  [rabbitmqConfig, natsConfig, redisConfig, kafkaConfig],
  {
    error: (issue) =>
      issue.code === "invalid_union" ? 'expected one of "rabbitmq", "nats", "redis", "kafka"' : undefined,
  },
);
export type BrokerConfig = z.output<typeof brokerConfig>;

export const collectorConfig = commonConfig.extend({ broker: brokerConfig });
export type CollectorConfig = z.output<typeof collectorConfig>;

const ENTRIES: { [K in BrokerKind]: Entry<Extract<BrokerConfig, { kind: K }>> } = {
  rabbitmq,
  nats,
  redis,
  kafka,
};

export function brokerEntry<K extends BrokerKind>(kind: K): Entry<Extract<BrokerConfig, { kind: K }>> {
  return ENTRIES[kind];
}
