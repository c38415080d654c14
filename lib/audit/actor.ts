// Who did something, for the audit log: the person behind a session or an API token (whose
// actor_id is the person, so their actions read as one history), with the address it came from.
import type { AuditActor } from "@/lib/audit/record-audit";
import type { Principal } from "@/lib/auth/principal";
import { clientAddress } from "@/lib/http/client-address";

export type Acting = { actor: AuditActor; ip: string | null };

export function actorOf(p: Principal): AuditActor {
  return { type: p.via === "token" ? "token" : "user", id: p.userId, label: p.email };
}

export function actingFrom(p: Principal, req: Request): Acting {
  return { actor: actorOf(p), ip: clientAddress(req.headers) };
}
