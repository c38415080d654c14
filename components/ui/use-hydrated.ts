// False during server rendering and hydration, true afterwards: for output that must differ in
// the browser (local time zone) without a hydration mismatch.
import { useSyncExternalStore } from "react";

const noop = () => () => undefined;

export function useHydrated(): boolean {
  return useSyncExternalStore(
    noop,
    () => true,
    () => false,
  );
}
