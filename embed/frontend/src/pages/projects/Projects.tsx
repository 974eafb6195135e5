import { useEffect, useState, type ReactNode } from 'react';
import { useSearchParams } from 'react-router';
import { Link } from '../../components/Link.tsx';
import { useTranslation } from '../../i18n/index.ts';
import { PROJECT_STATUSES, projectsApi, type Project, type ProjectSort, type ProjectStatus } from '../../api.ts';
import { useUser } from '../../auth/AuthContext.tsx';
import { Button, ButtonLink } from '../../components/Button.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { SelectField } from '../../components/FormField.tsx';
import { AlertIcon, CheckIcon, FilterIcon, FolderIcon, PlusIcon, SearchIcon } from '../../components/icons.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { Pagination } from '../../components/Pagination.tsx';
import { ProjectProgress } from '../../components/ProgressBar.tsx';
import { OverdueFlag, ProjectStatusBadge, ScheduleBadge, UnreadBadge } from '../../components/ProjectBadges.tsx';
import { SearchField } from '../../components/SearchField.tsx';
import { Skeleton } from '../../components/Skeleton.tsx';
import { NEW_PROJECT_PATH, PAGE_SIZE, projectPath } from '../../config.ts';
import { formatDay } from '../../lib/format.ts';
import { useApi, useDebounced } from '../../lib/hooks.ts';
import { usePageMeta } from '../../pageMeta.ts';
import { loadAllClients } from './lookups.ts';
import { NextMilestone, ProjectCard } from './ProjectCard.tsx';

const SORTS: ProjectSort[] = ['deadline', 'name', 'updated', 'progress'];

// Address parameters (French, readable): /projets?statut=en_cours&retard=1&tri=name&page=2
const P = { status: 'statut', client: 'client', late: 'retard', overdue: 'etape-en-retard', q: 'q', sort: 'tri', page: 'page' } as const;

