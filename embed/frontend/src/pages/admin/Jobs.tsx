import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from '../../i18n/index.ts';
import type { JobRun } from '../../api.ts';
import { Button } from '../../components/Button.tsx';
import { DataTable, type Column } from '../../components/DataTable.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { SelectField } from '../../components/FormField.tsx';
import { AlertIcon, BanIcon, CheckCircleIcon, GearIcon, RestoreIcon, Spinner } from '../../components/icons.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { Badge, type Tone } from '../../components/ProjectBadges.tsx';
import { QueryView } from '../../components/QueryView.tsx';
import { formatDateTime, formatShortDuration } from '../../lib/format.ts';
import { param, useListParams, type SortParam } from '../../lib/listParams.ts';
import { adminQueries } from '../../lib/queries.ts';
import { usePageMeta } from '../../pageMeta.ts';
import './texts.ts';

const OUTCOMES: Record<string, { tone: Tone; icon: ReactNode }> = {
  running: { tone: 'info', icon: <Spinner className="size-3.5" /> },
  success: { tone: 'success', icon: <CheckCircleIcon className="size-3.5" /> },
  failure: { tone: 'danger', icon: <AlertIcon className="size-3.5" /> },
  skipped: { tone: 'neutral', icon: <BanIcon className="size-3.5" /> },
};

export function OutcomeBadge({ outcome }: { outcome: string }) {
  const { t } = useTranslation();
  const spec = OUTCOMES[outcome] ?? OUTCOMES.skipped;
  return (
    <Badge tone={spec.tone} icon={spec.icon}>
      {t(`jobs.outcome.${outcome in OUTCOMES ? outcome : 'skipped'}`)}
    </Badge>
  );
}

function seconds(r: JobRun): number {
  return r.finished_at ? (new Date(r.finished_at).getTime() - new Date(r.started_at).getTime()) / 1000 : -1;
}

function duration(r: JobRun): string {
  return r.finished_at ? formatShortDuration(seconds(r)) : '—';
}

const FILTERS = { job: param.text('tache') };
const SORT: SortParam<'job' | 'started' | 'duration' | 'outcome'> = {
  name: 'tri',
  keys: ['job', 'started', 'duration', 'outcome'],
  fallback: { key: 'started', dir: 'desc' },
  natural: { started: 'desc' },
};
const NAMES = ['backup', 'cleanup', 'notification-emails', 'overdue-alerts'];

// /admin/taches: the latest runs of the scheduled jobs (backups, e-mails, alerts, clean-up),
// newest first; the table sorts them otherwise.
export default function Jobs() {
  const { t } = useTranslation();
  usePageMeta({ title: t('app.pageTitle', { page: t('jobs.title') }), indexable: false });
  const list = useListParams(FILTERS, SORT);
  const { job } = list.filters;
  const runs = useQuery(adminQueries.jobs(job));
  const seen = new Set([...NAMES, ...(runs.data?.items.map((r) => r.job) ?? [])]);

  const columns: Column<JobRun>[] = [
    { key: 'job', header: t('jobs.col.job'), rowHeader: true, className: 'font-semibold', sort: { value: (r) => r.job }, cell: (r) => <code>{r.job}</code> },
    { key: 'started', header: t('jobs.col.started'), className: 'whitespace-nowrap', sort: { value: (r) => r.started_at }, cell: (r) => formatDateTime(r.started_at) },
    { key: 'duration', header: t('jobs.col.duration'), className: 'whitespace-nowrap', sort: { value: seconds }, cell: duration },
    { key: 'outcome', header: t('jobs.col.outcome'), sort: { value: (r) => r.outcome }, cell: (r) => <OutcomeBadge outcome={r.outcome} /> },
    { key: 'details', header: t('jobs.col.details'), className: 'break-words', cell: (r) => r.details || '—' },
  ];

  return (
    <>
      <PageHeader
        help="jobs"
        title={t('jobs.title')}
        actions={
          <Button onClick={() => void runs.refetch()} icon={<RestoreIcon className="size-4" />}>
            {t('jobs.refresh')}
          </Button>
        }
      >
        {t('jobs.intro')}
      </PageHeader>
      <div className="mb-6 max-w-sm">
        <SelectField
          label={t('jobs.filter')}
          value={job}
          onChange={(e) => list.setFilters({ job: e.target.value })}
          options={[{ value: '', label: t('jobs.all') }, ...[...seen].sort().map((n) => ({ value: n, label: n }))]}
        />
      </div>
      <QueryView query={runs} retry={false}>
        {(data) => (
          <DataTable
            caption={t('jobs.title')}
            rows={data.items}
            rowKey={(r) => r.id}
            columns={columns}
            wideFrom="3xl"
            sort={list.sort}
            onSort={list.setSort}
            empty={
              <EmptyState icon={<GearIcon className="size-6" />} title={t('jobs.emptyTitle')}>
                {t('jobs.emptyText')}
              </EmptyState>
            }
          />
        )}
      </QueryView>
    </>
  );
}
