import { queryOptions, useQuery, type QueryClient, type UseQueryResult } from '@tanstack/react-query';
import { memo, useDeferredValue } from 'react';
import { Link } from '../../components/Link.tsx';
import { useTranslation } from '../../i18n/index.ts';
import { downloadUrl, retoursApi, toApiError, type VersionInContext } from '../../api.ts';
import { Button, ButtonLink, buttonClass } from '../../components/Button.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { ChevronRightIcon, DownloadIcon, FileIcon, FolderIcon } from '../../components/icons.tsx';
import { VersionStatusBadge } from '../../components/ProjectBadges.tsx';
import { CardsSkeleton, Skeleton } from '../../components/Skeleton.tsx';
import { DASHBOARD_PROJECTS, LATEST_DELIVERABLES, PROJECTS_PATH, projectDeliverablesPath } from '../../config.ts';
import { formatDateTime, formatSize } from '../../lib/format.ts';
import { projectQueries, todoQueries } from '../../lib/queries.ts';
import { ProjectCard } from '../projects/ProjectCard.tsx';
import { ClientTodoSection } from './Todo.tsx';

// What the client's dashboard loads (prefetchClientHome requests the same).
const clientHomeQueries = {
  projects: () => projectQueries.list({ sort: 'deadline', per_page: DASHBOARD_PROJECTS }),
  latest: () => projectQueries.latestVersions(LATEST_DELIVERABLES),
  // The company's retours not closed, and those resolved awaiting its confirmation.
  retours: () => queryOptions({ queryKey: ['retours', 'summary'] as const, queryFn: retoursApi.summary }),
  todo: () => todoQueries.client(),
};

/** Requests the client dashboard's data into `client` ahead of the page (App.tsx's preloadRoute). */
export function prefetchClientHome(client: QueryClient): void {
  for (const options of [clientHomeQueries.projects(), clientHomeQueries.latest(), clientHomeQueries.retours(), clientHomeQueries.todo()]) {
    // An error shows when the page asks for the same data (no retry: see createQueryClient).
    void client.prefetchQuery(options as Parameters<QueryClient['prefetchQuery']>[0]);
  }
}

// The client's dashboard (C2): what waits for it (« À traiter »), its company's projects with
// their progress, and the latest deliverables to download.
export default function ClientHome() {
  const { t } = useTranslation();
  const projects = useQuery(clientHomeQueries.projects());
  const latest = useQuery(clientHomeQueries.latest());
  const retours = useQuery(clientHomeQueries.retours());
  // The same query as the « À traiter » section's (one request): waited for here so that the page
  // appears at once. Drawn as each answer arrived, the lists above the projects grew and pushed
  // them down the screen while the reader was looking at them (a layout shift of 0.17 on a phone).
  const todo = useQuery(clientHomeQueries.todo());
  const total = projects.data?.total ?? 0;
  const projectsLoading = projects.isPending;

  // The answers come as updates of the query cache, which React renders in one go: deferred, the
  // page's lists and cards are built as a transition, in short slices that leave the phone's main
  // thread free in between (its Total Blocking Time), and shown at once when done.
  const ready = useDeferredValue(!projectsLoading && !todo.isPending && !retours.isPending);
  if (!ready) return <DashboardSkeleton />;

  return (
    <div className="space-y-10">
      <ClientTodoSection />
      <section aria-labelledby="vos-projets">
        {/* As tall as the link it gets once the projects are in (min-h-11): the heading stays put. */}
        <div className="mb-4 flex min-h-11 flex-wrap items-end justify-between gap-3">
          <h2 id="vos-projets" className="text-xl font-bold text-gray-900">
            {t('dashboard.projects')}
          </h2>
          {total > 0 && (
            <ButtonLink to={PROJECTS_PATH} variant="ghost">
              {total > (projects.data?.items.length ?? 0) ? t('dashboard.allProjectsCount', { count: total }) : t('dashboard.allProjects')}
              <ChevronRightIcon className="size-4" />
            </ButtonLink>
          )}
        </div>
        {retours.data && retours.data.open > 0 && (
          <p className="mb-4 flex flex-wrap items-center gap-2 rounded-xl bg-white p-4 text-gray-900 ring-1 ring-gray-200">
            <span className="font-bold">{t('retours.countOpen', { count: retours.data.open })}</span>
            {retours.data.resolved > 0 && <span className="font-semibold text-amber-900">· {t('retours.dashboardClientResolved', { count: retours.data.resolved })}</span>}
            <span className="text-gray-700">— {t('retours.dashboardClientHint')}</span>
          </p>
        )}
        {projects.isError ? (
          <div className="space-y-4">
            <ErrorNotice error={toApiError(projects.error)} />
            <Button onClick={() => void projects.refetch()}>{t('session.retry')}</Button>
          </div>
        ) : total === 0 ? (
          <EmptyState icon={<FolderIcon />} title={t('dashboard.noProjects')}>
            {t('dashboard.noProjectsText')}
          </EmptyState>
        ) : (
          <ul className="grid gap-4 md:grid-cols-2 2xl:grid-cols-3">
            {projects.data!.items.map((p) => (
              <li key={p.id}>
                <ProjectCard project={p} showClient={false} />
              </li>
            ))}
          </ul>
        )}
      </section>

      <LatestDeliverables latest={latest} />
    </div>
  );
}

