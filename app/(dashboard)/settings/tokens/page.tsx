// Settings › API tokens: your personal tokens, and everyone's for those who manage tokens.
import type { Metadata } from "next";
import { ApiTokensView, type TokensInitial } from "@/components/settings/tokens/api-tokens-view";
import { listApiTokens } from "@/lib/auth/api-tokens";
import { requireUser, type Viewer } from "@/lib/auth/current-user";
import { toJson } from "@/lib/jsonify";

export const metadata: Metadata = { title: "API tokens · Settings" };

/** The first paint's data, stamped with when it was read (the client's "now" for expiry). */
async function readTokens(viewer: Viewer): Promise<TokensInitial> {
  const [mine, everyone] = await Promise.all([
    listApiTokens({ userId: viewer.userId }),
    viewer.permissions.includes("tokens:manage") ? listApiTokens({}) : null,
  ]);
  return { at: Date.now(), mine: toJson(mine), everyone: everyone && toJson(everyone) };
}

export default async function TokensPage() {
  const viewer = await requireUser("events:read");
  return <ApiTokensView initial={await readTokens(viewer)} />;
}
