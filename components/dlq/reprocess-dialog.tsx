// "Reprocess N messages": the confirmation the bulk action and the detail page open. A dry run says
// how many dead letters will be republished and where to, and which are skipped and why; the
// options (include already reprocessed, another destination, a rate limit) re-run it. One
// idempotency key per opening, so a double click or a retry makes one request; on success the
// request's progress page opens.
"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import { keepPreviousData, useMutation, useQuery } from "@tanstack/react-query";
import { fieldErrors, formMessage } from "@/components/dlq/field-errors";
import {
  createReprocess,
  dryRunReprocess,
  type ApiSelector,
  type ReprocessOptions,
} from "@/components/dlq/reprocess-api";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Checkbox, TextField } from "@/components/ui/field";
import { FormError } from "@/components/ui/form-error";
import { Skeleton } from "@/components/ui/skeleton";
import { useDebounced } from "@/components/ui/use-debounced";
import type { DryRun } from "@/lib/reprocess/create-request";
import { formatCount } from "@/lib/overview/format";
import { DEFAULT_RATE_PER_SECOND, MAX_RATE_PER_SECOND } from "@/lib/reprocess/schemas";

const DEFAULT_RATE = String(DEFAULT_RATE_PER_SECOND);

type Props = {
  selector: ApiSelector;
  /** What is being reprocessed, for the title ("3 selected dead letters", "one failure group"). */
  what: string;
  onClose: () => void;
};

function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}

function options(force: boolean, other: boolean, channel: string, subject: string, rate: string) {
  const o: ReprocessOptions = { force };
  if (other)
    o.target = subject.trim()
      ? { channel: channel.trim(), subject: subject.trim() }
      : { channel: channel.trim() };
  const r = Number(rate);
  if (rate.trim() !== "" && rate.trim() !== DEFAULT_RATE)
    o.ratePerSecond = Number.isFinite(r) ? r : Number.NaN;
  return o;
}

function localErrors(other: boolean, channel: string, rate: string): Record<string, string> {
  const e: Record<string, string> = {};
  if (other && !channel.trim()) e["target.channel"] = "Name the channel (exchange, stream) to send to.";
  const r = Number(rate);
  if (rate.trim() !== "" && (!Number.isInteger(r) || r < 1 || r > MAX_RATE_PER_SECOND))
    e.ratePerSecond = `A whole number of messages per second, 1 to ${formatCount(MAX_RATE_PER_SECOND)}.`;
  return e;
}

