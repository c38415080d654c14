// A dead letter's payload: pretty JSON with highlighting, or the text as it is, or a hex dump —
// a toggle between them; binary payloads (sent as base64) start as hex. Hidden without
// payloads:read, and says so.
"use client";

import { useState } from "react";
import clsx from "clsx";
import { JsonHighlight, prettyJson } from "@/components/ui/json-highlight";

type Mode = "pretty" | "text" | "hex";

function bytesOf(payload: string, encoding: "utf8" | "base64"): Uint8Array {
  if (encoding === "utf8") return new TextEncoder().encode(payload);
  const bin = atob(payload);
  return Uint8Array.from(bin, (c) => c.charCodeAt(0));
}

/** 16 bytes a line: offset, hex, printable ASCII. */
export function hexDump(bytes: Uint8Array, max = 64 * 1024): string {
  const lines: string[] = [];
  const n = Math.min(bytes.length, max);
  for (let off = 0; off < n; off += 16) {
    const row = bytes.subarray(off, Math.min(off + 16, n));
    const hex = [...row].map((b) => b.toString(16).padStart(2, "0")).join(" ");
    const ascii = [...row].map((b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : ".")).join("");
    lines.push(`${off.toString(16).padStart(8, "0")}  ${hex.padEnd(47)}  ${ascii}`);
  }
  if (bytes.length > max) lines.push(`… ${bytes.length - max} more bytes`);
  return lines.join("\n");
}

type Props = { payload: string | null; encoding: "utf8" | "base64"; hidden: boolean };

export function PayloadView({ payload, encoding, hidden }: Props) {
  const isJson = payload !== null && encoding === "utf8" && prettyJson(payload) !== null;
  const modes: Mode[] =
    encoding === "base64" ? ["hex"] : isJson ? ["pretty", "text", "hex"] : ["text", "hex"];
  const [mode, setMode] = useState<Mode>(modes[0]!);
  if (hidden || payload === null)
    return (
      <p className="px-4 py-3 text-sm text-fg-subtle">
        The payload is hidden: reading payloads needs the “Read payloads” permission.
      </p>
    );
  const block = "max-h-[32rem]";
  return (
    <div className="flex flex-col gap-2 p-4">
      {modes.length > 1 && (
        <div
          role="radiogroup"
          aria-label="Show the payload as"
          className="flex w-fit rounded-md bg-surface-2 p-0.5"
        >
          {modes.map((m) => (
            <button
              key={m}
              type="button"
              role="radio"
              aria-checked={mode === m}
              onClick={() => setMode(m)}
              className={clsx(
                "h-7 rounded px-3 text-xs focus-visible:outline-2 focus-visible:outline-accent",
                mode === m ? "bg-surface font-medium text-fg shadow-sm" : "text-fg-muted hover:text-fg",
              )}
            >
              {m === "pretty" ? "JSON" : m === "text" ? "Text" : "Hex"}
            </button>
          ))}
        </div>
      )}
      {encoding === "base64" && (
        <p className="text-xs text-fg-subtle">Binary payload (not UTF-8 text): shown as hex.</p>
      )}
      {mode === "pretty" ? (
        <JsonHighlight text={payload} label="Payload" className={block} />
      ) : (
        <pre
          aria-label="Payload"
          tabIndex={0}
          className={clsx(
            "overflow-auto rounded-md bg-surface-2 p-3 font-mono text-xs leading-5 text-fg",
            mode === "hex" ? "whitespace-pre" : "whitespace-pre-wrap break-all",
            block,
          )}
        >
          {mode === "hex" ? hexDump(bytesOf(payload, encoding)) : payload}
        </pre>
      )}
    </div>
  );
}
