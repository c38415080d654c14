// Settings › API tokens: your own tokens with Create and Revoke; for admins, everyone's tokens too.
"use client";

import { useState } from "react";
import Link from "next/link";
import { KeyRound, Plus } from "lucide-react";
import { useQuery } from "@tanstack/react-query";
import { Can, useViewer } from "@/components/auth/viewer-context";
import { CreateTokenDialog } from "@/components/settings/tokens/create-token-dialog";
import {
  fetchEveryonesTokens,
  fetchMyTokens,
  TOKEN_KEYS,
  useRevokeToken,
  type TokenJson,
} from "@/components/settings/tokens/token-queries";
import { TokenTable } from "@/components/settings/tokens/token-table";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { EmptyState } from "@/components/ui/empty-state";

export type TokensInitial = { at: number; mine: TokenJson[]; everyone: TokenJson[] | null };

export function ApiTokensView({ initial }: { initial: TokensInitial }) {
  const viewer = useViewer();
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<TokenJson | null>(null);
  const revoke = useRevokeToken(() => setRevoking(null));
  const mine = useQuery({
    queryKey: TOKEN_KEYS.mine,
    queryFn: fetchMyTokens,
    initialData: initial.mine,
    initialDataUpdatedAt: initial.at,
  });
  const active = mine.data.filter((t) => !t.revokedAt).length;
  return (
    <div className="flex flex-col gap-4">
      <Card as="section" aria-labelledby="my-tokens-title">
        <CardHeader
          id="my-tokens-title"
          title="Your API tokens"
          hint={`${active} active`}
          actions={
            <Button
              size="sm"
              variant="primary"
              icon={<Plus className="size-3.5" aria-hidden />}
              onClick={() => setCreating(true)}
            >
              New token
            </Button>
          }
        />
        {mine.data.length === 0 ? (
          <EmptyState icon={KeyRound} title="No API tokens yet">
            <p>
              A token lets a script or integration call Eventscope&apos;s API as you, limited to the scopes
              you choose and to an expiry date.
            </p>
          </EmptyState>
        ) : (
          <TokenTable
            label="Your API tokens"
            tokens={mine.data}
            now={mine.dataUpdatedAt}
            onRevoke={setRevoking}
          />
        )}
      </Card>
      {initial.everyone && (
        <Can permission="tokens:manage">
          <EveryonesTokens initial={initial.everyone} at={initial.at} onRevoke={setRevoking} />
          <p className="text-sm text-fg-muted">
            Collector tokens (<code className="font-mono text-xs">esc_…</code>) are created, rotated and
            revoked next to their collectors, on the{" "}
            <Link href="/collectors" className="font-medium text-accent underline-offset-2 hover:underline">
              Collectors page
            </Link>
            .
          </p>
        </Can>
      )}
      <CreateTokenDialog open={creating} onClose={() => setCreating(false)} />
      <ConfirmDialog
        open={revoking !== null}
        onClose={() => setRevoking(null)}
        onConfirm={() => revoking && revoke.mutate(revoking)}
        busy={revoke.isPending}
        title={`Revoke “${revoking?.name ?? ""}”?`}
        confirmLabel="Revoke token"
      >
        Anything using this token
        {revoking && revoking.userId !== viewer.userId ? ` (it belongs to ${revoking.userEmail})` : ""} is
        refused from its next request on. This cannot be undone; a new token can be created at any time.
      </ConfirmDialog>
    </div>
  );
}

function EveryonesTokens({
  initial,
  at,
  onRevoke,
}: {
  initial: TokenJson[];
  at: number;
  onRevoke: (t: TokenJson) => void;
}) {
  const everyone = useQuery({
    queryKey: TOKEN_KEYS.everyone,
    queryFn: fetchEveryonesTokens,
    initialData: initial,
    initialDataUpdatedAt: at,
  });
  const active = everyone.data.filter((t) => !t.revokedAt).length;
  return (
    <Card as="section" aria-labelledby="all-tokens-title">
      <CardHeader id="all-tokens-title" title="All people's tokens" hint={`${active} active · admins only`} />
      {everyone.data.length === 0 ? (
        <EmptyState icon={KeyRound} title="Nobody has created an API token yet" />
      ) : (
        <TokenTable
          label="All people's API tokens"
          tokens={everyone.data}
          now={everyone.dataUpdatedAt}
          showOwner
          onRevoke={onRevoke}
        />
      )}
    </Card>
  );
}
