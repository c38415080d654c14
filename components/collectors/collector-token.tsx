// A collector's new token, shown once, with the command that starts the demo collector with it.
"use client";

import { CopyField } from "@/components/ui/copy-field";
import { ShownOnce } from "@/components/ui/shown-once";

export type IssuedCollectorToken = { name: string; token: string; origin: string };

export function CollectorToken({ issued }: { issued: IssuedCollectorToken }) {
  return (
    <ShownOnce
      label={`Token for “${issued.name}”`}
      value={issued.token}
      note="Copy it now: you will not see it again. If it is lost, rotate the token and restart the collector with the new one."
    >
      <CopyField
        label="Start the demo collector with it"
        value={`npx tsx collectors/demo/cli.ts --server ${issued.origin} --token ${issued.token}`}
      />
      <p className="text-xs text-fg-subtle">
        Run it from an Eventscope checkout. Collectors also read the token from{" "}
        <code className="font-mono">EVENTSCOPE_TOKEN</code> and the server from{" "}
        <code className="font-mono">EVENTSCOPE_URL</code>.
      </p>
    </ShownOnce>
  );
}
