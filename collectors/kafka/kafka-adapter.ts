// The Kafka broker adapter: observes topics and dead-letter topics with Eventscope's own consumer
// groups, reports application groups' lag, and republishes dead letters with an idempotent producer.
import { Admin, ProduceAcks, Producer } from "@platformatic/kafka";
import type { AdapterSink, BrokerAdapter, RepublishRequest } from "@/collectors/core/adapter";
import { brokerError, clientOptions, describeKafkaError } from "@/collectors/kafka/client-options";
import type { KafkaConfig } from "@/collectors/kafka/config";
import { lagGauges, partitionsToQuery } from "@/collectors/kafka/lag";
import { toRecordToProduce } from "@/collectors/kafka/republish-record";
import { TopicObserver } from "@/collectors/kafka/topic-observer";
import { selectTopics, type TopicSelection } from "@/collectors/kafka/topic-selection";

// Admin calls that fail this many polls in a row mean the cluster is gone, even with no observer
// (a collector may only report lag).
const MAX_POLL_FAILURES = 3;

/**
 * Two groups of Eventscope's own, never an application's: `<groupId>` reads event topics from the
 * latest offset on its first start, `<groupId>-dead-letters` reads dead-letter topics from the
 * earliest. They are separate groups because one stream has one start position, and because the
 * client's round-robin assignor ignores per-member subscriptions.
 */
export function createKafkaAdapter(config: KafkaConfig): BrokerAdapter {
  return new KafkaAdapter(config);
}

class KafkaAdapter implements BrokerAdapter {
  readonly kind = "kafka" as const;
  private sink: AdapterSink | undefined;
  private admin: Admin | undefined;
  private producer: Producer | undefined;
  private events: TopicObserver | undefined;
  private deadLetters: TopicObserver | undefined;
  private selection: TopicSelection = { events: [], deadLetters: [], missing: [] };
  private readonly reportedMissing = new Set<string>();
  private pollTimer: NodeJS.Timeout | undefined;
  /** Bumped by start and stop, so a poll still running from an earlier run schedules no more. */
  private generation = 0;
  private pollFailures = 0;
  private lostReported = false;
  private stopped = false;

  constructor(private readonly config: KafkaConfig) {}

  async start(sink: AdapterSink): Promise<void> {
    this.sink = sink;
    this.generation++;
    this.stopped = false;
    this.lostReported = false;
    this.admin = new Admin(clientOptions(this.config, "admin"));
    let cluster: string[];
    try {
      cluster = await this.admin.listTopics();
    } catch (err) {
      await this.stop();
      throw brokerError(this.config, "brokers unreachable", err);
    }
    try {
      await this.subscribe(selectTopics(cluster, this.config));
    } catch (err) {
      await this.stop();
      throw brokerError(
        this.config,
        `cannot start consuming (groups ${this.config.groupId}, ${this.config.groupId}-dead-letters)`,
        err,
      );
    }
    // Connects on the first republish; idempotence holds for this producer's lifetime (one session).
    this.producer = new Producer({
      ...clientOptions(this.config, "republish"),
      idempotent: true,
      acks: ProduceAcks.ALL,
      // Idempotent producers retry forever unless told otherwise; a reprocess command should fail
      // readably instead, and be retried by the runtime.
      retries: 5,
    });
    sink.log.info(
      {
        events: this.selection.events,
        deadLetters: this.selection.deadLetters,
        lagGroups: this.config.lagGroups,
      },
      "kafka: observing",
    );
    await this.poll(cluster);
    this.schedulePoll(this.generation);
  }

