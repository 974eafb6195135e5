import { useEffect, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from '../../i18n/index.ts';
import { adminApi, projectsApi, RETOUR_TOTAL_CAP, retoursApi, type Client, type Project, type RetourKind, type RetourPriority, type RetourQuery, type RetourSort, type User } from '../../api.ts';
import { buttonClass } from '../../components/Button.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { SelectField } from '../../components/FormField.tsx';
import { ChatIcon, DownloadIcon } from '../../components/icons.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { Pagination } from '../../components/Pagination.tsx';
import { Skeleton } from '../../components/Skeleton.tsx';
import { PAGE_SIZE } from '../../config.ts';
import { formatNumber } from '../../lib/format.ts';
import { useLoaded } from './loaded.ts';
import { useLive } from '../../lib/live.tsx';
import { usePageMeta } from '../../pageMeta.ts';
import { adminQueries } from '../../lib/queries.ts';
import { useRetourFilterOptions } from './ProjectRetours.tsx';
import { RetourItem } from './RetourBadges.tsx';

// /admin/retours: the retours of every project for the staff, filtered by client, project, state,
// type, priority, age and assignee, sorted, paginated, and exported as CSV with the same filters.
export default function AdminRetours() {
  const { t } = useTranslation();
  usePageMeta({ title: t('app.pageTitle', { page: t('retours.adminTitle') }), indexable: false });
  const options = useRetourFilterOptions();
  const [clientId, setClientId] = useState('');
  const [projectId, setProjectId] = useState('');
  const [status, setStatus] = useState('ouvert');
  const [kind, setKind] = useState('');
  const [priority, setPriority] = useState('');
  const [age, setAge] = useState('');
  const [assignee, setAssignee] = useState('');
  const [sort, setSort] = useState<RetourSort>('priority');
  const [page, setPage] = useState(1);
  const clients: Client[] = useQuery(adminQueries.allClients()).data ?? [];
  const [projects, setProjects] = useState<Project[]>([]);
  const [staff, setStaff] = useState<User[]>([]);

  useEffect(() => {
    adminApi.users({ role: 'admin', per_page: 100 }).then(
      (r) => setStaff(r.items),
      () => {},
    );
  }, []);
  useEffect(() => {
    projectsApi.list({ client_id: clientId ? Number(clientId) : undefined, per_page: 100, sort: 'name' }).then(
      (r) => setProjects(r.items),
      () => {},
    );
  }, [clientId]);

  const filters: RetourQuery = {
    client_id: clientId ? Number(clientId) : '',
    project_id: projectId ? Number(projectId) : '',
    status: status as RetourQuery['status'],
    kind: kind as RetourKind | '',
    priority: priority as RetourPriority | '',
    age: age ? Number(age) : '',
    assignee_id: assignee ? Number(assignee) : '',
    sort,
  };
  const key = JSON.stringify(filters);
  useEffect(() => setPage(1), [key]);
  const list = useLoaded(['retours', 'all', key, page], () => retoursApi.all({ ...filters, page, per_page: PAGE_SIZE }));
  useLive((e) => {
    if (e.type === 'retour' || e.type === 'resync') list.reload();
  });

  return (
    <>
      <PageHeader
        title={t('retours.adminTitle')}
        actions={
          <a href={retoursApi.allCsvUrl(filters)} download className={buttonClass('secondary')}>
            <DownloadIcon className="size-4" />
            {t('retours.export')}
          </a>
        }
      >
        {t('retours.adminIntro')}
      </PageHeader>

      <form
        role="search"
        aria-label={t('retours.listLabel')}
        onSubmit={(e) => e.preventDefault()}
        className="mb-6 grid gap-4 rounded-2xl bg-white p-5 shadow-sm ring-1 ring-gray-200 sm:grid-cols-2 xl:grid-cols-4"
      >
        <SelectField
          label={t('retours.fields.client')}
          value={clientId}
          onChange={(e) => {
            setClientId(e.target.value);
            setProjectId('');
          }}
          options={[{ value: '', label: t('retours.filter.anyClient') }, ...clients.map((c) => ({ value: String(c.id), label: c.name }))]}
        />
        <SelectField
          label={t('retours.fields.project')}
          value={projectId}
          onChange={(e) => setProjectId(e.target.value)}
          options={[{ value: '', label: t('filters.allProjects') }, ...projects.map((p) => ({ value: String(p.id), label: p.name }))]}
        />
        <SelectField label={t('retours.fields.status')} value={status} onChange={(e) => setStatus(e.target.value)} options={options.status} />
        <SelectField label={t('retours.fields.kind')} value={kind} onChange={(e) => setKind(e.target.value)} options={options.kind} />
        <SelectField label={t('retours.fields.priority')} value={priority} onChange={(e) => setPriority(e.target.value)} options={options.priority} />
        <SelectField
          label={t('retours.fields.age')}
          value={age}
          onChange={(e) => setAge(e.target.value)}
          options={[
            { value: '', label: t('retours.filter.anyAge') },
            { value: '7', label: t('retours.filter.age7') },
            { value: '30', label: t('retours.filter.age30') },
          ]}
        />
        <SelectField
          label={t('retours.fields.assignee')}
          value={assignee}
          onChange={(e) => setAssignee(e.target.value)}
          options={[{ value: '', label: t('retours.filter.anyAssignee') }, ...staff.map((u) => ({ value: String(u.id), label: u.name }))]}
        />
        <SelectField label={t('retours.fields.sort')} value={sort} onChange={(e) => setSort(e.target.value as RetourSort)} options={options.sort} />
      </form>

      {list.error ? (
        <ErrorNotice error={list.error} />
      ) : list.loading && !list.data ? (
        <Skeleton rows={5} />
      ) : !list.data || list.data.items.length === 0 ? (
        <EmptyState icon={<ChatIcon className="size-6" />} title={t('retours.emptyTitle')}>
          {t('retours.empty')}
        </EmptyState>
      ) : (
        <>
          <p className="mb-3 text-sm text-gray-700" aria-live="polite">
            {list.data.total >= RETOUR_TOTAL_CAP ? t('retours.totalCapped', { n: formatNumber(RETOUR_TOTAL_CAP) }) : t('retours.total', { count: list.data.total, n: formatNumber(list.data.total) })}
          </p>
          <ul className="space-y-3" aria-label={t('retours.listLabel')}>
            {list.data.items.map((r) => (
              <RetourItem key={r.id} retour={r} showProject />
            ))}
          </ul>
          <Pagination page={page} perPage={list.data.per_page || PAGE_SIZE} total={list.data.total} onPage={setPage} label={t('retours.listLabel')} />
        </>
      )}
    </>
  );
}
