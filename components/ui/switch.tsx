// An on/off switch for a setting that applies at once (role="switch", Space or Enter toggles).
"use client";

import clsx from "clsx";

type Props = {
  checked: boolean;
  onChange: (next: boolean) => void;
  /** Id of the visible label (and of the explanation) the switch belongs to. */
  labelledBy: string;
  describedBy?: string;
  disabled?: boolean;
};

export function Switch({ checked, onChange, labelledBy, describedBy, disabled }: Props) {
  return (
    <button
      type="button"
      role="switch"
      aria-checked={checked}
      aria-labelledby={labelledBy}
      aria-describedby={describedBy}
      disabled={disabled}
      onClick={() => onChange(!checked)}
      className={clsx(
        "relative inline-flex h-6 w-11 shrink-0 items-center rounded-full border transition-colors disabled:cursor-not-allowed disabled:opacity-60",
        checked ? "border-accent bg-accent" : "border-line-strong bg-surface-2",
      )}
    >
      <span
        aria-hidden
        className={clsx(
          "inline-block size-4 rounded-full shadow transition-transform",
          checked ? "translate-x-6 bg-accent-fg" : "translate-x-1 bg-fg-subtle",
        )}
      />
    </button>
  );
}
