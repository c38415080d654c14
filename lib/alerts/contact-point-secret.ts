// A webhook's signing secret must be usable to sign, so it cannot be hashed: it is stored
// AES-256-GCM encrypted under a key derived from the app's secret (AUTH_SECRET, or the one
// generated once and kept in app_settings — lib/auth/auth-secret.ts). Rotating AUTH_SECRET makes
// stored signing secrets unreadable: sends then fail with an error saying so (set the secret again).
import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import { authSecret } from "@/lib/auth/auth-secret";

async function key(): Promise<Buffer> {
  const { secret } = await authSecret();
  return createHash("sha256").update("eventscope contact point secret\0").update(secret).digest();
}

/** "v1.<iv>.<tag>.<ciphertext>", base64url parts. */
export async function encryptSecret(plain: string): Promise<string> {
  const iv = randomBytes(12);
  const c = createCipheriv("aes-256-gcm", await key(), iv);
  const body = Buffer.concat([c.update(plain, "utf8"), c.final()]);
  return ["v1", iv, c.getAuthTag(), body]
    .map((p) => (typeof p === "string" ? p : p.toString("base64url")))
    .join(".");
}

export async function decryptSecret(stored: string): Promise<string> {
  const [v, iv, tag, body] = stored.split(".");
  if (v !== "v1" || !iv || !tag || body === undefined)
    throw new Error("the stored signing secret is malformed");
  try {
    const d = createDecipheriv("aes-256-gcm", await key(), Buffer.from(iv, "base64url"));
    d.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([d.update(Buffer.from(body, "base64url")), d.final()]).toString("utf8");
  } catch {
    throw new Error("the signing secret cannot be decrypted (was AUTH_SECRET changed?): set it again");
  }
}
