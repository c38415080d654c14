// A rule's definition in words: kind and condition, threshold and resolve threshold, window and
// for-duration, severity, the no-data and error policies, labels, the summary template, the runbook.
import type { ReactNode } from "react";
import type { AlertRule } from "@/components/alerts/alerts-api";
import {
  conditionWords,
  durationWords,
  KIND_LABEL,
  resolveWords,
  SEVERITY_LABEL,
  thresholdOf,
  valueWords,
} from "@/components/alerts/rule-words";
import { Badge } from "@/components/ui/badge";
import { Card, CardHeader } from "@/components/ui/card";
import { LocalTime } from "@/components/ui/local-time";
import { scopeLabel } from "@/lib/alerts/scopes";

const NO_DATA: Record<AlertRule["noData"], string> = {
  nodata: "shown as “No data”",
  ok: "treated as normal",
  alerting: "treated as breached",
  keep_last: "keeps the last state",
};
const ON_ERROR: Record<AlertRule["onError"], string> = {
  error: "shown as “Error”",
  ok: "treated as normal",
  alerting: "treated as breached",
  keep_last: "keeps the last state",
};

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="grid grid-cols-[7rem_1fr] sm:grid-cols-[8.5rem_1fr] gap-3 border-t border-line px-4 py-2 first:border-t-0">
      <dt className="text-xs leading-5 text-fg-subtle">{label}</dt>
      <dd className="min-w-0 text-sm break-words text-fg">{children}</dd>
    </div>
  );
}

export function RuleDefinition({ r }: { r: AlertRule }) {
  const t = thresholdOf(r);
  const labels = Object.entries(r.labels);
  return (
    <Card as="section" aria-labelledby="definition-title" className="h-fit">
      <CardHeader id="definition-title" title="Definition" hint={`version ${r.version}`} />
      <dl>
        <Row label="Kind">
          {KIND_LABEL[r.kind]} — {conditionWords(r)}
        </Row>
        <Row label="Scope">{scopeLabel(r.scope)}</Row>
        <Row label="Threshold">{t === null ? "—" : valueWords(r, t)}</Row>
        <Row label="Resolves">{resolveWords(r)}</Row>
        <Row label="Window">
          {r.kind === "collector_down"
            ? `silent for more than ${durationWords(r.window)}`
            : durationWords(r.window)}
        </Row>
        <Row label="For">{r.for > 0 ? `${durationWords(r.for)} pending before firing` : "fires at once"}</Row>
        <Row label="Severity">{SEVERITY_LABEL[r.severity]}</Row>
        <Row label="No data">{NO_DATA[r.noData]}</Row>
        <Row label="On error">{ON_ERROR[r.onError]}</Row>
        <Row label="Labels">
          {labels.length === 0 ? (
            <span className="text-fg-subtle">none</span>
          ) : (
            <span className="flex flex-wrap gap-1">
              {labels.map(([k, v]) => (
                <Badge key={k}>
                  {k}={v}
                </Badge>
              ))}
            </span>
          )}
        </Row>
        <Row label="Summary">
          {r.summary ? (
            <code className="font-mono text-xs">{r.summary}</code>
          ) : (
            <span className="text-fg-subtle">the kind&apos;s own</span>
          )}
        </Row>
        <Row label="Runbook">
          {r.runbookUrl ? (
            <a
              href={r.runbookUrl}
              target="_blank"
              rel="noreferrer noopener"
              className="text-accent hover:underline"
            >
              {r.runbookUrl}
            </a>
          ) : (
            <span className="text-fg-subtle">none</span>
          )}
        </Row>
        <Row label="Changed">
          <LocalTime iso={r.updatedAt} />
          {r.createdBy && <span className="text-fg-muted"> · created by {r.createdBy}</span>}
        </Row>
      </dl>
    </Card>
  );
}
