// What each role may do under the current policy: one row per permission, one column per role.
import { Check, Minus } from "lucide-react";
import {
  PERMISSION_TEXT,
  PERMISSIONS,
  permissionsOf,
  ROLES,
  type AccessPolicy,
} from "@/lib/auth/permissions";

export function RoleTable({ policy }: { policy: AccessPolicy }) {
  const grants = Object.fromEntries(ROLES.map((r) => [r, new Set(permissionsOf(r, policy))]));
  return (
    <div className="relative overflow-x-auto">
      <table aria-label="What each role may do" className="w-full min-w-[560px] text-sm">
        <thead className="text-left text-xs text-fg-subtle">
          <tr className="h-8">
            <th scope="col" className="px-4 font-medium">
              Permission
            </th>
            {ROLES.map((r) => (
              <th key={r} scope="col" className="w-24 px-4 text-center font-medium capitalize">
                {r}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {PERMISSIONS.map((p) => (
            <tr key={p} className="border-t border-line">
              <th scope="row" className="px-4 py-2 text-left font-normal">
                <span className="font-medium text-fg">{PERMISSION_TEXT[p].label}</span>
                <span className="block text-xs text-fg-subtle">{PERMISSION_TEXT[p].explain}</span>
              </th>
              {ROLES.map((r) => (
                <td key={r} className="px-4 py-2 text-center">
                  {grants[r]?.has(p) ? (
                    <Check className="mx-auto size-4 text-ok" aria-label="yes" />
                  ) : (
                    <Minus className="mx-auto size-4 text-fg-subtle/60" aria-label="no" />
                  )}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
