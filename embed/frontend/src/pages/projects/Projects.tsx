import { useQuery } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { Link } from '../../components/Link.tsx';
import { NewProjectLink } from '../../components/NewProjectLink.tsx';
import { useTranslation } from '../../i18n/index.ts';
import { PROJECT_STATUSES, type Project, type ProjectSort } from '../../api.ts';
import { useUser } from '../../auth/AuthContext.tsx';
import { Button } from '../../components/Button.tsx';
import { DataTable, type Column } from '../../components/DataTable.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { SelectField } from '../../components/FormField.tsx';
import { AlertIcon, CheckIcon, FilterIcon, FolderIcon, SearchIcon } from '../../components/icons.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { listTotal, Pagination } from '../../components/Pagination.tsx';
import { ProjectProgress } from '../../components/ProgressBar.tsx';
import { OverdueFlag, ProjectStatusBadge, ScheduleBadge, UnreadBadge } from '../../components/ProjectBadges.tsx';
import { QueryView } from '../../components/QueryView.tsx';
import { SearchField } from '../../components/SearchField.tsx';
import { PAGE_SIZE, projectPath } from '../../config.ts';
import { formatDay } from '../../lib/format.ts';
import { param, useListParams, useSearchFilter, type SortParam } from '../../lib/listParams.ts';
import { adminQueries, projectQueries } from '../../lib/queries.ts';
import { usePageMeta } from '../../pageMeta.ts';
import { NextMilestone, ProjectCard } from './ProjectCard.tsx';

const SORTS: ProjectSort[] = ['deadline', 'name', 'updated', 'progress'];

// Address parameters (French, readable): /projets?statut=en_cours&retard=1&tri=name&page=2
const FILTERS = {
  status: param.oneOf('statut', PROJECT_STATUSES, ''),
  client: param.id('client'),
  late: param.flag('retard'),
  overdue: param.flag('etape-en-retard'),
  q: param.text('q'),
};
// The server sorts each key one way (the most recently updated first).
const SORT: SortParam<ProjectSort> = { name: 'tri', keys: SORTS, fallback: { key: 'deadline', dir: 'asc' }, natural: { updated: 'desc' } };

