// Contracts of the user APIs (setup, invitations, admin changes), shared by routes and forms.
import { z } from "zod";
import { MAX_PASSWORD, MIN_PASSWORD } from "@/lib/auth/password-policy";
import { ROLES } from "@/lib/auth/permissions";

const email = z.string().trim().toLowerCase().max(254).pipe(z.email("not a valid email address"));
const name = z.string().trim().min(1, "enter a name").max(100);
export const passwordSchema = z
  .string()
  .min(MIN_PASSWORD, `use at least ${MIN_PASSWORD} characters`)
  .max(MAX_PASSWORD, `use at most ${MAX_PASSWORD} characters`);

export const setupSchema = z.strictObject({ email, name, password: passwordSchema });
export type SetupInput = z.infer<typeof setupSchema>;

export const inviteUserSchema = z.strictObject({ email, name, role: z.enum(ROLES) });
export type InviteUserInput = z.infer<typeof inviteUserSchema>;

export const updateUserSchema = z
  .strictObject({ role: z.enum(ROLES).optional(), disabled: z.boolean().optional() })
  .refine((v) => v.role !== undefined || v.disabled !== undefined, "send role, disabled or both");
export type UpdateUserInput = z.infer<typeof updateUserSchema>;

export const acceptInviteSchema = z.strictObject({
  token: z.string().min(20).max(200),
  password: passwordSchema,
});
export type AcceptInviteInput = z.infer<typeof acceptInviteSchema>;

export type UserRow = {
  id: string;
  email: string;
  name: string;
  role: string;
  disabledAt: Date | null;
  createdAt: Date;
  /** Has a password (or an SSO link) and can sign in. */
  canSignIn: boolean;
  /** An invitation (or password-reset) link is outstanding until this time. */
  inviteExpiresAt: Date | null;
  lastSignInAt: Date | null;
  activeSessions: number;
};