function Summary({ plan }: { plan: DryRun }) {
  const s = plan.skipped;
  const skipped = [
    s.reprocessed > 0 &&
      `${plural(s.reprocessed, "already reprocessed")} (tick “Include already reprocessed” to send them again)`,
    s.running > 0 && `${plural(s.running, "in a running request")}`,
    s.discarded > 0 && `${plural(s.discarded, "discarded")}`,
    s.noDestination > 0 &&
      `${plural(s.noDestination, "without a known original destination")} (choose another destination)`,
  ].filter((x): x is string => typeof x === "string");
  return (
    <div className="flex flex-col gap-2 text-sm" aria-live="polite" data-testid="reprocess-plan">
      <p className="font-medium text-fg">
        {plan.count === 0
          ? "Nothing to reprocess."
          : `${plural(plan.count, "message")} to ${destinationsText(plan)}`}
      </p>
      {skipped.length > 0 && (
        <div className="text-fg-muted">
          <p>Skipped:</p>
          <ul className="list-disc pl-5">
            {skipped.map((x) => (
              <li key={x}>{x}</li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}

function destinationsText(plan: DryRun): string {
  const shown = plan.destinations.slice(0, 3).map((d) => `${d.channel}${d.subject ? ` (${d.subject})` : ""}`);
  const more = plan.destinations.length - shown.length;
  return `${shown.join(", ")}${more > 0 ? ` and ${plural(more, "other destination")}` : ""}`;
}

export function ReprocessDialog({ selector, what, onClose }: Props) {
  const router = useRouter();
  const [key] = useState(() => crypto.randomUUID());
  const [force, setForce] = useState(false);
  const [other, setOther] = useState(false);
  const [channel, setChannel] = useState("");
  const [subject, setSubject] = useState("");
  const [rate, setRate] = useState(DEFAULT_RATE);
  const local = localErrors(other, channel, rate);
  const opts = options(force, other, channel, subject, rate);
  const settled = useDebounced(JSON.stringify(opts), 300);
  const plan = useQuery({
    queryKey: ["reprocess", "dry-run", selector, settled],
    queryFn: ({ signal }) => dryRunReprocess(selector, JSON.parse(settled) as ReprocessOptions, signal),
    enabled: Object.keys(localErrors(other, channel, rate)).length === 0,
    placeholderData: keepPreviousData,
    retry: false,
    gcTime: 0,
  });
  const submit = useMutation({
    mutationFn: () => createReprocess(selector, opts, key),
    onSuccess: (r) => router.push(`/dlq/reprocess/${r.requestId}`),
  });
  const server = { ...fieldErrors(plan.error), ...fieldErrors(submit.error) };
  const err = (path: string) => local[path] ?? server[path] ?? null;
  const ready =
    plan.data && !plan.isPlaceholderData && plan.data.count > 0 && Object.keys(local).length === 0;
  return (
    <Dialog
      open
      onClose={onClose}
      title={`Reprocess ${what}`}
      description="Each message is published again by the collector that serves its broker."
      footer={
        <>
          <Button onClick={onClose} disabled={submit.isPending}>
            Cancel
          </Button>
          <Button
            variant="primary"
            busy={submit.isPending}
            disabled={!ready || submit.isSuccess}
            onClick={() => submit.mutate()}
          >
            {plan.data && plan.data.count > 0
              ? `Reprocess ${plural(plan.data.count, "message")}`
              : "Reprocess"}
          </Button>
        </>
      }
    >
      <div className="flex flex-col gap-4">
        {plan.data ? (
          <Summary plan={plan.data} />
        ) : plan.isError ? null : (
          <div className="flex flex-col gap-2" aria-label="Counting the messages">
            <Skeleton className="h-5 w-3/4" />
            <Skeleton className="h-4 w-1/2" />
          </div>
        )}
        <Checkbox
          label="Include already reprocessed"
          hint="They were published again once already: their consumers may see them twice."
          checked={force}
          onChange={(e) => setForce(e.target.checked)}
        />
        {force && (
          <p role="note" className="rounded-md bg-warn/10 px-3 py-2 text-xs text-warn">
            Messages already reprocessed successfully will be sent again. Only do this when their consumers
            are idempotent or the first reprocess did not take effect.
          </p>
        )}
        <Checkbox
          label="Send to another destination"
          hint="By default each message goes back where it was going: its original channel and routing key."
          checked={other}
          onChange={(e) => setOther(e.target.checked)}
        />
        {other && (
          <div className="grid gap-3 sm:grid-cols-2">
            <TextField
              label="Channel"
              placeholder="orders"
              value={channel}
              onChange={(e) => setChannel(e.target.value)}
              error={err("target.channel")}
              hint="Exchange or stream"
            />
            <TextField
              label="Subject (optional)"
              placeholder="orders.placed"
              value={subject}
              onChange={(e) => setSubject(e.target.value)}
              error={err("target.subject")}
              hint="Routing key or subject"
            />
          </div>
        )}
        <TextField
          label="Rate limit (messages per second)"
          inputMode="numeric"
          value={rate}
          onChange={(e) => setRate(e.target.value)}
          error={err("ratePerSecond")}
          className="w-32"
        />
        <FormError message={formMessage(submit.error ?? plan.error, ["target", "ratePerSecond"])} />
      </div>
    </Dialog>
  );
}