// /projets: the projects the user may see (a client: its company's; an admin: all, with filters).
// Filters, search, sort and page live in the address, so that a reload or a shared link keeps them.
export default function Projects() {
  const { t } = useTranslation();
  usePageMeta({ title: t('app.pageTitle', { page: t('projects.title') }), indexable: false });
  const admin = useUser().role === 'admin';
  const [params, setParams] = useSearchParams();
  const statusParam = params.get(P.status) ?? '';
  const status = (PROJECT_STATUSES as readonly string[]).includes(statusParam) ? (statusParam as ProjectStatus) : '';
  const clientId = admin ? Number(params.get(P.client)) || 0 : 0;
  const late = admin && params.get(P.late) === '1';
  const overdue = admin && params.get(P.overdue) === '1';
  const sortParam = params.get(P.sort) ?? '';
  const sort = (SORTS as string[]).includes(sortParam) ? (sortParam as ProjectSort) : 'deadline';
  const page = Math.max(1, Number(params.get(P.page)) || 1);
  const q = params.get(P.q) ?? '';
  const [search, setSearch] = useState(q);
  const [filtersOpen, setFiltersOpen] = useState(false);
  const debounced = useDebounced(search.trim(), 300);

  useEffect(() => {
    if (debounced === q) return;
    setParams(
      (p) => {
        const n = new URLSearchParams(p);
        if (debounced) n.set(P.q, debounced);
        else n.delete(P.q);
        n.delete(P.page);
        return n;
      },
      { replace: true },
    );
  }, [debounced, q, setParams]);

  const key = [status, clientId, late, overdue, sort, page, q].join('|');
  const list = useApi(
    () => projectsApi.list({ status, client_id: clientId || undefined, late, overdue, q, sort, page, per_page: PAGE_SIZE }),
    key,
  );
  const clients = useApi(() => (admin ? loadAllClients() : Promise.resolve([])), admin ? 'clients' : 'none');

  function update(changes: Record<string, string | null>) {
    setParams((p) => {
      const n = new URLSearchParams(p);
      for (const [k, v] of Object.entries(changes)) {
        if (v) n.set(k, v);
        else n.delete(k);
      }
      n.delete(P.page);
      return n;
    });
  }

  const filtered = Boolean(status || clientId || late || overdue || q);
  const activeFilters = [status, clientId, late, overdue, sort !== 'deadline'].filter(Boolean).length;
  function clearFilters() {
    setSearch('');
    setParams((p) => {
      const n = new URLSearchParams();
      const s = p.get(P.sort);
      if (s) n.set(P.sort, s);
      return n;
    });
  }

  const items = list.data?.items ?? [];
  const total = list.data?.total ?? 0;

  return (
    <>
      <PageHeader help="projects"
        title={t('projects.title')}
        actions={
          admin && (
            <ButtonLink to={NEW_PROJECT_PATH} variant="primary" icon={<PlusIcon className="size-4" />}>
              {t('projects.new')}
            </ButtonLink>
          )
        }
      >
        {admin ? t('projects.introAdmin') : t('projects.introClient')}
      </PageHeader>

      <section aria-label={t('projects.filters')} className="mb-6 rounded-2xl bg-white p-4 shadow-sm ring-1 ring-gray-200 sm:p-5">
        <div className="flex items-start gap-3">
          <div className="min-w-0 flex-1">
            <SearchField
              label={t('projects.search')}
              placeholder={admin ? t('projects.searchPlaceholderAdmin') : t('projects.searchPlaceholder')}
              value={search}
              onChange={setSearch}
            />
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
                onChange={(e) => update({ [P.client]: e.target.value || null })}
                options={[
                  { value: '', label: clients.loading ? t('app.loading') : t('projects.allClients') },
                  ...(clients.data ?? []).map((c) => ({ value: String(c.id), label: c.name })),
                  ...(clientId && clients.data && !clients.data.some((c) => c.id === clientId) ? [{ value: String(clientId), label: t('projects.otherClient') }] : []),
                ]}
              />
            )}
            <SelectField
              label={t('projects.filterStatus')}
              value={status}
              onChange={(e) => update({ [P.status]: e.target.value || null })}
              options={[{ value: '', label: t('projects.allStatuses') }, ...PROJECT_STATUSES.map((s) => ({ value: s, label: t(`projects.status.${s}`) }))]}
            />
            <SelectField
              label={t('projects.sort')}
              value={sort}
              onChange={(e) => update({ [P.sort]: e.target.value === 'deadline' ? null : e.target.value })}
              options={SORTS.map((s) => ({ value: s, label: t(`projects.sortBy.${s}`) }))}
            />
          </div>
          {admin && (
            <div role="group" aria-label={t('projects.alerts')} className="flex flex-wrap gap-3">
              <ToggleChip pressed={late} onChange={(on) => update({ [P.late]: on ? '1' : null })} icon={<AlertIcon className="size-4" />}>
                {t('projects.filterLate')}
              </ToggleChip>
              <ToggleChip pressed={overdue} onChange={(on) => update({ [P.overdue]: on ? '1' : null })} icon={<AlertIcon className="size-4" />}>
                {t('projects.filterOverdue')}
              </ToggleChip>
            </div>
          )}
        </div>
      </section>

      {list.loading && !list.data ? (
        <Skeleton rows={5} />
      ) : list.error ? (
        <div className="space-y-4">
          <ErrorNotice error={list.error} />
          <Button onClick={list.reload}>{t('session.retry')}</Button>
        </div>
      ) : items.length === 0 ? (
        filtered ? (
          <EmptyState icon={<SearchIcon />} title={t('projects.noMatch')} action={<Button onClick={clearFilters}>{t('projects.clearFilters')}</Button>}>
            {t('projects.noMatchText')}
          </EmptyState>
        ) : admin ? (
          <EmptyState
            icon={<FolderIcon />}
            title={t('projects.empty')}
            action={
              <ButtonLink to={NEW_PROJECT_PATH} variant="primary" icon={<PlusIcon className="size-4" />}>
                {t('projects.new')}
              </ButtonLink>
            }
          >
            {t('projects.emptyAdmin')}
          </EmptyState>
        ) : (
          <EmptyState icon={<FolderIcon />} title={t('projects.empty')}>
            {t('projects.emptyClient')}
          </EmptyState>
        )
      ) : (
        <>
          <div className="mb-3 flex flex-wrap items-center justify-between gap-3">
            <p className="text-sm text-gray-700" aria-live="polite">
              {t('projects.count', { count: total })}
            </p>
            {filtered && (
              <Button variant="ghost" onClick={clearFilters}>
                {t('projects.clearFilters')}
              </Button>
            )}
          </div>
          {/* A table when the list is wide enough, cards otherwise (phones, tablets beside the menu). */}
          <div className="@container">
            <ProjectTable projects={items} showClient={admin} />
            <ul className="grid gap-4 @2xl:grid-cols-2 @4xl:hidden">
              {items.map((p) => (
                <li key={p.id}>
                  <ProjectCard project={p} showClient={admin} headingLevel={2} />
                </li>
              ))}
            </ul>
          </div>
          <Pagination
            label={t('projects.pagination')}
            page={page}
            perPage={list.data?.per_page ?? PAGE_SIZE}
            total={total}
            onPage={(n) =>
              setParams((p) => {
                const next = new URLSearchParams(p);
                if (n > 1) next.set(P.page, String(n));
                else next.delete(P.page);
                return next;
              })
            }
          />
        </>
      )}
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

