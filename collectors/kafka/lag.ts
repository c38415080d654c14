// Consumer-group lag from offsets: per topic, the sum over partitions of (latest offset − the
// group's committed offset), the figure `kafka-consumer-groups --describe` shows.
import type { Gauge } from "@/collectors/core/adapter";

/** A group's committed offsets, as the Admin client's listConsumerGroupOffsets returns them. */
export type GroupOffsets = {
  groupId: string;
  topics: { name: string; partitions: { partitionIndex: number; committedOffset: bigint }[] }[];
};

/** The latest (high-watermark) offsets, as the Admin client's listOffsets returns them. */
export type TopicOffsets = { name: string; partitions: { partitionIndex: number; offset: bigint }[] }[];

/**
 * Lag gauges for one group. A partition without a committed offset (-1: the group never committed
 * there) has no lag to tell — how far behind it is depends on the group's auto.offset.reset — so
 * it is left out, and a topic with no committed partition gets no gauge. A committed offset past
 * the latest one (the topic was truncated or recreated) counts as 0, not as negative lag.
 */
export function lagGauges(group: GroupOffsets, latest: TopicOffsets): Gauge[] {
  const latestByTopic = new Map<string, Map<number, bigint>>();
  for (const t of latest)
    latestByTopic.set(t.name, new Map(t.partitions.map((p) => [p.partitionIndex, p.offset])));
  const gauges: Gauge[] = [];
  for (const topic of group.topics) {
    const ends = latestByTopic.get(topic.name);
    if (!ends) continue;
    let lag = 0n;
    let known = false;
    for (const p of topic.partitions) {
      const end = ends.get(p.partitionIndex);
      if (end === undefined || end < 0n || p.committedOffset < 0n) continue;
      known = true;
      if (end > p.committedOffset) lag += end - p.committedOffset;
    }
    if (known) gauges.push({ channel: topic.name, consumer: group.groupId, name: "lag", value: Number(lag) });
  }
  return gauges;
}

/** The partitions whose latest offsets lagGauges needs: every committed partition of topics that exist. */
export function partitionsToQuery(
  groups: GroupOffsets[],
  existing: ReadonlySet<string>,
): { name: string; partitions: { partitionIndex: number; timestamp: bigint }[] }[] {
  const wanted = new Map<string, Set<number>>();
  for (const g of groups)
    for (const t of g.topics) {
      // A group keeps offsets for a deleted topic until they expire; asking for it would fail the call.
      if (!existing.has(t.name)) continue;
      const set = wanted.get(t.name) ?? new Set<number>();
      for (const p of t.partitions) if (p.committedOffset >= 0n) set.add(p.partitionIndex);
      if (set.size) wanted.set(t.name, set);
    }
  // timestamp -1 asks ListOffsets for the latest offset (the high watermark).
  return [...wanted].map(([name, set]) => ({
    name,
    partitions: [...set].sort((a, b) => a - b).map((partitionIndex) => ({ partitionIndex, timestamp: -1n })),
  }));
}
