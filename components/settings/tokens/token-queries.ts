// API tokens on the client: the query keys, fetchers and the revoke mutation shared by "your
// tokens" and the admins' "everyone's tokens" (revoking in one refreshes both).
"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { toast, toastError } from "@/components/ui/toaster";
import type { ApiTokenInfo } from "@/lib/auth/schemas";
import { apiFetch } from "@/lib/http/api-client";
import type { Jsonify } from "@/lib/jsonify";

export type TokenJson = Jsonify<ApiTokenInfo>;

export const TOKEN_KEYS = {
  all: ["api-tokens"] as const,
  mine: ["api-tokens", "mine"] as const,
  everyone: ["api-tokens", "everyone"] as const,
};

export const fetchMyTokens = () => apiFetch<{ tokens: TokenJson[] }>("/api/v1/tokens").then((r) => r.tokens);

export const fetchEveryonesTokens = () =>
  apiFetch<{ tokens: TokenJson[] }>("/api/v1/tokens/all").then((r) => r.tokens);

export type TokenStatus = "active" | "expired" | "revoked";

export function tokenStatus(t: TokenJson, now: number): TokenStatus {
  if (t.revokedAt) return "revoked";
  if (t.expiresAt && Date.parse(t.expiresAt) <= now) return "expired";
  return "active";
}

export function useRevokeToken(onDone: () => void) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (t: TokenJson) =>
      apiFetch<{ info: TokenJson }>(`/api/v1/tokens/${t.id}`, { method: "DELETE" }),
    onSuccess: (_res, t) => toast.success(`Token “${t.name}” revoked`),
    onError: (err) => toastError(err, "Could not revoke the token"),
    onSettled: async () => {
      onDone();
      await queryClient.invalidateQueries({ queryKey: TOKEN_KEYS.all });
    },
  });
}
