// Settings › Users: invite people, change roles, disable accounts (users:manage).
import type { Metadata } from "next";
import { UsersView } from "@/components/settings/users/users-view";
import { requireUser } from "@/lib/auth/current-user";
import { toJson } from "@/lib/jsonify";
import { listUsers } from "@/lib/users/list-users";

export const metadata: Metadata = { title: "Users · Settings" };

async function readUsers() {
  return { users: toJson(await listUsers()), at: Date.now() };
}

export default async function UsersPage() {
  await requireUser("users:manage");
  const { users, at } = await readUsers();
  return <UsersView initial={users} at={at} />;
}
