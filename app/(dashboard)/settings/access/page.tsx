// Settings › Access: the payload policy and what each role may do (settings:manage).
import type { Metadata } from "next";
import { AccessView } from "@/components/settings/access/access-view";
import { requireUser } from "@/lib/auth/current-user";
import { accessPolicy } from "@/lib/settings/access-policy";

export const metadata: Metadata = { title: "Access · Settings" };

async function readPolicy() {
  return { policy: await accessPolicy(), at: Date.now() };
}

export default async function AccessPage() {
  await requireUser("settings:manage");
  const { policy, at } = await readPolicy();
  return <AccessView initial={policy} at={at} />;
}
