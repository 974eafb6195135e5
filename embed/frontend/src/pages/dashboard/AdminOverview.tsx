import { useQuery, type UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Link } from '../../components/Link.tsx';
import { NewProjectLink } from '../../components/NewProjectLink.tsx';
import { useTranslation } from '../../i18n/index.ts';
import { PROJECT_STATUSES, toApiError, type VersionInContext } from '../../api.ts';
import { Button } from '../../components/Button.tsx';
import { DonutChart } from '../../components/DonutChart.tsx';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { AlertIcon, BuildingIcon, ChevronRightIcon, FlagIcon, FolderIcon, HourglassIcon } from '../../components/icons.tsx';
import { ProjectProgress } from '../../components/ProgressBar.tsx';
import { ProjectStatusBadge } from '../../components/ProjectBadges.tsx';
import { Skeleton } from '../../components/Skeleton.tsx';
import { ADMIN_CLIENTS_PATH, ADMIN_RETOURS_PATH, PENDING_VALIDATIONS, PROJECTS_PATH, projectDeliverablesPath, projectPath } from '../../config.ts';
import { formatDay, formatDuration } from '../../lib/format.ts';
import { adminQueries } from '../../lib/queries.ts';
import { AllClear, StaffTodoSection } from './Todo.tsx';

const STATUS_COLOURS = {
  en_cours: { stroke: 'stroke-blue-700', swatch: 'bg-blue-700' },
  en_pause: { stroke: 'stroke-amber-600', swatch: 'bg-amber-600' },
  termine: { stroke: 'stroke-green-700', swatch: 'bg-green-700' },
};

// The admin's general dashboard (A1): active clients, projects by status, alerts and delays, and
// the deliverables waiting for a client's decision, longest first.
export default function AdminOverview() {
  const { t } = useTranslation();
  const overview = useQuery(adminQueries.overview());
  const pending = useQuery(adminQueries.pendingVersions(PENDING_VALIDATIONS));

  if (overview.isPending) return <Skeleton rows={5} />;
  if (overview.isError) {
    return (
      <div className="space-y-4">
        <ErrorNotice error={toApiError(overview.error)} />
        <Button onClick={() => void overview.refetch()}>{t('session.retry')}</Button>
      </div>
    );
  }
  const o = overview.data;
  const byStatus = (s: (typeof PROJECT_STATUSES)[number]) => o.projects_by_status?.[s] ?? 0;
  const totalProjects = PROJECT_STATUSES.reduce((n, s) => n + byStatus(s), 0);

  return (
    <div className="space-y-8">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 className="text-xl font-bold text-gray-900">{t('overview.title')}</h2>
        <NewProjectLink />
      </div>

      <ul className="grid grid-cols-2 gap-3 sm:gap-4 md:grid-cols-3 xl:grid-cols-6">
        <Figure to={ADMIN_CLIENTS_PATH} value={o.active_clients} label={t('overview.activeClients', { count: o.active_clients })} icon={<BuildingIcon />} />
        <Figure to={`${PROJECTS_PATH}?statut=en_cours`} value={byStatus('en_cours')} label={t('overview.inProgress', { count: byStatus('en_cours') })} icon={<FolderIcon />} />
        <Figure to={`${PROJECTS_PATH}?retard=1`} value={o.late_projects} label={t('overview.lateProjects', { count: o.late_projects })} icon={<AlertIcon />} alert={o.late_projects > 0} />
        <Figure
          to={`${PROJECTS_PATH}?etape-en-retard=1`}
          value={o.overdue_milestones}
          label={t('overview.overdueSteps', { count: o.overdue_milestones })}
          icon={<AlertIcon />}
          alert={o.overdue_milestones > 0}
        />
        <Figure value={o.projects_at_risk} label={t('overview.atRisk', { count: o.projects_at_risk })} icon={<AlertIcon />} alert={o.projects_at_risk > 0} />
        <Figure
          to={ADMIN_RETOURS_PATH}
          value={o.retours_open}
          label={`${t('retours.dashboardOpen')} — ${t('retours.dashboardNew', { count: o.retours_new })}, ${t('retours.dashboardResolved', { count: o.retours_resolved })}`}
          icon={<FlagIcon />}
          alert={o.retours_new > 0}
        />
      </ul>

      <StaffTodoSection />

      <div className="grid gap-6 xl:grid-cols-2">
        <Panel id="projets-par-statut" title={t('overview.byStatus')}>
          {totalProjects === 0 ? (
            <p className="text-gray-700">{t('overview.noProjects')}</p>
          ) : (
            <DonutChart
              title={t('overview.byStatus')}
              centerValue={String(totalProjects)}
              centerLabel={t('overview.projectsWord', { count: totalProjects })}
              headers={[t('overview.colStatus'), t('overview.colProjects'), t('overview.colShare')]}
              segments={PROJECT_STATUSES.map((s) => ({ key: s, label: t(`projects.status.${s}`), value: byStatus(s), ...STATUS_COLOURS[s] }))}
            />
          )}
        </Panel>
        <PendingValidations pending={pending} />
      </div>

      <div className="grid gap-6 xl:grid-cols-2">
        <Panel id="etapes-en-retard" title={t('overview.overdueList')} count={o.overdue_milestones}>
          <ItemList items={o.overdue_list} empty={t('overview.noOverdue')} keyOf={(m) => m.milestone_id}>
            {(m) => (
              <>
                <p className="font-semibold break-words text-gray-900">{m.title}</p>
                <ProjectOfClient id={m.project_id} name={m.project_name} client={m.client_name} />
                <Late text={m.due_date ? t('overview.wasDue', { date: formatDay(m.due_date) }) : t('milestones.overdue')} />
              </>
            )}
          </ItemList>
        </Panel>
        <Panel id="projets-en-retard" title={t('overview.lateList')} count={o.late_projects}>
          <ItemList items={o.late_list} empty={t('overview.noLate')} keyOf={(p) => p.id}>
            {(p) => (
              <>
                <div className="flex flex-wrap items-start justify-between gap-2">
                  <ProjectOfClient id={p.id} name={p.name} client={p.client_name} title />
                  <ProjectStatusBadge status={p.status} />
                </div>
                <Late text={t('overview.deadlinePassed', { date: formatDay(p.deadline) })} />
                <div className="mt-2 max-w-sm">
                  <ProjectProgress progress={p.progress} name={p.name} size="sm" />
                </div>
              </>
            )}
          </ItemList>
        </Panel>
      </div>
    </div>
  );
}

