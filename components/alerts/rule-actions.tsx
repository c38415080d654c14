// The rule page's admin actions: Disable / Enable (a paused rule keeps its history but is not
// evaluated) and Delete with a confirmation (its states and history go with it). Hidden from those
// without alerts:manage — the API refuses them anyway.
"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import { Pause, Play, Trash2 } from "lucide-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { alertKeys, deleteRule, setRuleEnabled, type AlertRule } from "@/components/alerts/alerts-api";
import { useCan } from "@/components/auth/viewer-context";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { FormError } from "@/components/ui/form-error";
import { toast, toastError } from "@/components/ui/toaster";

export function RuleActions({ rule }: { rule: AlertRule }) {
  const canManage = useCan("alerts:manage");
  const queryClient = useQueryClient();
  const router = useRouter();
  const [confirming, setConfirming] = useState(false);

  const toggle = useMutation({
    mutationFn: () => setRuleEnabled(rule, !rule.enabled),
    onSuccess: (r) => {
      toast.success(r.enabled ? `Enabled “${r.name}”` : `Disabled “${r.name}”`, {
        description: r.enabled
          ? "It is evaluated again from the next cycle."
          : "It is not evaluated until enabled.",
      });
      queryClient.setQueryData(alertKeys.rule(r.id), r);
      void queryClient.invalidateQueries({ queryKey: alertKeys.all });
    },
    onError: (err) =>
      toastError(err, rule.enabled ? "The rule could not be disabled" : "The rule could not be enabled"),
  });

  const remove = useMutation({
    mutationFn: () => deleteRule(rule.id),
    onSuccess: () => {
      toast.success(`Deleted “${rule.name}”`);
      queryClient.removeQueries({ queryKey: alertKeys.rule(rule.id) });
      void queryClient.invalidateQueries({ queryKey: alertKeys.all });
      router.push("/alerts");
    },
  });

  if (!canManage) return null;
  return (
    <>
      <Button
        busy={toggle.isPending}
        icon={
          rule.enabled ? <Pause className="size-4" aria-hidden /> : <Play className="size-4" aria-hidden />
        }
        onClick={() => toggle.mutate()}
      >
        {rule.enabled ? "Disable" : "Enable"}
      </Button>
      <Button
        variant="danger"
        icon={<Trash2 className="size-4" aria-hidden />}
        onClick={() => setConfirming(true)}
      >
        Delete
      </Button>
      <ConfirmDialog
        open={confirming}
        onClose={() => setConfirming(false)}
        onConfirm={() => remove.mutate()}
        busy={remove.isPending}
        title={`Delete “${rule.name}”?`}
        confirmLabel="Delete rule"
      >
        <p>
          The rule stops being evaluated and its current states and history are deleted with it. Export the
          rules as YAML first if you may want it back.
        </p>
        <FormError className="mt-3" message={remove.error?.message ?? null} />
      </ConfirmDialog>
    </>
  );
}
