import { describe, expect, it } from "vitest";
import { lagGauges, partitionsToQuery, type GroupOffsets } from "@/collectors/kafka/lag";

const billing: GroupOffsets = {
  groupId: "billing",
  topics: [
    {
      name: "orders",
      partitions: [
        { partitionIndex: 0, committedOffset: 100n },
        { partitionIndex: 1, committedOffset: 250n },
        { partitionIndex: 2, committedOffset: -1n }, // never committed there
      ],
    },
    { name: "payments", partitions: [{ partitionIndex: 0, committedOffset: 10n }] },
    { name: "deleted-topic", partitions: [{ partitionIndex: 0, committedOffset: 5n }] },
  ],
};

const latest = [
  {
    name: "orders",
    partitions: [
      { partitionIndex: 0, offset: 130n },
      { partitionIndex: 1, offset: 250n },
      { partitionIndex: 2, offset: 9_000n },
    ],
  },
  { name: "payments", partitions: [{ partitionIndex: 0, offset: 4n }] }, // truncated / recreated
];

describe("lagGauges", () => {
  it("sums latest − committed per topic, skipping partitions without a commit", () => {
    expect(lagGauges(billing, latest)).toEqual([
      { channel: "orders", consumer: "billing", name: "lag", value: 30 },
      { channel: "payments", consumer: "billing", name: "lag", value: 0 },
    ]);
  });

  it("gives no gauge for a topic whose partitions were never committed or whose offsets are unknown", () => {
    const fresh: GroupOffsets = {
      groupId: "g",
      topics: [{ name: "orders", partitions: [{ partitionIndex: 0, committedOffset: -1n }] }],
    };
    expect(lagGauges(fresh, latest)).toEqual([]);
    expect(lagGauges(billing, [])).toEqual([]);
    expect(lagGauges({ groupId: "nobody", topics: [] }, latest)).toEqual([]);
  });

  it("handles offsets beyond 2^53 without losing the sum's sign", () => {
    const big: GroupOffsets = {
      groupId: "g",
      topics: [{ name: "t", partitions: [{ partitionIndex: 0, committedOffset: 2n ** 60n }] }],
    };
    expect(
      lagGauges(big, [{ name: "t", partitions: [{ partitionIndex: 0, offset: 2n ** 60n + 5n }] }]),
    ).toEqual([{ channel: "t", consumer: "g", name: "lag", value: 5 }]);
  });
});

describe("partitionsToQuery", () => {
  it("asks for the latest offset of each committed partition of topics that still exist", () => {
    const other: GroupOffsets = {
      groupId: "shipping",
      topics: [{ name: "orders", partitions: [{ partitionIndex: 2, committedOffset: 0n }] }],
    };
    expect(partitionsToQuery([billing, other], new Set(["orders", "payments"]))).toEqual([
      {
        name: "orders",
        partitions: [
          { partitionIndex: 0, timestamp: -1n },
          { partitionIndex: 1, timestamp: -1n },
          { partitionIndex: 2, timestamp: -1n },
        ],
      },
      { name: "payments", partitions: [{ partitionIndex: 0, timestamp: -1n }] },
    ]);
  });

  it("asks for nothing when no group committed anything", () => {
    expect(partitionsToQuery([{ groupId: "g", topics: [] }], new Set(["orders"]))).toEqual([]);
  });
});