function Figure({ to, value, label, icon, alert = false }: { to?: string; value: number; label: string; icon: ReactNode; alert?: boolean }) {
  const body = (
    <>
      <span className="flex items-center justify-between gap-2">
        <span className={`flex size-10 shrink-0 items-center justify-center rounded-xl ${alert ? 'bg-danger-50 text-danger-700' : 'bg-brand-50 text-brand-700'}`}>{icon}</span>
        {to && <ChevronRightIcon className="size-5 shrink-0 text-gray-500" />}
      </span>
      <span className={`mt-3 block text-3xl font-bold tabular-nums ${alert ? 'text-danger-800' : 'text-gray-900'}`}>{value}</span>{' '}
      <span className="block text-sm font-medium text-gray-700">{label}</span>
    </>
  );
  const box = 'flex h-full flex-col rounded-2xl bg-white p-4 shadow-sm ring-1 ring-gray-200 sm:p-5';
  return (
    <li>
      {to ? (
        <Link to={to} className={`${box} transition hover:ring-brand-300`}>
          {body}
        </Link>
      ) : (
        <div className={box}>{body}</div>
      )}
    </li>
  );
}

function Panel({ id, title, count, children }: { id: string; title: string; count?: number; children: ReactNode }) {
  return (
    <section aria-labelledby={`${id}-titre`} className="rounded-2xl bg-white p-5 shadow-sm ring-1 ring-gray-200 sm:p-6">
      <h3 id={`${id}-titre`} className="mb-4 flex items-center gap-2 text-lg font-bold text-gray-900">
        {title}
        {count !== undefined && count > 0 && <span className="rounded-full bg-gray-100 px-2 py-0.5 text-sm font-semibold text-gray-800 tabular-nums">{count}</span>}
      </h3>
      {children}
    </section>
  );
}

// « project · client », the project's name a link to its page (`title`: the entry's title).
function ProjectOfClient({ id, name, client, title = false }: { id: number; name: string; client: string; title?: boolean }) {
  return (
    <p className="min-w-0 text-sm text-gray-700">
      <Link to={projectPath(id)} className={`text-brand-700 underline underline-offset-2 hover:text-brand-800 ${title ? 'text-base font-semibold' : 'font-medium'}`}>
        {name}
      </Link>{' '}
      · {client}
    </p>
  );
}

// What is late, and since when.
function Late({ text }: { text: string }) {
  return (
    <p className="mt-1 flex items-center gap-1.5 text-sm font-medium text-danger-800">
      <AlertIcon className="size-4 shrink-0" />
      {text}
    </p>
  );
}

// A panel's list: one entry per item, or « nothing » with its tick when there is none.
function ItemList<T>({ items, empty, keyOf, children }: { items: T[]; empty: string; keyOf: (item: T) => number; children: (item: T) => ReactNode }) {
  if (items.length === 0) return <AllClear text={empty} boxed={false} />;
  return (
    <ul className="divide-y divide-gray-200">
      {items.map((item) => (
        <li key={keyOf(item)} className="py-3 first:pt-0 last:pb-0">
          {children(item)}
        </li>
      ))}
    </ul>
  );
}

function PendingValidations({ pending }: { pending: UseQueryResult<{ items: VersionInContext[] }> }) {
  const { t } = useTranslation();
  const items = pending.data?.items ?? [];
  return (
    <Panel id="validations-en-attente" title={t('overview.pending')}>
      {pending.isPending ? (
        <Skeleton rows={2} />
      ) : pending.isError ? (
        <ErrorNotice error={toApiError(pending.error)} />
      ) : (
        <ItemList items={items} empty={t('overview.noPending')} keyOf={(v) => v.id}>
          {(v) => (
            <>
              <p>
                <Link to={projectDeliverablesPath(v.project_id)} className="font-semibold break-words text-brand-700 underline underline-offset-2 hover:text-brand-800">
                  {t('dashboard.deliverableVersion', { title: v.deliverable_title, number: v.number })}
                </Link>
              </p>
              <p className="text-sm break-words text-gray-700">
                {v.project_name} · {v.client_name}
              </p>
              <p className="mt-1 flex items-center gap-1.5 text-sm font-medium text-amber-900">
                <HourglassIcon className="size-4 shrink-0" />
                {t('overview.waitingFor', { duration: formatDuration(v.waiting_seconds) })}
              </p>
            </>
          )}
        </ItemList>
      )}
    </Panel>
  );
}
