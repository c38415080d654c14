// A JSON value, pretty-printed in a scrollable block (payloads, examples, raw schemas).
import clsx from "clsx";

export function JsonBlock({
  value,
  className,
  label,
}: {
  value: unknown;
  className?: string;
  label?: string;
}) {
  return (
    <pre
      aria-label={label}
      tabIndex={0}
      className={clsx(
        "overflow-auto rounded-md bg-surface-2 p-3 font-mono text-xs leading-5 whitespace-pre text-fg",
        className,
      )}
    >
      {JSON.stringify(value, null, 2) ?? "—"}
    </pre>
  );
}

/** A stored payload sample; the API sends null when there is none or the caller may not read payloads. */
export function PayloadBlock({
  value,
  className,
  label,
}: {
  value: unknown;
  className?: string;
  label: string;
}) {
  if (value === null || value === undefined)
    return (
      <p className={clsx("text-xs text-fg-subtle", className)}>
        No payload: none was stored, or payloads are hidden from your role.
      </p>
    );
  return <JsonBlock value={value} className={className} label={label} />;
}
