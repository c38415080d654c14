// Panel primitive: a bordered surface with an optional header (title, hint and actions).
import type { ReactNode } from "react";
import clsx from "clsx";

type CardProps = {
  className?: string;
  children: ReactNode;
  "aria-labelledby"?: string;
  as?: "section" | "div";
};

export function Card({ className, children, as: Tag = "div", ...rest }: CardProps) {
  return (
    <Tag
      className={clsx("rounded-lg border border-line bg-surface shadow-[0_1px_0_rgb(0_0_0/0.02)]", className)}
      {...rest}
    >
      {children}
    </Tag>
  );
}

type HeaderProps = { title: string; id?: string; hint?: ReactNode; actions?: ReactNode };

export function CardHeader({ title, id, hint, actions }: HeaderProps) {
  return (
    <div className="flex h-11 items-center gap-3 border-b border-line px-4">
      <h2 id={id} className="text-sm font-semibold whitespace-nowrap text-fg">
        {title}
      </h2>
      {hint && <span className="truncate text-xs text-fg-subtle">{hint}</span>}
      {actions && <div className="ml-auto flex items-center gap-2">{actions}</div>}
    </div>
  );
}
