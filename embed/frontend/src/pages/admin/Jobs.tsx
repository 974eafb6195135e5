import { useState, type ReactNode } from 'react';
import { useTranslation } from '../../i18n/index.ts';
import { adminReportsApi, type JobRun } from '../../api.ts';
import { Button } from '../../components/Button.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { SelectField } from '../../components/FormField.tsx';
import { AlertIcon, BanIcon, CheckCircleIcon, GearIcon, RestoreIcon, Spinner } from '../../components/icons.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { Badge, type Tone } from '../../components/ProjectBadges.tsx';
import { Skeleton } from '../../components/Skeleton.tsx';
import { formatDateTime, formatShortDuration } from '../../lib/format.ts';
import { useApi } from '../../lib/hooks.ts';
import { usePageMeta } from '../../pageMeta.ts';

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

function duration(r: JobRun): string {
  if (!r.finished_at) return '—';
  return formatShortDuration((new Date(r.finished_at).getTime() - new Date(r.started_at).getTime()) / 1000);
}

// /admin/taches: the latest runs of the scheduled jobs (backups, e-mails, alerts, clean-up).
export default function Jobs() {
  const { t } = useTranslation();
  usePageMeta({ title: t('app.pageTitle', { page: t('jobs.title') }), indexable: false });
  const [job, setJob] = useState('');
  const runs = useApi(() => adminReportsApi.jobs({ job, limit: 100 }), job);
  const names = ['backup', 'cleanup', 'notification-emails', 'overdue-alerts'];
  const seen = new Set([...names, ...(runs.data?.items.map((r) => r.job) ?? [])]);

  return (
    <>
      <PageHeader help="jobs"
        title={t('jobs.title')}
        actions={
          <Button onClick={runs.reload} icon={<RestoreIcon className="size-4" />}>
            {t('jobs.refresh')}
          </Button>
        }
      >
        {t('jobs.intro')}
      </PageHeader>
      <div className="mb-6 max-w-sm">
        <SelectField label={t('jobs.filter')} value={job} onChange={(e) => setJob(e.target.value)} options={[{ value: '', label: t('jobs.all') }, ...[...seen].sort().map((n) => ({ value: n, label: n }))]} />
      </div>
      {runs.error ? (
        <ErrorNotice error={runs.error} />
      ) : !runs.data ? (
        <Skeleton rows={5} />
      ) : runs.data.items.length === 0 ? (
        <EmptyState icon={<GearIcon className="size-6" />} title={t('jobs.emptyTitle')}>
          {t('jobs.emptyText')}
        </EmptyState>
      ) : (
        <>
          <div className="hidden rounded-2xl bg-white shadow-sm ring-1 ring-gray-200 lg:block">
            <table className="w-full text-left text-sm">
              <caption className="sr-only">{t('jobs.title')}</caption>
              <thead className="border-b border-gray-200 text-gray-700">
                <tr>
                  {(['job', 'started', 'duration', 'outcome', 'details'] as const).map((c) => (
                    <th key={c} scope="col" className="px-4 py-3 font-semibold">
                      {t(`jobs.col.${c}`)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody className="divide-y divide-gray-200">
                {runs.data.items.map((r) => (
                  <tr key={r.id} className="align-top">
                    <th scope="row" className="px-4 py-3 font-semibold">
                      <code>{r.job}</code>
                    </th>
                    <td className="px-4 py-3 whitespace-nowrap">{formatDateTime(r.started_at)}</td>
                    <td className="px-4 py-3 whitespace-nowrap">{duration(r)}</td>
                    <td className="px-4 py-3">
                      <OutcomeBadge outcome={r.outcome} />
                    </td>
                    <td className="px-4 py-3 break-words">{r.details || '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <ul className="space-y-3 lg:hidden" aria-label={t('jobs.title')}>
            {runs.data.items.map((r) => (
              <li key={r.id} className="rounded-2xl bg-white p-4 text-sm shadow-sm ring-1 ring-gray-200">
                <div className="flex flex-wrap items-center justify-between gap-2">
                  <code className="font-semibold">{r.job}</code>
                  <OutcomeBadge outcome={r.outcome} />
                </div>
                <p className="mt-1 text-gray-700">
                  {formatDateTime(r.started_at)} · {duration(r)}
                </p>
                {r.details && <p className="mt-1 break-words text-gray-900">{r.details}</p>}
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}
