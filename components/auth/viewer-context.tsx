// Who is signed in, for client components: shows and hides actions by permission. The server checks
// every action again; hiding a button is courtesy, not security.
"use client";

import { createContext, useContext, type ReactNode } from "react";
import type { Permission } from "@/lib/auth/permissions";
import type { Viewer } from "@/lib/auth/current-user";

const ViewerContext = createContext<Viewer | null>(null);

export function ViewerProvider({ viewer, children }: { viewer: Viewer; children: ReactNode }) {
  return <ViewerContext.Provider value={viewer}>{children}</ViewerContext.Provider>;
}

export function useViewer(): Viewer {
  const v = useContext(ViewerContext);
  if (!v) throw new Error("useViewer() outside the signed-in layout");
  return v;
}

export function useCan(permission: Permission): boolean {
  return useContext(ViewerContext)?.permissions.includes(permission) ?? false;
}

/** Renders its children only for people holding `permission`. */
export function Can({ permission, children }: { permission: Permission; children: ReactNode }) {
  return useCan(permission) ? children : null;
}
