// The event type page's client side: header (details, status, register, export), traffic, where it
// flows, drift, the schema (tree or JSON), versions with their diff and compatibility, violations
// and recent samples — or a not-found or failure state.
"use client";

import Link from "next/link";
import { SearchX } from "lucide-react";
import { DriftPanel } from "@/components/catalog/drift-panel";
import { EventTypeSkeleton } from "@/components/catalog/event-type-skeleton";
import { SamplesPanel } from "@/components/catalog/samples-panel";
import { SchemaPanel } from "@/components/catalog/schema-panel";
import { TypeHeader } from "@/components/catalog/type-header";
import { TypeLinks } from "@/components/catalog/type-links";
import { TypeTraffic } from "@/components/catalog/type-traffic";
import { useEventType } from "@/components/catalog/use-event-type";
import { VersionHistory } from "@/components/catalog/version-history";
import { ViolationsPanel } from "@/components/catalog/violations-panel";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { LoadError } from "@/components/ui/load-error";

export function EventTypeView({ name }: { name: string }) {
  const { detail, schemas, notFound } = useEventType(name);
  if (notFound) return <TypeNotFound name={name} />;
  if (detail.isError && !detail.data)
    return (
      <Card>
        <LoadError
          title="This event type could not be loaded"
          error={detail.error}
          onRetry={() => void detail.refetch()}
        />
      </Card>
    );
  const t = detail.data;
  if (!t) return <EventTypeSkeleton />;
  const versions = schemas.data?.versions ?? [];
  return (
    <div className="flex flex-col gap-4">
      <BackLink />
      <TypeHeader t={t} />
      <div className="grid gap-4 lg:grid-cols-3">
        <TypeTraffic stats={t.stats} />
        <TypeLinks produces={t.produces} consumes={t.consumes} />
      </div>
      {t.drift && <DriftPanel drift={t.drift} />}
      <SchemaPanel name={t.name} current={t.currentSchema} versions={versions} />
      {schemas.data ? (
        <VersionHistory list={schemas.data} />
      ) : schemas.isError ? (
        <Card>
          <LoadError
            title="The versions could not be loaded"
            error={schemas.error}
            onRetry={() => void schemas.refetch()}
          />
        </Card>
      ) : null}
      <ViolationsPanel violations={t.violations} registered={t.registeredVersion !== null} />
      <SamplesPanel samples={t.samples} />
    </div>
  );
}

function BackLink() {
  return (
    <Link href="/catalog" className="w-fit text-sm text-fg-muted hover:text-accent">
      ← All event types
    </Link>
  );
}

function TypeNotFound({ name }: { name: string }) {
  return (
    <div className="flex flex-col gap-4">
      <BackLink />
      <Card>
        <EmptyState icon={SearchX} title="No such event type">
          <p>
            Nothing in the catalog is called <code className="font-mono break-all text-fg">{name}</code>: no
            event of this type has been seen and no schema registered for it.{" "}
            <Link href="/catalog" className="font-medium text-accent underline-offset-2 hover:underline">
              Back to the catalog
            </Link>
          </p>
        </EmptyState>
      </Card>
    </div>
  );
}
