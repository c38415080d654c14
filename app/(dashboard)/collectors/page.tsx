// Collectors: the registered agents and their health from Postgres, kept live over /live (with
// token management for those allowed).
import type { Metadata } from "next";
import { CollectorsView } from "@/components/collectors/collectors-view";
import { requireUser } from "@/lib/auth/current-user";
import { getCollectors } from "@/lib/collectors/get-collectors";

export const metadata: Metadata = { title: "Collectors" };

export default async function CollectorsPage() {
  await requireUser("events:read"); // reads the request: rendered per request, never at build time
  const data = await getCollectors();
  return <CollectorsView initial={data} />;
}
