import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { useTranslation } from '../../i18n/index.ts';
import { toApiError, type ClientRank, type MonthCount } from '../../api.ts';
import { BarChart, monthsBetween, type BarSeries } from '../../components/BarChart.tsx';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { FormField, SelectField } from '../../components/FormField.tsx';
import { PageHeader, Section } from '../../components/PageHeader.tsx';
import { Skeleton } from '../../components/Skeleton.tsx';
import { clientPath } from '../../config.ts';
import { formatDateTime, formatDay, formatNumber, formatPercent, formatShortDuration } from '../../lib/format.ts';
import { param, useListParams } from '../../lib/listParams.ts';
import { adminQueries } from '../../lib/queries.ts';
import { usePageMeta } from '../../pageMeta.ts';
import './texts.ts';

// The period and the client are in the address, like a list's filters.
const FILTERS = { from: param.day('du'), to: param.day('au'), client: param.id('client') };

// Series colours: distinct hues, each at least 3:1 against white.
const COLORS = { blue: '#1d4ed8', amber: '#b45309', green: '#15803d', red: '#8b1a1a', grey: '#4b5563' };

function lookup(rows: MonthCount[] | null) {
  const m = new Map<string, number>();
  for (const r of rows ?? []) m.set(`${r.month}|${r.series}`, r.count);
  return (month: string, series: string) => m.get(`${month}|${series}`) ?? 0;
}

