// The confirmation of a DLQ action on a selector (discard, restore): one idempotency key per dialog
// (a double click or a retry is one action), the server's refusal under the text, and on success a
// toast, the DLQ queries refetched and the dialog closed.
"use client";

import { useState, type ReactNode } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { dlqKeys } from "@/components/dlq/dlq-api";
import type { ApiSelector } from "@/components/dlq/reprocess-api";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { FormError } from "@/components/ui/form-error";
import { toast } from "@/components/ui/toaster";

/** What a discard or restore dialog is given. */
export type SelectorDialogProps = {
  selector: ApiSelector;
  /** What the action takes, with its count when known ("3 dead letters", "every dead letter of this group"). */
  what: string;
  onClose: () => void;
  onDone?: () => void;
};

type Props<R> = {
  title: string;
  confirmLabel: string;
  tone?: "danger" | "primary";
  /** Calls the API with the dialog's idempotency key. */
  run: (idempotencyKey: string) => Promise<R>;
  /** The toast for the server's answer. */
  done: (result: R) => { title: string; description?: string };
  onClose: () => void;
  onDone?: () => void;
  children: ReactNode;
};

export function SelectorActionDialog<R>({
  title,
  confirmLabel,
  tone,
  run,
  done,
  onClose,
  onDone,
  children,
}: Props<R>) {
  const queryClient = useQueryClient();
  const [key] = useState(() => crypto.randomUUID());
  const action = useMutation({
    mutationFn: () => run(key),
    onSuccess: (result) => {
      const t = done(result);
      toast.success(t.title, { description: t.description });
      void queryClient.invalidateQueries({ queryKey: dlqKeys.all });
      onDone?.();
      onClose();
    },
  });
  return (
    <ConfirmDialog
      open
      onClose={onClose}
      onConfirm={() => action.mutate()}
      busy={action.isPending}
      title={title}
      confirmLabel={confirmLabel}
      tone={tone}
    >
      {children}
      <FormError className="mt-3" message={action.error?.message ?? null} />
    </ConfirmDialog>
  );
}
