// Description, owner and tags edited in place (catalog:edit): Save sends only what changed; tags
// are comma-separated, trimmed and deduplicated here as on the server.
"use client";

import { useState, type FormEvent } from "react";
import { useMutation } from "@tanstack/react-query";
import { editEventType } from "@/components/catalog/catalog-api";
import { useRefreshCatalog } from "@/components/catalog/use-event-type";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { FormError } from "@/components/ui/form-error";
import { toast } from "@/components/ui/toaster";
import type { EventTypeEdit } from "@/lib/catalog/api-types";
import { detailsEdit, type Details } from "@/components/catalog/details-edit";

type Props = { name: string; details: Details; onDone: () => void };

export function EditDetailsForm({ name, details, onDone }: Props) {
  const refresh = useRefreshCatalog();
  const [description, setDescription] = useState(details.description ?? "");
  const [owner, setOwner] = useState(details.owner ?? "");
  const [tags, setTags] = useState(details.tags.join(", "));
  const save = useMutation({
    mutationFn: (edit: EventTypeEdit) => editEventType(name, edit),
    onSuccess: async () => {
      toast.success(`Saved the details of ${name}`);
      await refresh();
      onDone();
    },
  });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const edit = detailsEdit(details, description, owner, tags);
    if (Object.keys(edit).length === 0) onDone();
    else save.mutate(edit);
  };
  return (
    <form onSubmit={onSubmit} aria-label={`Details of ${name}`} className="flex flex-col gap-3">
      <label className="flex flex-col gap-1.5 text-sm font-medium text-fg">
        Description
        <textarea
          value={description}
          onChange={(e) => setDescription(e.target.value)}
          rows={3}
          maxLength={10_000}
          placeholder="What this event means, when it is sent"
          className="w-full resize-y rounded-md border border-line-strong bg-surface px-3 py-2 text-sm font-normal text-fg placeholder:text-fg-subtle focus:border-accent focus:outline-none focus:ring-2 focus:ring-accent/30"
        />
      </label>
      <div className="grid gap-3 sm:grid-cols-2">
        <TextField
          label="Owner"
          value={owner}
          onChange={(e) => setOwner(e.target.value)}
          maxLength={200}
          placeholder="e.g. team-payments"
        />
        <TextField
          label="Tags"
          value={tags}
          onChange={(e) => setTags(e.target.value)}
          maxLength={1000}
          placeholder="e.g. orders, pii"
          hint="Separated by commas."
        />
      </div>
      <FormError message={save.error?.message ?? null} />
      <div className="flex gap-2">
        <Button type="submit" variant="primary" size="sm" busy={save.isPending}>
          Save
        </Button>
        <Button size="sm" onClick={onDone} disabled={save.isPending}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