// Wide screens: a table.
function ProjectTable({ projects, showClient }: { projects: Project[]; showClient: boolean }) {
  const { t } = useTranslation();
  return (
    <div className="hidden rounded-2xl bg-white shadow-sm ring-1 ring-gray-200 @4xl:block">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">{t('projects.title')}</caption>
        <thead className="border-b border-gray-200 text-gray-700">
          <tr>
            <th scope="col" className="px-5 py-3 font-semibold">
              {t('projects.col.name')}
            </th>
            <th scope="col" className="px-5 py-3 font-semibold">
              {t('projects.col.status')}
            </th>
            <th scope="col" className="w-56 px-5 py-3 font-semibold">
              {t('projects.col.progress')}
            </th>
            <th scope="col" className="px-5 py-3 font-semibold">
              {t('projects.col.deadline')}
            </th>
            <th scope="col" className="px-5 py-3 font-semibold">
              {t('projects.col.next')}
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-gray-200">
          {projects.map((p) => (
            <tr key={p.id} className="align-top hover:bg-gray-50">
              <th scope="row" className="px-5 py-3 font-normal">
                <Link to={projectPath(p.id)} className="inline-flex min-h-11 items-center font-semibold break-words text-brand-700 underline-offset-4 hover:text-brand-800 hover:underline">
                  {p.name}
                </Link>
                {showClient && <span className="block text-gray-700">{p.client_name}</span>}
                {!!p.unread_messages && (
                  <span className="mt-1 block">
                    <UnreadBadge count={p.unread_messages} />
                  </span>
                )}
              </th>
              <td className="px-5 py-3 pt-5">
                <ProjectStatusBadge status={p.status} />
              </td>
              <td className="px-5 py-3 pt-5">
                <ProjectProgress progress={p.progress} name={p.name} size="sm" />
              </td>
              <td className="px-5 py-3 pt-5">
                <span className="block whitespace-nowrap text-gray-900">{p.deadline ? formatDay(p.deadline) : '—'}</span>
                {(p.status !== 'termine' || p.has_overdue) && (
                  <span className="mt-1.5 flex flex-wrap gap-1.5">
                    {p.status !== 'termine' && <ScheduleBadge schedule={p.schedule} />}
                    {p.has_overdue && <OverdueFlag />}
                  </span>
                )}
              </td>
              <td className="px-5 py-3 pt-5 break-words">
                {p.progress.total > 0 ? <NextMilestone project={p} /> : <span className="text-gray-700">—</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
