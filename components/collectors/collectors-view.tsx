// The Collectors page's client side: the list (first paint from the server, then TanStack Query,
// refetched on each /live hint that a collector changed) and, for those who manage tokens, New
// collector, Rotate and Revoke, each token shown once.
"use client";

import { useState, type FormEvent } from "react";
import { Ban, Plus, RefreshCw } from "lucide-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useCan } from "@/components/auth/viewer-context";
import { CollectorToken, type IssuedCollectorToken } from "@/components/collectors/collector-token";
import { CollectorsTable } from "@/components/collectors/collectors-table";
import { useLiveHint } from "@/components/live/use-live-hint";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Dialog } from "@/components/ui/dialog";
import { TextField } from "@/components/ui/field";
import { toast, toastError } from "@/components/ui/toaster";
import type { CollectorRow, CollectorsData } from "@/lib/collectors/get-collectors";
import { apiFetch } from "@/lib/http/api-client";

const KEY = ["collectors"] as const;
/** Health turns stale and down with time alone, without any event to hint it: re-read now and then. */
const REFETCH_MS = 10_000;
const FORM_ID = "new-collector-form";
type Answer = { token: string; collector: { name: string } };

export function CollectorsView({ initial }: { initial: CollectorsData }) {
  const canManage = useCan("tokens:manage");
  const queryClient = useQueryClient();
  const [creating, setCreating] = useState(false);
  const [confirming, setConfirming] = useState<{ c: CollectorRow; action: "rotate" | "revoke" } | null>(null);
  const [issued, setIssued] = useState<IssuedCollectorToken | null>(null);
  const { data } = useQuery({
    queryKey: KEY,
    queryFn: () => apiFetch<CollectorsData>("/api/v1/collectors"),
    initialData: initial,
    initialDataUpdatedAt: Date.parse(initial.now),
    refetchInterval: REFETCH_MS,
  });
  useLiveHint("collectors", KEY);
  const refresh = () => queryClient.invalidateQueries({ queryKey: KEY });
  const show = (a: Answer) =>
    setIssued({ name: a.collector.name, token: a.token, origin: window.location.origin });

  const create = useMutation({
    mutationFn: (name: string) => apiFetch<Answer>("/api/v1/collectors", { method: "POST", body: { name } }),
    onSuccess: async (a) => {
      show(a);
      toast.success(`Collector “${a.collector.name}” created`);
      await refresh();
    },
    onError: (err) => toastError(err, "Could not create the collector"),
  });
  const rotate = useMutation({
    mutationFn: (c: CollectorRow) =>
      apiFetch<Answer>(`/api/v1/collectors/${c.id}/rotate`, { method: "POST" }),
    onSuccess: async (a) => {
      setConfirming(null);
      show(a);
      toast.success(`New token for “${a.collector.name}”`);
      await refresh();
    },
    onError: (err) => toastError(err, "Could not rotate the token"),
  });
  const revoke = useMutation({
    mutationFn: (c: CollectorRow) => apiFetch(`/api/v1/collectors/${c.id}`, { method: "DELETE" }),
    onSuccess: (_res, c) => toast.success(`Collector “${c.name}” revoked`),
    onError: (err) => toastError(err, "Could not revoke the collector"),
    onSettled: async () => {
      setConfirming(null);
      await refresh();
    },
  });
  const closeCreate = () => {
    setCreating(false);
    setIssued(null); // the token is never shown twice
    create.reset();
  };
  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    create.mutate(String(new FormData(e.currentTarget).get("name") ?? "").trim());
  };

  const manage = canManage
    ? {
        headerAction: (
          <Button
            size="sm"
            variant="primary"
            icon={<Plus className="size-3.5" aria-hidden />}
            onClick={() => setCreating(true)}
          >
            New collector
          </Button>
        ),
        // Icon buttons (named for screen readers, titled for the pointer): the table is wide already.
        rowActions: (c: CollectorRow) => {
          const rotateLabel = `${c.revoked ? "New token for" : "Rotate the token of"} ${c.name}`;
          return (
            <div className="flex justify-end gap-1">
              <Button
                size="sm"
                variant="ghost"
                icon={<RefreshCw className="size-3.5" aria-hidden />}
                aria-label={rotateLabel}
                title={rotateLabel}
                onClick={() => setConfirming({ c, action: "rotate" })}
              />
              {!c.revoked && (
                <Button
                  size="sm"
                  variant="ghost"
                  className="text-danger hover:text-danger"
                  icon={<Ban className="size-3.5" aria-hidden />}
                  aria-label={`Revoke ${c.name}`}
                  title={`Revoke ${c.name}`}
                  onClick={() => setConfirming({ c, action: "revoke" })}
                />
              )}
            </div>
          );
        },
      }
    : undefined;

  const target = confirming?.c;
  return (
    <>
      <CollectorsTable data={data} manage={manage} />
      <Dialog
        open={creating || issued !== null}
        onClose={closeCreate}
        title={issued ? "Collector token" : "New collector"}
        description={issued ? undefined : "A name for the agent and a token it sends with everything."}
        footer={
          issued ? (
            <Button variant="primary" onClick={closeCreate}>
              Done
            </Button>
          ) : (
            <>
              <Button onClick={closeCreate}>Cancel</Button>
              <Button type="submit" form={FORM_ID} variant="primary" busy={create.isPending}>
                Create collector
              </Button>
            </>
          )
        }
      >
        {issued ? (
          <CollectorToken issued={issued} />
        ) : (
          <form id={FORM_ID} onSubmit={onSubmit}>
            <TextField
              label="Name"
              name="name"
              required
              maxLength={100}
              pattern="[A-Za-z0-9][A-Za-z0-9._:\-]*"
              placeholder="e.g. rabbitmq-prod"
              hint="Letters, digits, “.”, “_”, “:” or “-”, starting with a letter or digit. Shown on every event it sends."
              autoComplete="off"
            />
          </form>
        )}
      </Dialog>
      <ConfirmDialog
        open={confirming !== null}
        onClose={() => setConfirming(null)}
        onConfirm={() => target && (confirming.action === "rotate" ? rotate : revoke).mutate(target)}
        busy={rotate.isPending || revoke.isPending}
        title={
          confirming?.action === "revoke" ? `Revoke “${target?.name}”?` : `New token for “${target?.name}”?`
        }
        confirmLabel={
          confirming?.action === "revoke" ? "Revoke" : target?.revoked ? "Issue token" : "Rotate token"
        }
        tone={confirming?.action === "revoke" ? "danger" : "primary"}
      >
        {confirming?.action === "revoke"
          ? "Its next request is refused and it stops sending. Its history stays. A new token can be issued later with Rotate."
          : target?.revoked
            ? "The collector gets a new token and may send again once it is started with it."
            : "The current token stops working at once: the running collector is refused until it is restarted with the new token."}
      </ConfirmDialog>
    </>
  );
}
