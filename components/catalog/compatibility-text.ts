// The compatibility modes in words (Confluent Schema Registry semantics; lib/catalog/compatibility.ts).
import type { CompatibilityMode } from "@/lib/catalog/compatibility";

export const MODE_TEXT: Record<CompatibilityMode, { label: string; explain: string }> = {
  BACKWARD: {
    label: "Backward",
    explain: "A new version must read data written with the previous one (upgrade consumers first).",
  },
  BACKWARD_TRANSITIVE: {
    label: "Backward, transitive",
    explain: "A new version must read data written with every earlier version.",
  },
  FORWARD: {
    label: "Forward",
    explain: "The previous version must read data written with the new one (upgrade producers first).",
  },
  FORWARD_TRANSITIVE: {
    label: "Forward, transitive",
    explain: "Every earlier version must read data written with the new one.",
  },
  FULL: { label: "Full", explain: "Both backward and forward against the previous version." },
  FULL_TRANSITIVE: {
    label: "Full, transitive",
    explain: "Both backward and forward against every earlier version.",
  },
  NONE: { label: "None", explain: "Any new version is accepted; nothing is checked." },
};
