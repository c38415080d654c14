// POST /api/auth/sign-in/oauth2 — starts an SSO sign-in: answers with the provider's authorization
// URL and sets the state cookie. better-auth 1.7 dropped the generic-OAuth plugin's own endpoint
// (its providers go through /sign-in/social now, which stays switched off here so that no other
// provider or option can be asked for); this keeps the sign-in form's request as it is and hands it
// to the library's sign-in with the one configured provider.
import type { BetterAuthPlugin } from "better-auth";
import { createAuthEndpoint, signInSocial } from "better-auth/api";
import { z } from "zod";

export function oidcSignInPlugin(providerId: string) {
  const body = z.object({
    providerId: z.literal(providerId),
    callbackURL: z.string().optional(),
    errorCallbackURL: z.string().optional(),
  });
  return {
    id: "eventscope-oidc-sign-in",
    endpoints: {
      oidcSignIn: createAuthEndpoint("/sign-in/oauth2", { method: "POST", body }, async (ctx) => {
        // callbackURL and errorCallbackURL were checked against the app's origins by the library's
        // router before this ran, as for any endpoint.
        const { headers, response } = await signInSocial()({
          ...ctx,
          body: {
            provider: providerId,
            callbackURL: ctx.body.callbackURL,
            errorCallbackURL: ctx.body.errorCallbackURL,
            disableRedirect: true,
          },
          asResponse: false,
          returnHeaders: true,
        });
        for (const cookie of headers.getSetCookie()) ctx.responseHeaders.append("set-cookie", cookie);
        return ctx.json(response);
      }),
    },
  } satisfies BetterAuthPlugin;
}
