// The /live connection status for the top bar's indicator.
import { useSyncExternalStore } from "react";
import { getLiveStatus, subscribeLiveStatus, type LiveStatus } from "@/components/live/live-socket";

const serverStatus = (): LiveStatus => "connecting";

export function useLiveStatus(): LiveStatus {
  return useSyncExternalStore(subscribeLiveStatus, getLiveStatus, serverStatus);
}
