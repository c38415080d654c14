// Settings › Access: whether viewers see payloads (saved as soon as it is switched), and the
// table of what each role may do under that policy.
"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { RoleTable } from "@/components/settings/access/role-table";
import { Card, CardHeader } from "@/components/ui/card";
import { Switch } from "@/components/ui/switch";
import { toast, toastError } from "@/components/ui/toaster";
import type { AccessPolicy } from "@/lib/auth/permissions";
import { apiFetch } from "@/lib/http/api-client";

const KEY = ["settings", "access"] as const;
const fetchPolicy = () => apiFetch<AccessPolicy>("/api/v1/settings/access");

export function AccessView({ initial, at }: { initial: AccessPolicy; at: number }) {
  const queryClient = useQueryClient();
  const { data: policy } = useQuery({
    queryKey: KEY,
    queryFn: fetchPolicy,
    initialData: initial,
    initialDataUpdatedAt: at,
  });
  const save = useMutation({
    mutationFn: (next: AccessPolicy) =>
      apiFetch<AccessPolicy>("/api/v1/settings/access", { method: "PUT", body: next }),
    onSuccess: (saved) => {
      queryClient.setQueryData(KEY, saved);
      toast.success(
        saved.restrictPayloads ? "Payloads are now hidden from viewers" : "Viewers can see payloads again",
      );
    },
    onError: (err) => toastError(err, "Could not save the setting"),
  });
  // While saving, show the new position (and the table under it) rather than the old one.
  const shown = save.isPending ? save.variables : policy;
  return (
    <div className="flex flex-col gap-4">
      <Card as="section" aria-labelledby="payloads-title">
        <CardHeader id="payloads-title" title="Payloads" />
        <div className="flex items-start justify-between gap-6 p-4">
          <div className="min-w-0">
            <p id="restrict-label" className="text-sm font-medium text-fg">
              Hide payloads from viewers
            </p>
            <p id="restrict-explain" className="mt-1 max-w-2xl text-sm text-fg-muted">
              Payload samples and dead-letter bodies can hold personal or business data. When this is on,
              people with the viewer role still see event types, counts and latencies, but no payload samples
              or dead-letter bodies. Operators and admins always see them. It applies at once, to open pages
              and to API tokens too.
            </p>
          </div>
          <Switch
            checked={shown.restrictPayloads}
            onChange={(on) => save.mutate({ restrictPayloads: on })}
            labelledBy="restrict-label"
            describedBy="restrict-explain"
            disabled={save.isPending}
          />
        </div>
      </Card>
      <Card as="section" aria-labelledby="roles-title">
        <CardHeader
          id="roles-title"
          title="What each role may do"
          hint="Change a person's role on the Users tab"
        />
        <RoleTable policy={shown} />
      </Card>
    </div>
  );
}
