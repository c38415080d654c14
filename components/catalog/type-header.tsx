// The event type's header: name, status, first and last seen, and its description, owner and tags
// (edited in place by those who edit the catalog), with Register schema and Export.
"use client";

import { useState } from "react";
import { FilePlus2, Pencil } from "lucide-react";
import { Can } from "@/components/auth/viewer-context";
import { MODE_TEXT } from "@/components/catalog/compatibility-text";
import { EditDetailsForm } from "@/components/catalog/edit-details-form";
import { ExportMenu } from "@/components/catalog/export-menu";
import { RegisterSchemaDialog } from "@/components/catalog/register-schema-dialog";
import { SeenAgo, useNow } from "@/components/catalog/seen-ago";
import { TypeStatus } from "@/components/catalog/type-status";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { LocalTime } from "@/components/ui/local-time";
import type { EventTypeDetail } from "@/lib/catalog/api-types";

export function TypeHeader({ t }: { t: EventTypeDetail }) {
  const now = useNow();
  const [editing, setEditing] = useState(false);
  const [registering, setRegistering] = useState(false);
  const violationCount = t.violations.reduce((sum, v) => sum + v.count, 0);
  return (
    <Card as="section" aria-labelledby="type-name">
      <div className="flex flex-col gap-4 p-4 md:p-5">
        <div className="flex flex-wrap items-start gap-3">
          {/* At least 20rem (or the whole row): on a phone the buttons go below the name, not beside it. */}
          <div className="min-w-[min(100%,20rem)] flex-1">
            <h2 id="type-name" className="font-mono text-lg font-semibold break-all text-fg">
              {t.name}
            </h2>
            <div className="mt-1.5 flex flex-wrap items-center gap-x-3 gap-y-1 text-xs text-fg-muted">
              <TypeStatus t={{ ...t, violations: violationCount }} quiet />
              <span className="tabular-nums">
                {t.registeredVersion !== null && <>registered v{t.registeredVersion} · </>}
                {t.inferredVersion !== null ? `inferred v${t.inferredVersion}` : "nothing inferred yet"}
              </span>
              <span title={MODE_TEXT[t.compatibility].explain}>
                <Badge>{MODE_TEXT[t.compatibility].label.toLowerCase()}</Badge>
              </span>
            </div>
            <p className="mt-1.5 text-xs text-fg-subtle">
              Last seen <SeenAgo iso={t.lastSeenAt} now={now} /> · first seen{" "}
              <LocalTime iso={t.firstSeenAt} format="datetime" />
            </p>
          </div>
          <div className="flex flex-wrap gap-2">
            <Can permission="catalog:edit">
              <Button
                size="sm"
                variant="primary"
                icon={<FilePlus2 className="size-3.5" aria-hidden />}
                onClick={() => setRegistering(true)}
              >
                Register schema
              </Button>
            </Can>
            <ExportMenu type={t.name} />
          </div>
        </div>
        {editing ? (
          <EditDetailsForm name={t.name} details={t} onDone={() => setEditing(false)} />
        ) : (
          <div className="flex items-start gap-3">
            <dl className="grid min-w-0 flex-1 gap-x-6 gap-y-2 text-sm sm:grid-cols-[minmax(0,3fr)_minmax(0,1fr)_minmax(0,1.5fr)]">
              <div className="min-w-0">
                <dt className="text-xs text-fg-subtle">Description</dt>
                <dd className={t.description ? "whitespace-pre-line text-fg" : "text-fg-subtle"}>
                  {t.description ?? "No description yet."}
                </dd>
              </div>
              <div className="min-w-0">
                <dt className="text-xs text-fg-subtle">Owner</dt>
                <dd className={t.owner ? "break-words text-fg" : "text-fg-subtle"}>{t.owner ?? "—"}</dd>
              </div>
              <div className="min-w-0">
                <dt className="text-xs text-fg-subtle">Tags</dt>
                <dd className="flex flex-wrap gap-1">
                  {t.tags.length > 0 ? (
                    t.tags.map((tag) => <Badge key={tag}>{tag}</Badge>)
                  ) : (
                    <span className="text-fg-subtle">—</span>
                  )}
                </dd>
              </div>
            </dl>
            <Can permission="catalog:edit">
              <Button
                size="sm"
                variant="ghost"
                icon={<Pencil className="size-3.5" aria-hidden />}
                onClick={() => setEditing(true)}
              >
                Edit details
              </Button>
            </Can>
          </div>
        )}
      </div>
      <Can permission="catalog:edit">
        <RegisterSchemaDialog
          name={t.name}
          mode={t.compatibility}
          current={t.currentSchema?.definition ?? null}
          open={registering}
          onClose={() => setRegistering(false)}
        />
      </Can>
    </Card>
  );
}
