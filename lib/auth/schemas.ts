// Contracts of the auth and token APIs, shared by route handlers and the Settings forms.
import { z } from "zod";
import { PERMISSIONS, type Permission } from "@/lib/auth/permissions";

export const MAX_TOKEN_DAYS = 365;

export const createApiTokenSchema = z.strictObject({
  name: z.string().trim().min(1, "give the token a name").max(100),
  scopes: z
    .array(z.enum(PERMISSIONS))
    .min(1, "choose at least one scope")
    .max(PERMISSIONS.length)
    .refine((s) => new Set(s).size === s.length, "a scope is listed twice"),
  expiresInDays: z.coerce.number().int().min(1).max(MAX_TOKEN_DAYS),
});
export type CreateApiTokenInput = z.infer<typeof createApiTokenSchema>;

export type ApiTokenInfo = {
  id: string;
  name: string;
  tokenPrefix: string;
  scopes: Permission[];
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  createdAt: Date;
  userId: string;
  userEmail: string;
};

export const collectorNameSchema = z.strictObject({
  name: z.string().trim().min(1).max(100),
});

export const idParam = z.string().uuid("not a valid id");
