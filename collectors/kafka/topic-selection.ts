// Which of the cluster's topics to observe as events and which to take in as dead letters, from the
// configured names, /regex/ selectors and the dead-letter naming convention.
import { regexBody, type KafkaConfig } from "@/collectors/kafka/config";
import { deadLetterTopicBase, isDeadLetterTopicName } from "@/collectors/kafka/dead-letter-convention";

export type TopicSelection = {
  /** Observed with Eventscope's group: each record → sink.message (unless its headers make it a dead letter). */
  events: string[];
  /** Taken in with Eventscope's dead-letter group: each record → sink.deadLetter. */
  deadLetters: string[];
  /** Configured by name but absent from the cluster (yet: Spring creates a DLT at the first failure). */
  missing: string[];
};

type Selectors = Pick<KafkaConfig, "topics" | "deadLetters">;

/**
 * A topic is a dead-letter topic when it is listed under deadLetters.topics or, with the convention
 * on, when its name says so — whether it was selected under `topics` or is the companion of a
 * selected topic (`orders` selected → `orders.DLT`, `orders-dlt` found). Its records are then only
 * dead letters, never also counted as events: a DLQ record is a failure of the original message,
 * which was already counted on its own topic.
 */
export function selectTopics(cluster: readonly string[], config: Selectors): TopicSelection {
  const existing = new Set(cluster);
  const missing: string[] = [];
  const pick = (selectors: string[]): Set<string> => {
    const out = new Set<string>();
    for (const s of selectors) {
      const body = regexBody(s);
      if (body === undefined) {
        if (existing.has(s)) out.add(s);
        else if (!missing.includes(s)) missing.push(s);
        continue;
      }
      // Whole-name match, as Kafka's own pattern subscriptions (Pattern.matcher().matches()).
      const re = new RegExp(`^(?:${body})$`);
      for (const t of cluster) if (re.test(t)) out.add(t);
    }
    return out;
  };
  const selected = pick(config.topics);
  const deadLetters = pick(config.deadLetters.topics);
  if (config.deadLetters.convention) {
    for (const t of selected) if (isDeadLetterTopicName(t)) deadLetters.add(t);
    for (const t of cluster) {
      const base = deadLetterTopicBase(t);
      if (base !== undefined && selected.has(base)) deadLetters.add(t);
    }
  }
  const events = [...selected].filter((t) => !deadLetters.has(t));
  return { events: events.sort(), deadLetters: [...deadLetters].sort(), missing };
}