// /admin/statistiques (A7): projects, steps and deliverables per month as bar charts (with their
// tables), the figures of decisions and of the team's response time, and rankings of clients.
export default function Statistics() {
  const { t } = useTranslation();
  usePageMeta({ title: t('app.pageTitle', { page: t('stats.title') }), indexable: false });
  const { filters, setFilters } = useListParams(FILTERS);
  const { from, to, client } = filters;
  const clients = useQuery(adminQueries.allClients());
  const stats = useQuery(adminQueries.statistics({ from, to, client_id: client || '' }));
  const s = stats.data;
  const months = s ? monthsBetween(s.from, s.to) : [];

  const projectSeries: BarSeries[] = [
    { key: 'en_cours', label: t('projects.status.en_cours'), color: COLORS.blue },
    { key: 'en_pause', label: t('projects.status.en_pause'), color: COLORS.amber },
    { key: 'termine', label: t('projects.status.termine'), color: COLORS.green },
  ];
  const stepSeries: BarSeries[] = [
    { key: 'on_time', label: t('stats.onTime'), color: COLORS.green },
    { key: 'late', label: t('stats.late'), color: COLORS.red },
  ];
  const deliverableSeries: BarSeries[] = [
    { key: 'uploaded', label: t('stats.uploaded'), color: COLORS.blue },
    { key: 'validated', label: t('stats.validated'), color: COLORS.green },
  ];
  const retourSeries: BarSeries[] = [
    { key: 'opened', label: t('stats.retoursOpened'), color: COLORS.amber },
    { key: 'closed', label: t('stats.retoursClosed'), color: COLORS.green },
  ];
  const r = s?.retours;
  const spread = (x: { count: number; median_seconds: number; p90_seconds: number } | undefined) =>
    x && x.count ? t('stats.spread', { median: formatShortDuration(x.median_seconds), p90: formatShortDuration(x.p90_seconds) }) : '—';

  return (
    <>
      <PageHeader help="statistics" title={t('stats.title')}>
        {t('stats.intro')}
      </PageHeader>
      <form onSubmit={(e) => e.preventDefault()} aria-label={t('stats.filters')} className="mb-6 grid gap-4 rounded-2xl bg-white p-5 shadow-sm ring-1 ring-gray-200 sm:grid-cols-3">
        <FormField label={t('filters.from')} type="date" value={from} onChange={(e) => setFilters({ from: e.target.value })} />
        <FormField label={t('filters.to')} type="date" value={to} onChange={(e) => setFilters({ to: e.target.value })} />
        <SelectField
          label={t('filters.client')}
          value={client ? String(client) : ''}
          onChange={(e) => setFilters({ client: Number(e.target.value) || 0 })}
          options={[{ value: '', label: t('filters.allClients') }, ...(clients.data ?? []).map((c) => ({ value: String(c.id), label: c.name }))]}
        />
      </form>

      {stats.isError && !s ? (
        <ErrorNotice error={toApiError(stats.error)} />
      ) : !s ? (
        <Skeleton rows={6} />
      ) : (
        <div className="space-y-6" aria-busy={stats.isFetching || undefined}>
          <p className="text-sm text-gray-700">
            {t('stats.period', { from: formatDay(s.from), to: formatDay(s.to) })}
            {' · '}
            <span data-testid="stats-computed-at">{t('stats.computedAt', { at: formatDateTime(s.computed_at) })}</span>
          </p>
          <div className="grid gap-4 sm:grid-cols-2 xl:grid-cols-4">
            <Figure label={t('stats.decisions')} value={formatNumber(s.decisions.total)} />
            <Figure
              label={t('stats.changeShare')}
              value={formatPercent(s.decisions.change_request_share * 100)}
              note={t('stats.changeCount', { count: s.decisions.change_requests, n: formatNumber(s.decisions.change_requests) })}
            />
            <Figure label={t('stats.avgDecision')} value={s.decisions.total ? formatShortDuration(s.decisions.avg_decision_seconds) : '—'} />
            <Figure
              label={t('stats.avgResponse')}
              value={s.team_response.answered ? formatShortDuration(s.team_response.avg_response_seconds) : '—'}
              note={t('stats.answered', { answered: formatNumber(s.team_response.answered), total: formatNumber(s.team_response.client_messages) })}
            />
          </div>
          <div className="grid gap-6 xl:grid-cols-2">
            <Card>
              <BarChart title={t('stats.projectsByMonth')} months={months} series={projectSeries} value={lookup(s.projects_by_month)} />
            </Card>
            <Card>
              <BarChart title={t('stats.stepsByMonth')} months={months} series={stepSeries} value={lookup(s.milestones_by_month)} />
            </Card>
            <Card>
              <BarChart title={t('stats.deliverablesByMonth')} months={months} series={deliverableSeries} value={lookup(s.deliverables_by_month)} />
            </Card>
            <Card>
              <BarChart title={t('stats.retoursByMonth')} months={months} series={retourSeries} value={lookup(r?.by_month ?? null)} />
            </Card>
          </div>
          {r && (
            <Section title={t('stats.retours')}>
              <div className="grid gap-4 sm:grid-cols-2 xl:grid-cols-4">
                <Figure label={t('stats.retoursAck')} value={spread(r.acknowledge)} note={t('stats.spreadNote', { count: r.acknowledge.count })} />
                <Figure label={t('stats.retoursResolve')} value={spread(r.resolve)} note={t('stats.spreadNote', { count: r.resolve.count })} />
                <Figure
                  label={t('stats.reopenShare')}
                  value={r.resolved ? formatPercent(r.reopen_share * 100) : '—'}
                  note={t('stats.reopenNote', { reopened: formatNumber(r.reopened), resolved: formatNumber(r.resolved) })}
                />
                <Figure label={t('stats.retoursOpenedTotal')} value={formatNumber(r.opened)} />
              </div>
              <table className="mt-6 w-full text-left text-sm">
                <caption className="mb-2 text-left font-semibold text-gray-900">{t('stats.openByAge')}</caption>
                <thead>
                  <tr className="border-b border-gray-300">
                    <th scope="col" className="py-2 pr-3">
                      {t('retours.fields.priority')}
                    </th>
                    {(['lt7', 'lt30', 'gte30'] as const).map((a) => (
                      <th key={a} scope="col" className="py-2 pr-3 text-right">
                        {t(`stats.age.${a}`)}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {(['bloquant', 'majeur', 'mineur'] as const).map((p) => (
                    <tr key={p} className="border-b border-gray-200">
                      <th scope="row" className="py-2 pr-3 font-semibold">
                        {t(`retours.priority.${p}`)}
                      </th>
                      {(['lt7', 'lt30', 'gte30'] as const).map((a) => (
                        <td key={a} className="py-2 pr-3 text-right tabular-nums">
                          {formatNumber((r.open_by_age ?? []).find((x) => x.priority === p && x.age === a)?.count ?? 0)}
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </Section>
          )}
          <div className="grid gap-6 lg:grid-cols-2">
            <Ranking title={t('stats.mostActive')} unit="stats.activity" rows={s.most_active_clients} />
            <Ranking title={t('stats.mostOverdue')} unit="stats.overdueSteps" rows={s.most_overdue_clients} />
          </div>
        </div>
      )}
    </>
  );
}

function Card({ children }: { children: ReactNode }) {
  return <div className="min-w-0 rounded-2xl bg-white p-5 shadow-sm ring-1 ring-gray-200">{children}</div>;
}

function Figure({ label, value, note }: { label: string; value: string; note?: string }) {
  return (
    <div className="rounded-2xl bg-white p-5 shadow-sm ring-1 ring-gray-200">
      <p className="text-sm font-semibold text-gray-700">{label}</p>
      <p className="mt-1 text-3xl font-bold text-gray-900" data-testid="figure">
        {value}
      </p>
      {note && <p className="mt-1 text-sm text-gray-700">{note}</p>}
    </div>
  );
}

function Ranking({ title, unit, rows }: { title: string; unit: string; rows: ClientRank[] | null }) {
  const { t } = useTranslation();
  const list = rows ?? [];
  return (
    <Section title={title}>
      {list.length === 0 ? (
        <p className="text-gray-700">{t('stats.noRanking')}</p>
      ) : (
        <ol className="space-y-1">
          {list.map((r, i) => (
            <li key={r.client_id} className="flex items-center gap-3">
              <span className="w-6 shrink-0 text-right font-bold text-gray-700">{i + 1}.</span>
              <Link to={clientPath(r.client_id)} className="inline-flex min-h-11 min-w-0 flex-1 items-center font-semibold break-words text-brand-700 underline-offset-4 hover:underline">
                {r.name}
              </Link>
              <span className="shrink-0 text-gray-900">{t(unit, { count: r.count, n: formatNumber(r.count) })}</span>
            </li>
          ))}
        </ol>
      )}
    </Section>
  );
}