/** The dashboard while its first answers are on their way: the shapes of « À traiter » and the cards. */
function DashboardSkeleton() {
  return (
    <div className="space-y-10">
      <Skeleton rows={2} />
      {/* One announcement of the loading is enough: the first skeleton's. */}
      <div aria-hidden="true">
        <CardsSkeleton count={2} />
      </div>
    </div>
  );
}

const LatestDeliverables = memo(function LatestDeliverables({ latest }: { latest: UseQueryResult<{ items: VersionInContext[] }> }) {
  const { t } = useTranslation();
  const items = latest.data?.items ?? [];
  return (
    <section aria-labelledby="derniers-livrables">
      <h2 id="derniers-livrables" className="mb-4 text-xl font-bold text-gray-900">
        {t('dashboard.latestDeliverables')}
      </h2>
      {latest.isPending ? (
        <Skeleton rows={2} />
      ) : latest.isError ? (
        <div className="space-y-4">
          <ErrorNotice error={toApiError(latest.error)} />
          <Button onClick={() => void latest.refetch()}>{t('session.retry')}</Button>
        </div>
      ) : items.length === 0 ? (
        <EmptyState icon={<FileIcon />} title={t('dashboard.noDeliverables')}>
          {t('dashboard.noDeliverablesText')}
        </EmptyState>
      ) : (
        <ul className="divide-y divide-gray-200 rounded-2xl bg-white shadow-sm ring-1 ring-gray-200">
          {items.map((v) => (
            <li key={v.id} className="flex flex-col gap-3 p-4 sm:flex-row sm:items-center sm:justify-between sm:p-5">
              <div className="min-w-0">
                <p className="flex flex-wrap items-center gap-x-3 gap-y-1">
                  <Link to={projectDeliverablesPath(v.project_id)} className="inline-flex min-h-11 items-center font-semibold break-words text-brand-700 underline-offset-4 hover:underline">
                    {t('dashboard.deliverableVersion', { title: v.deliverable_title, number: v.number })}
                  </Link>
                  <VersionStatusBadge status={v.status} />
                </p>
                <p className="mt-1 text-sm break-words text-gray-700">
                  {v.project_name} · {formatDateTime(v.uploaded_at)}
                </p>
                <p className="text-sm break-all text-gray-700">
                  {v.file_name} · {formatSize(v.size)}
                </p>
              </div>
              <a href={downloadUrl(v.id)} download={v.file_name} className={buttonClass('secondary', 'shrink-0 self-start sm:self-center')}>
                <DownloadIcon className="size-4" />
                {t('deliverables.download')} <span className="sr-only">{t('deliverables.versionOf', { title: v.deliverable_title, number: v.number })}</span>
              </a>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
});
