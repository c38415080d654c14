// The DLQ page's client side: Messages | Groups, the filter bar, the selection the bulk actions
// will take, all in the URL except the selection; live — the deadLetters hint refetches whatever
// of the DLQ API this page shows.
"use client";

import { useState } from "react";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import clsx from "clsx";
import { dlqKeys } from "@/components/dlq/dlq-api";
import { DlqFilterBar } from "@/components/dlq/dlq-filter-bar";
import { pageParams, parseDlqState, type DlqPageState } from "@/components/dlq/dlq-filters";
import { GroupsPanel } from "@/components/dlq/groups-panel";
import { MessagesPanel } from "@/components/dlq/messages-panel";
import { PurgeDialog } from "@/components/dlq/purge-dialog";
import { RecentReprocessing } from "@/components/dlq/recent-reprocessing";
import { NO_SELECTION, type Selection } from "@/components/dlq/selection";
import { useCan } from "@/components/auth/viewer-context";
import { useLiveHint } from "@/components/live/use-live-hint";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";

const TABS = [
  { view: "messages", label: "Messages" },
  { view: "groups", label: "Groups" },
] as const;

export function DlqView() {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const urlKey = params.toString();
  const state = parseDlqState(new URLSearchParams(urlKey));
  const [selection, setSelection] = useState<Selection>(NO_SELECTION);
  const [purging, setPurging] = useState(false);
  const canPurge = useCan("dlq:discard");
  useLiveHint("deadLetters", dlqKeys.all);

  const go = (next: DlqPageState) => {
    // Another filter or view means other rows: a selection made under the old one is dropped.
    setSelection(NO_SELECTION);
    const qs = pageParams(next).toString();
    router.replace(qs ? `${pathname}?${qs}` : pathname, { scroll: false });
  };

  return (
    <div className="flex flex-col gap-4">
      <Card as="section" aria-labelledby="dlq-title">
        <div className="flex h-11 items-center gap-3 border-b border-line px-4">
          <h2 id="dlq-title" className="text-sm font-semibold whitespace-nowrap text-fg">
            Dead letters
          </h2>
          {canPurge && (
            <Button size="sm" variant="ghost" className="ml-auto" onClick={() => setPurging(true)}>
              Purge…
            </Button>
          )}
          <div
            role="tablist"
            aria-label="Show"
            className={clsx(!canPurge && "ml-auto", "flex rounded-md bg-surface-2 p-0.5")}
          >
            {TABS.map((t) => {
              const active = state.view === t.view;
              return (
                <button
                  key={t.view}
                  type="button"
                  role="tab"
                  aria-selected={active}
                  onClick={() => go({ ...state, view: t.view })}
                  className={clsx(
                    "h-7 rounded px-3 text-sm focus-visible:outline-2 focus-visible:outline-accent",
                    active ? "bg-surface font-medium text-fg shadow-sm" : "text-fg-muted hover:text-fg",
                  )}
                >
                  {t.label}
                </button>
              );
            })}
          </div>
        </div>
        <DlqFilterBar key={urlKey} filters={state.filters} onApply={(filters) => go({ ...state, filters })} />
        <div role="tabpanel" aria-label={state.view === "groups" ? "Groups" : "Messages"}>
          {state.view === "groups" ? (
            <GroupsPanel state={state} onChange={go} selection={selection} onSelect={setSelection} />
          ) : (
            <MessagesPanel state={state} onChange={go} selection={selection} onSelect={setSelection} />
          )}
        </div>
      </Card>
      <RecentReprocessing />
      {purging && <PurgeDialog filters={state.filters} onClose={() => setPurging(false)} />}
    </div>
  );
}
