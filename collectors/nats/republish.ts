// Republishes a stored dead letter with the reprocess id as Nats-Msg-Id: JetStream drops a second
// copy with the same id inside the stream's duplicate_window (2 minutes by default), answering
// with a PubAck marked duplicate, which is success: the message is there once.
import type { JetStreamClient, JetStreamManager } from "@nats-io/jetstream";
import type { RepublishRequest } from "@/collectors/core/adapter";
import { errorText } from "@/collectors/nats/connection";
import { republishHeaders } from "@/collectors/nats/mapping";

const PUBLISH_TIMEOUT_MS = 10_000;

/** Why a publish failed, in words: JetStream's "no responders" means no stream captures the subject. */
async function explain(err: unknown, subject: string, jsm: JetStreamManager): Promise<Error> {
  const text = errorText(err);
  const noResponders =
    /no responders|not enabled/i.test(text) ||
    (err instanceof Error && err.cause instanceof Error && /no responders/i.test(err.cause.message));
  if (noResponders) {
    const captured = await jsm.streams.find(subject).then(
      () => true,
      () => false,
    );
    if (!captured)
      return new Error(`no JetStream stream captures subject "${subject}": cannot republish there`);
  }
  return new Error(`republish to "${subject}" failed: ${text}`, { cause: err });
}

export async function publishWithDedupe(
  js: JetStreamClient,
  jsm: JetStreamManager,
  req: RepublishRequest,
  maxPayload: number | undefined,
): Promise<void> {
  const subject = req.destination.subject ?? req.destination.channel;
  if (!subject) throw new Error("republish needs a subject (or a channel) to publish to");
  const { headers, skipped } = republishHeaders(req);
  if (skipped.length > 0)
    throw new Error(`headers NATS cannot carry (names with ":" or whitespace): ${skipped.join(", ")}`);
  // The server would close the whole connection on an oversized publish; refuse it here instead.
  if (maxPayload !== undefined && req.body.length > maxPayload)
    throw new Error(
      `message of ${req.body.length} bytes exceeds the NATS server's max_payload of ${maxPayload} bytes`,
    );
  try {
    await js.publish(subject, req.body, { msgID: req.reprocessId, headers, timeout: PUBLISH_TIMEOUT_MS });
  } catch (err) {
    throw await explain(err, subject, jsm);
  }
}
