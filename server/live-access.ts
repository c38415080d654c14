// Who may open /live: a signed-in person, or an API token, that may read events.
import { principalCan, resolvePrincipal } from "@/lib/auth/principal";
import { AppError } from "@/lib/errors";
import { accessPolicy } from "@/lib/settings/access-policy";
import type { LiveAuthorizer } from "@/server/live-namespace";

export const authorizeLive: LiveAuthorizer = async (headers) => {
  let principal;
  try {
    principal = await resolvePrincipal(headers);
  } catch (err) {
    // A bad API token says why (revoked, expired, …); anything else is a real failure.
    if (err instanceof AppError && err.code === "unauthorized")
      return { ok: false, status: 401, reason: err.message };
    throw err;
  }
  if (!principal) return { ok: false, status: 401, reason: "sign in to receive live updates" };
  if (!principalCan(principal, "events:read", await accessPolicy()))
    return { ok: false, status: 403, reason: "your access does not include reading events" };
  return { ok: true, userId: principal.userId };
};
