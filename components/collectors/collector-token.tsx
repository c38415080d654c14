// A collector's new token, shown once, with how to start a broker collector or the demo with it.
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
        label="Start a broker collector with it (config in collector.yaml)"
        value={`EVENTSCOPE_TOKEN=${issued.token} npm run collector -- --config collector.yaml`}
      />
      <CopyField
        label="Or start the demo collector with it"
        value={`npx tsx collectors/demo/cli.ts --server ${issued.origin} --token ${issued.token}`}
      />
      <p className="text-xs text-fg-subtle">
        Run it from an Eventscope checkout. The token can also go in the config&apos;s{" "}
        <code className="font-mono">server.token</code>; the demo reads the server from{" "}
        <code className="font-mono">EVENTSCOPE_URL</code>.
      </p>
    </ShownOnce>
  );
}