// /projets: the projects the user may see (a client: its company's; an admin: all, with filters).
// Filters, search, sort and page live in the address, so that a reload or a shared link keeps them.
export default function Projects() {
  const { t } = useTranslation();
  usePageMeta({ title: t('app.pageTitle', { page: t('projects.title') }), indexable: false });
  const admin = useUser().role === 'admin';
  const list = useListParams(FILTERS, SORT);
  const { status, q } = list.filters;
  // Filters only admins have are ignored in a client's address.
  const clientId = admin ? list.filters.client : 0;
  const late = admin && list.filters.late;
  const overdue = admin && list.filters.overdue;
  const sort = list.sort.key;
  const [search, setSearch] = useSearchFilter(list);
  const [filtersOpen, setFiltersOpen] = useState(false);

  const projects = useQuery(projectQueries.list({ status, client_id: clientId || undefined, late, overdue, q, sort, page: list.page, per_page: PAGE_SIZE }));
  const clients = useQuery({ ...adminQueries.allClients(), enabled: admin });

  const filtered = Boolean(status || clientId || late || overdue || q);
  const activeFilters = [status, clientId, late, overdue, sort !== 'deadline'].filter(Boolean).length;
  const clearFilters = () => list.clear();

  const columns: Column<Project>[] = [
    {
      key: 'name',
      header: t('projects.col.name'),
      rowHeader: true,
      sort: { dirs: ['asc'] },
      cell: (p) => (
        <>
          <Link to={projectPath(p.id)} className="inline-flex min-h-11 items-center font-semibold break-words text-brand-700 underline-offset-4 hover:text-brand-800 hover:underline">
            {p.name}
          </Link>
          {admin && <span className="block text-gray-700">{p.client_name}</span>}
          {!!p.unread_messages && (
            <span className="mt-1 block">
              <UnreadBadge count={p.unread_messages} />
            </span>
          )}
        </>
      ),
    },
    { key: 'status', header: t('projects.col.status'), className: 'pt-5', cell: (p) => <ProjectStatusBadge status={p.status} /> },
    {
      key: 'progress',
      header: t('projects.col.progress'),
      className: 'w-56 pt-5',
      sort: { dirs: ['asc'] },
      cell: (p) => <ProjectProgress progress={p.progress} name={p.name} size="sm" />,
    },
    {
      key: 'deadline',
      header: t('projects.col.deadline'),
      className: 'pt-5',
      sort: { dirs: ['asc'] },
      cell: (p) => (
        <>
          <span className="block whitespace-nowrap text-gray-900">{p.deadline ? formatDay(p.deadline) : '—'}</span>
          {(p.status !== 'termine' || p.has_overdue) && (
            <span className="mt-1.5 flex flex-wrap gap-1.5">
              {p.status !== 'termine' && <ScheduleBadge schedule={p.schedule} />}
              {p.has_overdue && <OverdueFlag />}
            </span>
          )}
        </>
      ),
    },
    {
      key: 'next',
      header: t('projects.col.next'),
      className: 'pt-5 break-words',
      cell: (p) => (p.progress.total > 0 ? <NextMilestone project={p} /> : <span className="text-gray-700">—</span>),
    },
  ];

  const empty = filtered ? (
    <EmptyState icon={<SearchIcon />} title={t('projects.noMatch')} action={<Button onClick={clearFilters}>{t('projects.clearFilters')}</Button>}>
      {t('projects.noMatchText')}
    </EmptyState>
  ) : admin ? (
    <EmptyState icon={<FolderIcon />} title={t('projects.empty')} action={<NewProjectLink />}>
      {t('projects.emptyAdmin')}
    </EmptyState>
  ) : (
    <EmptyState icon={<FolderIcon />} title={t('projects.empty')}>
      {t('projects.emptyClient')}
    </EmptyState>
  );

  return (
    <>
      <PageHeader help="projects" title={t('projects.title')} actions={admin && <NewProjectLink />}>
        {admin ? t('projects.introAdmin') : t('projects.introClient')}
      </PageHeader>

      <section aria-label={t('projects.filters')} className="mb-6 rounded-2xl bg-white p-4 shadow-sm ring-1 ring-gray-200 sm:p-5">
        <div className="flex items-start gap-3">
          <div className="min-w-0 flex-1">
            <SearchField label={t('projects.search')} placeholder={admin ? t('projects.searchPlaceholderAdmin') : t('projects.searchPlaceholder')} value={search} onChange={setSearch} />
          </div>
          {/* Phones: the filters fold away behind a button, so that the list comes first. */}
          <button
            type="button"
            aria-expanded={filtersOpen}
            aria-controls="filtres-projets"
            onClick={() => setFiltersOpen((o) => !o)}
            className="inline-flex h-12 shrink-0 items-center gap-2 rounded-lg border border-gray-500 bg-white px-3 text-sm font-semibold text-gray-900 hover:bg-gray-50 sm:hidden"
          >
            <FilterIcon className="size-5" />
            {activeFilters > 0 ? t('projects.filtersCount', { count: activeFilters }) : t('projects.filters')}
          </button>
        </div>
        <div id="filtres-projets" className={`mt-4 space-y-4 sm:block ${filtersOpen ? 'block' : 'hidden'}`}>
          <div className={`grid gap-4 sm:grid-cols-2 ${admin ? 'xl:grid-cols-3' : ''}`}>
            {admin && (
              <SelectField
                label={t('projects.filterClient')}
                value={clientId ? String(clientId) : ''}
                onChange={(e) => list.setFilters({ client: Number(e.target.value) || 0 })}
                options={[
                  { value: '', label: clients.isPending ? t('app.loading') : t('projects.allClients') },
                  ...(clients.data ?? []).map((c) => ({ value: String(c.id), label: c.name })),
                  ...(clientId && clients.data && !clients.data.some((c) => c.id === clientId) ? [{ value: String(clientId), label: t('projects.otherClient') }] : []),
                ]}
              />
            )}
            <SelectField
              label={t('projects.filterStatus')}
              value={status}
              onChange={(e) => list.setFilters({ status: FILTERS.status.parse(e.target.value) })}
              options={[{ value: '', label: t('projects.allStatuses') }, ...PROJECT_STATUSES.map((s) => ({ value: s, label: t(`projects.status.${s}`) }))]}
            />
            <SelectField
              label={t('projects.sort')}
              value={sort}
              onChange={(e) => list.setSort({ key: e.target.value as ProjectSort, dir: e.target.value === 'updated' ? 'desc' : 'asc' })}
              options={SORTS.map((s) => ({ value: s, label: t(`projects.sortBy.${s}`) }))}
            />
          </div>
          {admin && (
            <div role="group" aria-label={t('projects.alerts')} className="flex flex-wrap gap-3">
              <ToggleChip pressed={late} onChange={(on) => list.setFilters({ late: on })} icon={<AlertIcon className="size-4" />}>
                {t('projects.filterLate')}
              </ToggleChip>
              <ToggleChip pressed={overdue} onChange={(on) => list.setFilters({ overdue: on })} icon={<AlertIcon className="size-4" />}>
                {t('projects.filterOverdue')}
              </ToggleChip>
            </div>
          )}
        </div>
      </section>

      <QueryView query={projects}>
        {(data) => (
          <>
            {data.items.length > 0 && (
              <div className="mb-3 flex flex-wrap items-center justify-between gap-3">
                <p className="text-sm text-gray-700" aria-live="polite">
                  {listTotal(t, 'projects.count', data.total)}
                </p>
                {filtered && (
                  <Button variant="ghost" onClick={clearFilters}>
                    {t('projects.clearFilters')}
                  </Button>
                )}
              </div>
            )}
            {/* A table when the list is wide enough, cards otherwise (phones, tablets beside the menu). */}
            <DataTable
              caption={t('projects.title')}
              rows={data.items}
              rowKey={(p) => p.id}
              columns={columns}
              empty={empty}
              wideFrom="4xl"
              cardsClassName="grid gap-4 @2xl:grid-cols-2"
              card={(p) => <ProjectCard project={p} showClient={admin} headingLevel={2} />}
              sort={list.sort}
              onSort={list.setSort}
              phoneSort={false}
              rowClassName="align-top hover:bg-gray-50"
            />
            <Pagination label={t('projects.pagination')} page={list.page} perPage={data.per_page || PAGE_SIZE} total={data.total} onPage={list.setPage} />
          </>
        )}
      </QueryView>
    </>
  );
}

/** An on/off filter as a button (aria-pressed): a 44 px target, its state in words and icon. */
function ToggleChip({ pressed, onChange, icon, children }: { pressed: boolean; onChange: (on: boolean) => void; icon: ReactNode; children: ReactNode }) {
  return (
    <button
      type="button"
      aria-pressed={pressed}
      onClick={() => onChange(!pressed)}
      className={`inline-flex min-h-11 items-center gap-2 rounded-full px-4 text-sm font-semibold ring-1 transition-colors ring-inset ${
        pressed ? 'bg-brand-700 text-white ring-brand-700 hover:bg-brand-800' : 'bg-white text-gray-900 ring-gray-400 hover:bg-gray-50'
      }`}
    >
      {pressed ? <CheckIcon className="size-4" /> : icon}
      {children}
    </button>
  );
}
