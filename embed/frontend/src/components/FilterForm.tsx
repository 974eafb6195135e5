import type { ReactNode } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from '../i18n/index.ts';
import { buttonClass } from './Button.tsx';
import { FormField, SelectField } from './FormField.tsx';
import { DownloadIcon } from './icons.tsx';
import { adminQueries, projectQueries } from '../lib/queries.ts';

// The filter panel above an admin list: a search landmark that never submits, since every field
// filters as it changes (the values live in the URL).
export function FilterForm({ label, className, children }: { label: string; className: string; children: ReactNode }) {
  return (
    <form role="search" aria-label={label} onSubmit={(e) => e.preventDefault()} className={`mb-6 grid gap-4 rounded-2xl bg-white p-5 shadow-sm ring-1 ring-gray-200 ${className}`}>
      {children}
    </form>
  );
}

/** A select over records by id; 0 is « all » (the URL leaves the parameter out). */
export function IdSelectField({ label, allLabel, value, onChange, items }: { label: string; allLabel: string; value: number; onChange: (id: number) => void; items: { id: number; label: string }[] }) {
  return (
    <SelectField
      label={label}
      value={value ? String(value) : ''}
      onChange={(e) => onChange(Number(e.target.value) || 0)}
      options={[{ value: '', label: allLabel }, ...items.map((i) => ({ value: String(i.id), label: i.label }))]}
    />
  );
}

/** The client filter of a staff list, over every client. */
export function ClientFilterField({ value, onChange }: { value: number; onChange: (client: number) => void }) {
  const { t } = useTranslation();
  const clients = useQuery(adminQueries.allClients()).data ?? [];
  return <IdSelectField label={t('filters.client')} allLabel={t('filters.allClients')} value={value} onChange={onChange} items={clients.map((c) => ({ id: c.id, label: c.name }))} />;
}

/** Client, then project: the projects offered are the chosen client's, and choosing another client forgets the project. */
export function ClientProjectFields({ client, project, onChange }: { client: number; project: number; onChange: (filters: { client?: number; project: number }) => void }) {
  const { t } = useTranslation();
  const projects = useQuery(projectQueries.list({ client_id: client || undefined, per_page: 100, sort: 'name' })).data?.items ?? [];
  return (
    <>
      <ClientFilterField value={client} onChange={(c) => onChange({ client: c, project: 0 })} />
      <IdSelectField
        label={t('filters.project')}
        allLabel={t('filters.allProjects')}
        value={project}
        onChange={(p) => onChange({ project: p })}
        items={projects.map((p) => ({ id: p.id, label: p.name }))}
      />
    </>
  );
}

/** « Du » and « Au » dates of a filter. */
export function DateRangeFields({ from, to, onChange }: { from: string; to: string; onChange: (range: { from: string } | { to: string }) => void }) {
  const { t } = useTranslation();
  return (
    <>
      <FormField label={t('filters.from')} type="date" value={from} onChange={(e) => onChange({ from: e.target.value })} />
      <FormField label={t('filters.to')} type="date" value={to} onChange={(e) => onChange({ to: e.target.value })} />
    </>
  );
}

/** The CSV export of what the filters select, as a download link styled as a button. */
export function CsvExportLink({ href, children }: { href: string; children: ReactNode }) {
  return (
    <a href={href} download className={buttonClass('secondary')}>
      <DownloadIcon className="size-4" />
      {children}
    </a>
  );
}
