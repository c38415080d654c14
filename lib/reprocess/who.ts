// Who asks for a write on the DLQ: the audit actor and address, and the user id kept on the request
// and its collector commands (null for the system, e.g. the bench).
import type { Acting } from "@/lib/audit/actor";
import type { Principal } from "@/lib/auth/principal";
import { actingFrom } from "@/lib/audit/actor";

export type Requester = Acting & { userId: string | null };

export function requesterFrom(p: Principal, req: Request): Requester {
  return { ...actingFrom(p, req), userId: p.userId };
}

export const SYSTEM: Requester = { actor: { type: "system", label: "system" }, ip: null, userId: null };
