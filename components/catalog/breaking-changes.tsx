// A list of breaking changes (or drift), each in words with field names set as code.
import { CodeWords } from "@/components/catalog/code-words";

export function ChangeList({ changes, label }: { changes: { message: string }[]; label: string }) {
  return (
    <ul
      aria-label={label}
      className="flex list-disc flex-col gap-0.5 pl-5 text-sm text-fg marker:text-danger"
    >
      {changes.map((c, i) => (
        <li key={`${i}-${c.message}`}>
          <CodeWords text={c.message} />
        </li>
      ))}
    </ul>
  );
}
