// Form fields with their label, hint and error tied to the control (aria-describedby, aria-invalid),
// so screen readers announce what is wrong where it is wrong.
"use client";

import { useId, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes } from "react";
import clsx from "clsx";
import { SEARCH_SHORTCUT, SearchShortcutHint } from "@/components/ui/search-shortcut";

const CONTROL =
  "h-9 w-full rounded-md border border-line-strong bg-surface px-3 text-sm text-fg placeholder:text-fg-subtle focus:border-accent focus:outline-none focus:ring-2 focus:ring-accent/30 disabled:opacity-60 aria-[invalid=true]:border-danger";

type Common = { label: string; hint?: ReactNode; error?: string | null };

function Wrapper({ id, label, hint, error, children }: Common & { id: string; children: ReactNode }) {
  return (
    <div className="flex flex-col gap-1.5">
      <label htmlFor={id} className="text-sm font-medium text-fg">
        {label}
      </label>
      {children}
      {hint && !error && (
        <p id={`${id}-hint`} className="text-xs text-fg-subtle">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} role="alert" className="text-xs text-danger">
          {error}
        </p>
      )}
    </div>
  );
}

export function TextField({
  label,
  hint,
  error,
  className,
  searchShortcut = false,
  ...rest
}: Common &
  InputHTMLAttributes<HTMLInputElement> & {
    /** The page's search box: `/` focuses it (components/ui/search-shortcut.tsx), with a hint. */
    searchShortcut?: boolean;
  }) {
  const id = useId();
  const input = (
    <input
      id={id}
      aria-invalid={error ? true : undefined}
      aria-describedby={error ? `${id}-error` : hint ? `${id}-hint` : undefined}
      aria-keyshortcuts={searchShortcut ? SEARCH_SHORTCUT : undefined}
      className={clsx(CONTROL, searchShortcut && "pr-8", className)}
      {...rest}
    />
  );
  return (
    <Wrapper id={id} label={label} hint={hint} error={error}>
      {searchShortcut ? (
        <span className="relative flex items-center">
          {input}
          <SearchShortcutHint />
        </span>
      ) : (
        input
      )}
    </Wrapper>
  );
}

export function SelectField({
  label,
  hint,
  error,
  className,
  children,
  ...rest
}: Common & SelectHTMLAttributes<HTMLSelectElement>) {
  const id = useId();
  return (
    <Wrapper id={id} label={label} hint={hint} error={error}>
      <select
        id={id}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : hint ? `${id}-hint` : undefined}
        className={clsx(CONTROL, "pr-8", className)}
        {...rest}
      >
        {children}
      </select>
    </Wrapper>
  );
}

export function Checkbox({
  label,
  hint,
  ...rest
}: { label: ReactNode; hint?: ReactNode } & Omit<InputHTMLAttributes<HTMLInputElement>, "type">) {
  const id = useId();
  return (
    <div className="flex items-start gap-2.5">
      <input
        id={id}
        type="checkbox"
        aria-describedby={hint ? `${id}-hint` : undefined}
        className="mt-0.5 size-4 shrink-0 rounded border-line-strong accent-[var(--accent)]"
        {...rest}
      />
      <div className="min-w-0">
        <label htmlFor={id} className="text-sm text-fg">
          {label}
        </label>
        {hint && (
          <p id={`${id}-hint`} className="text-xs text-fg-subtle">
            {hint}
          </p>
        )}
      </div>
    </div>
  );
}
