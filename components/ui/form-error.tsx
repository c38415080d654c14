// A form's failure, in the server's words, announced to screen readers; nothing when there is none.
import clsx from "clsx";

export function FormError({ message, className }: { message: string | null; className?: string }) {
  if (!message) return null;
  return (
    <p role="alert" className={clsx("rounded-md bg-danger/10 px-3 py-2 text-sm text-danger", className)}>
      {message}
    </p>
  );
}
