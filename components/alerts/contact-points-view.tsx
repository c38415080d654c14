// The Contact points page: where notifications go — name, kind, the URL's origin (never the whole
// URL), signed or not, enabled. Admins add, edit, delete (with confirmation) and send a test
// notification, whose outcome (HTTP status or error, time) stays on the row. Everyone else reads.
"use client";

import { useState } from "react";
import { Pencil, Plus, Send, Trash2, Webhook } from "lucide-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ContactPointDialog } from "@/components/alerts/contact-point-form";
import {
  contactPointKeys,
  deleteContactPoint,
  fetchContactPoints,
  kindLabel,
  testContactPoint,
  testResultWords,
  type ContactPoint,
} from "@/components/alerts/contact-points-api";
import { BackToRules } from "@/components/alerts/rule-links";
import { useCan } from "@/components/auth/viewer-context";
import { QueryStates } from "@/components/ui/query-states";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { FormError } from "@/components/ui/form-error";
import { ListRowsSkeleton } from "@/components/ui/list-skeleton";
import { toast } from "@/components/ui/toaster";

export function ContactPointsView() {
  const canManage = useCan("alerts:manage");
  // undefined: closed; null: a new one; a contact point: editing it.
  const [editing, setEditing] = useState<ContactPoint | null | undefined>(undefined);
  const q = useQuery({ queryKey: contactPointKeys.all, queryFn: ({ signal }) => fetchContactPoints(signal) });
  const all = q.data?.contactPoints ?? [];
  return (
    <div className="flex flex-col gap-4">
      <BackToRules />
      <Card as="section" aria-labelledby="contact-points-title">
        <CardHeader
          id="contact-points-title"
          title="Contact points"
          hint={q.data ? `${all.length} · every notification goes to each enabled one` : undefined}
          actions={
            canManage && (
              <Button
                size="sm"
                variant="primary"
                icon={<Plus className="size-3.5" aria-hidden />}
                onClick={() => setEditing(null)}
              >
                New contact point
              </Button>
            )
          }
        />
        <QueryStates
          query={q}
          failed="The contact points could not be loaded"
          loading={<ListRowsSkeleton rows={3} label="Loading the contact points" cells={["h-4 w-40"]} />}
          empty={
            all.length === 0 && (
              <EmptyState icon={Webhook} title="No contact point yet">
                <p>
                  Alerts fire and resolve on the Alerts pages, but nobody is told until a contact point
                  exists: a webhook of your own, or a Slack-compatible incoming webhook.
                </p>
                {canManage && (
                  <Button className="mt-3" onClick={() => setEditing(null)}>
                    New contact point
                  </Button>
                )}
              </EmptyState>
            )
          }
        >
          <ul aria-label="Contact points" className="flex flex-col">
            {all.map((cp) => (
              <ContactPointRow key={cp.id} cp={cp} canManage={canManage} onEdit={() => setEditing(cp)} />
            ))}
          </ul>
        </QueryStates>
      </Card>
      {editing !== undefined && (
        <ContactPointDialog
          editing={editing}
          caps={{ emailAvailable: q.data?.emailAvailable ?? false }}
          onClose={() => setEditing(undefined)}
        />
      )}
    </div>
  );
}

function ContactPointRow({
  cp,
  canManage,
  onEdit,
}: {
  cp: ContactPoint;
  canManage: boolean;
  onEdit: () => void;
}) {
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const test = useMutation({ mutationFn: () => testContactPoint(cp.id) });
  const remove = useMutation({
    mutationFn: () => deleteContactPoint(cp.id),
    onSuccess: () => {
      toast.success(`Deleted “${cp.name}”`);
      setConfirming(false);
      void queryClient.invalidateQueries({ queryKey: contactPointKeys.all });
    },
  });
  return (
    <li className="flex flex-col gap-2 border-t border-line px-4 py-3 first:border-t-0">
      <div className="flex flex-wrap items-center gap-x-3 gap-y-2">
        <div className="flex min-w-0 flex-1 flex-col gap-0.5">
          <p className="flex flex-wrap items-center gap-2 text-sm font-medium text-fg">
            <span className="min-w-0 break-words">{cp.name}</span>
            <Badge tone="accent">{kindLabel(cp.kind)}</Badge>
            {cp.signed && <Badge tone="ok">signed</Badge>}
            {!cp.enabled && <Badge>disabled</Badge>}
          </p>
          <p className="truncate font-mono text-xs text-fg-muted">{cp.to?.join(", ") ?? cp.urlHint ?? "—"}</p>
        </div>
        {canManage && (
          <div className="flex flex-wrap items-center gap-2">
            <Button
              size="sm"
              busy={test.isPending}
              icon={<Send className="size-3.5" aria-hidden />}
              onClick={() => test.mutate()}
              aria-label={`Send test notification to ${cp.name}`}
            >
              Send test notification
            </Button>
            <Button
              size="sm"
              icon={<Pencil className="size-3.5" aria-hidden />}
              onClick={onEdit}
              aria-label={`Edit ${cp.name}`}
            >
              Edit
            </Button>
            <Button
              size="sm"
              variant="ghost"
              icon={<Trash2 className="size-3.5" aria-hidden />}
              onClick={() => setConfirming(true)}
              aria-label={`Delete ${cp.name}`}
            >
              Delete
            </Button>
          </div>
        )}
      </div>
      {/* The test's outcome stays on the row (status code or error) until the next one. */}
      <div aria-live="polite">
        {test.data && (
          <p className={test.data.ok ? "text-xs text-ok" : "text-xs text-danger"} data-testid="test-result">
            Test: {testResultWords(test.data)}
          </p>
        )}
        {test.error && <p className="text-xs text-danger">Test could not be sent: {test.error.message}</p>}
      </div>
      <ConfirmDialog
        open={confirming}
        onClose={() => setConfirming(false)}
        onConfirm={() => remove.mutate()}
        busy={remove.isPending}
        title={`Delete “${cp.name}”?`}
        confirmLabel="Delete contact point"
      >
        <p>Notifications stop going there, and its notification log is deleted with it.</p>
        <FormError className="mt-3" message={remove.error?.message ?? null} />
      </ConfirmDialog>
    </li>
  );
}