  async republish(req: RepublishRequest): Promise<void> {
    if (!this.producer || this.stopped) throw new Error("the Kafka adapter is not running");
    const record = toRecordToProduce(req);
    try {
      await this.producer.send({ messages: [record] });
    } catch (err) {
      throw brokerError(this.config, `republishing to topic ${record.topic} failed`, err);
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.generation++;
    clearTimeout(this.pollTimer);
    const closing = [
      this.events?.stop(),
      this.deadLetters?.stop(),
      this.producer?.close(),
      this.admin?.close(),
    ];
    this.events = this.deadLetters = this.producer = this.admin = undefined;
    for (const result of await Promise.allSettled(closing))
      if (result.status === "rejected")
        this.sink?.log.warn({ err: describeKafkaError(result.reason) }, "kafka: closing a client failed");
  }

  /** Starts (or restarts) each observer whose topics changed. */
  private async subscribe(next: TopicSelection): Promise<void> {
    for (const topic of next.missing)
      if (!this.reportedMissing.has(topic)) {
        this.reportedMissing.add(topic);
        this.sink?.problem(
          `kafka topic ${topic}`,
          new Error(`topic ${topic} does not exist (yet); observed once created`),
        );
      }
    const previous = this.selection;
    this.selection = next;
    if (!sameList(previous.events, next.events) || !this.events)
      this.events = await this.replace(this.events, "events", this.config.groupId, next.events);
    if (!sameList(previous.deadLetters, next.deadLetters) || !this.deadLetters)
      this.deadLetters = await this.replace(
        this.deadLetters,
        "dead-letters",
        `${this.config.groupId}-dead-letters`,
        next.deadLetters,
      );
  }

  private async replace(
    current: TopicObserver | undefined,
    role: "events" | "dead-letters",
    groupId: string,
    topics: string[],
  ): Promise<TopicObserver | undefined> {
    await current?.stop();
    if (topics.length === 0 || this.stopped || !this.sink) return undefined;
    const observer = new TopicObserver({
      role,
      groupId,
      topics,
      connection: clientOptions(this.config, role),
      sink: this.sink,
      headerConvention: this.config.deadLetters.convention,
      onLost: (reason) => this.lost(reason),
    });
    await observer.start();
    if (this.stopped) {
      await observer.stop(); // stop() ran while this one was joining its group
      return undefined;
    }
    return observer;
  }

  private schedulePoll(generation: number): void {
    if (this.stopped || generation !== this.generation) return;
    this.pollTimer = setTimeout(() => {
      void this.poll().finally(() => this.schedulePoll(generation));
    }, this.config.pollIntervalMs);
  }

  /** Picks up new or removed topics, and reports the lag of the configured application groups. */
  private async poll(cluster?: string[]): Promise<void> {
    const admin = this.admin;
    if (!admin || this.stopped) return;
    try {
      const topics = cluster ?? (await admin.listTopics());
      const next = selectTopics(topics, this.config);
      const changed =
        !sameList(next.events, this.selection.events) ||
        !sameList(next.deadLetters, this.selection.deadLetters);
      if (changed && !this.stopped) await this.resubscribe(next);
      if (this.config.lagGroups.length > 0) await this.reportLag(admin, new Set(topics));
      this.pollFailures = 0;
    } catch (err) {
      if (this.stopped) return;
      this.sink?.problem("kafka poll (topics, lag)", err);
      if (++this.pollFailures >= MAX_POLL_FAILURES)
        this.lost(`polling failed ${this.pollFailures} times: ${describeKafkaError(err)}`);
    }
  }

  private async resubscribe(next: TopicSelection): Promise<void> {
    this.sink?.log.info({ events: next.events, deadLetters: next.deadLetters }, "kafka: topics changed");
    try {
      await this.subscribe(next);
    } catch (err) {
      // An observer is down: let the runtime restart the adapter rather than run half-blind.
      this.lost(`resubscribing after a topic change failed: ${describeKafkaError(err)}`);
    }
  }

  /** Read-only: OffsetFetch and ListOffsets, never a join or a commit in the application's group. */
  private async reportLag(admin: Admin, existing: ReadonlySet<string>): Promise<void> {
    const groups = await admin.listConsumerGroupOffsets({ groups: this.config.lagGroups });
    const query = partitionsToQuery(groups, existing);
    const latest = query.length > 0 ? await admin.listOffsets({ topics: query }) : [];
    const gauges = groups.flatMap((g) => lagGauges(g, latest));
    if (gauges.length > 0 && !this.stopped) this.sink?.gauges(gauges);
  }

  private lost(reason: string): void {
    if (this.lostReported || this.stopped) return;
    this.lostReported = true;
    this.sink?.log.warn({ reason }, "kafka: connection lost");
    this.sink?.disconnected(`Kafka at ${this.config.brokers.join(", ")}: ${reason}`);
  }
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
