// The JSON the DLQ browse API returns (list, groups, facets, detail): the one contract shared by the
// route handlers and the pages that call them.
import type { DeadLetterState } from "@/lib/dead-letters/filter";

export type DeadLetterListItem = {
  id: string;
  broker: string;
  dlq: { id: number; name: string };
  originalDestination: string | null;
  eventType: string | null;
  reason: string;
  /** The error text, cut at ERROR_PREVIEW characters (`errorTruncated` says so). */
  error: string | null;
  errorTruncated: boolean;
  attempts: number;
  firstFailedAt: string;
  lastFailedAt: string;
  producer: string | null;
  state: DeadLetterState;
  groupId: string;
  traceId: string | null;
  payloadSize: number;
};

export type DeadLetterList = {
  items: DeadLetterListItem[];
  nextCursor: string | null;
  /** On the first page only (null on the others): matches, counted up to `capped`'s limit. */
  total: { count: number; capped: boolean } | null;
};

export type StateCounts = Partial<Record<DeadLetterState, number>>;

export type DeadLetterGroup = {
  groupId: string;
  eventType: string | null;
  reason: string;
  errorPattern: string;
  count: number;
  states: StateCounts;
  firstSeen: string;
  lastSeen: string;
  dlqs: { id: number; name: string; broker: string }[];
};

export type DeadLetterGroups = {
  groups: DeadLetterGroup[];
  /** How many groups match (the list holds at most `limit`). */
  totalGroups: number;
};

export type FacetCount<T> = T & { count: number };
export type DeadLetterFacets = {
  brokers: FacetCount<{ name: string }>[];
  dlqs: FacetCount<{ id: number; name: string; broker: string }>[];
  types: FacetCount<{ name: string | null }>[];
  reasons: FacetCount<{ name: string }>[];
};

/** One dead-lettering recorded in the headers (RabbitMQ's x-death, or a delivery counter). */
export type FailureEntry = {
  source: string; // "x-death" | the header's name
  reason: string | null;
  queue: string | null;
  exchange: string | null;
  routingKeys: string[];
  count: number;
  time: string | null;
};

export type ReprocessAttempt = {
  /** The command id. */
  id: string;
  /** sent (with its collector, unfinished) | succeeded | failed */
  state: string;
  error: string | null;
  destination: unknown;
  possibleDuplicate: boolean;
  createdAt: string;
  finishedAt: string | null;
  requestedBy: { id: string; name: string; email: string } | null;
  collector: string;
};

export type ChainLink = Pick<
  DeadLetterListItem,
  "id" | "state" | "reason" | "attempts" | "firstFailedAt" | "lastFailedAt"
> & { dlq: string };

export type DeadLetterDetail = DeadLetterListItem & {
  messageId: string;
  errorPattern: string;
  receivedAt: string;
  contentType: string | null;
  headers: Record<string, unknown> | null;
  /** Null when hidden (no payloads:read); `encoding` says how `payload` is written. */
  payload: string | null;
  payloadEncoding: "utf8" | "base64";
  payloadHidden: boolean;
  failures: FailureEntry[];
  reprocessAttempts: ReprocessAttempt[];
  /** Other dead letters of the same broker and message id (it failed again after a reprocess), oldest first. */
  chain: ChainLink[];
};
