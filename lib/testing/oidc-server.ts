// A real OpenID Connect provider (panva's oidc-provider) on a random loopback port, for tests of
// the SSO sign-in. One confidential client, authorization code with PKCE; anyone may log in with
// any email. Its login and consent pages are minimal stand-ins driven through the library's own
// interaction API (interactionDetails/interactionFinished) rather than its dev-only HTML pages.
import { createHash, generateKeyPairSync, randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import Provider from "oidc-provider";

export type OidcServer = {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The subject (sub) the provider gives a person who logs in with this email. */
  subjectOf: (email: string) => string;
  close: () => Promise<void>;
};

export type OidcServerOptions = { redirectUri: string };

/** The subject is derived from the email, so the same person gets the same sub in every flow. */
function subjectOf(email: string): string {
  return `sub-${createHash("sha256").update(email.toLowerCase()).digest("hex").slice(0, 20)}`;
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

/**
 * GET /interaction/:uid answers which prompt is pending ({ prompt: "login" | "consent" });
 * POST /interaction/:uid with `login=<email>` logs that person in, with `consent=yes` grants what
 * the client asked for. The interaction cookie oidc-provider set is what ties them to the flow.
 */
async function interaction(
  provider: Provider,
  emails: Map<string, string>,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const details = await provider.interactionDetails(req, res);
  const prompt = details.prompt.name;
  if (req.method === "GET") return sendJson(res, 200, { uid: details.uid, prompt });
  const form = await readForm(req);
  if (prompt === "login") {
    const email = form.get("login");
    if (!email) return sendJson(res, 400, { error: "login is required" });
    emails.set(subjectOf(email), email);
    return provider.interactionFinished(
      req,
      res,
      { login: { accountId: subjectOf(email) } },
      { mergeWithLastSubmission: false },
    );
  }
  if (prompt === "consent" && form.get("consent") === "yes") {
    const accountId = details.session?.accountId;
    if (!accountId) return sendJson(res, 400, { error: "no session to consent for" });
    const grant = details.grantId
      ? await provider.Grant.find(details.grantId)
      : new provider.Grant({ accountId, clientId: String(details.params.client_id) });
    if (!grant) return sendJson(res, 400, { error: "grant not found" });
    const missing = details.prompt.details as { missingOIDCScope?: string[]; missingOIDCClaims?: string[] };
    if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(" "));
    if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
    const grantId = await grant.save();
    return provider.interactionFinished(
      req,
      res,
      { consent: { grantId } },
      { mergeWithLastSubmission: true },
    );
  }
  return sendJson(res, 400, { error: `cannot answer the ${prompt} prompt with this form` });
}

export async function startOidcServer({ redirectUri }: OidcServerOptions): Promise<OidcServer> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clientId = "eventscope-test";
  const clientSecret = randomBytes(24).toString("base64url");
  // Who logged in under each subject, so findAccount can answer with their claims.
  const emails = new Map<string, string>();
  const signingKey = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ format: "jwk" });

  const provider = new Provider(issuer, {
    // token_endpoint_auth_method left at its default, client_secret_basic (oidc-provider also takes
    // the secret in the body, which is what better-auth sends).
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [redirectUri],
        grant_types: ["authorization_code"],
        response_types: ["code"],
      },
    ],
    pkce: { required: () => true },
    // Set only to keep the library from noting its defaults on the console.
    ttl: {
      AccessToken: 600,
      AuthorizationCode: 60,
      Grant: 3600,
      IdToken: 600,
      Interaction: 600,
      Session: 3600,
    },
    jwks: { keys: [{ ...signingKey, kid: "test", use: "sig", alg: "RS256" }] },
    cookies: { keys: [randomBytes(32).toString("base64url")] },
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"] },
    findAccount: (_ctx, sub) => {
      const email = emails.get(sub);
      if (!email) return undefined;
      return {
        accountId: sub,
        claims: () => ({ sub, email, email_verified: true, name: `SSO ${email.split("@")[0]}` }),
      };
    },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx, i) => `/interaction/${i.uid}` },
  });
  const callback = provider.callback();

  server.on("request", (req: IncomingMessage, res: ServerResponse) => {
    if (!req.url?.startsWith("/interaction/")) return void callback(req, res);
    interaction(provider, emails, req, res).catch((err: unknown) =>
      sendJson(res, 500, { error: String(err) }),
    );
  });

  return {
    issuer,
    clientId,
    clientSecret,
    subjectOf,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
