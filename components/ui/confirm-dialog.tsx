// "Are you sure?" for actions that cannot be undone in one click (revoke, disable, sign out
// everywhere): says what will happen, and the confirm button names the action.
"use client";

import type { ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";

type Props = {
  open: boolean;
  onClose: () => void;
  onConfirm: () => void;
  title: string;
  /** What happens, in a sentence or two. */
  children: ReactNode;
  /** The confirm button's words: the action itself ("Revoke token"), never "OK". */
  confirmLabel: string;
  tone?: "danger" | "primary";
  busy?: boolean;
};

export function ConfirmDialog({
  open,
  onClose,
  onConfirm,
  title,
  children,
  confirmLabel,
  tone = "danger",
  busy,
}: Props) {
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title={title}
      footer={
        <>
          <Button onClick={onClose} disabled={busy}>
            Cancel
          </Button>
          <Button variant={tone} busy={busy} onClick={onConfirm}>
            {confirmLabel}
          </Button>
        </>
      }
    >
      <div className="text-sm text-fg-muted">{children}</div>
    </Dialog>
  );
}
