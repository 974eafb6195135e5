import { useEffect, useState } from 'react';
import { Link } from '../../components/Link.tsx';
import { useTranslation } from '../../i18n/index.ts';
import { adminApi, adminReportsApi, projectsApi, type Client, type ExchangeQuery, type Project, type User } from '../../api.ts';
import { buttonClass } from '../../components/Button.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { FormField, SelectField } from '../../components/FormField.tsx';
import { ChatIcon, DownloadIcon } from '../../components/icons.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { Pagination } from '../../components/Pagination.tsx';
import { RichText } from '../../components/RichText.tsx';
import { Skeleton } from '../../components/Skeleton.tsx';
import { PAGE_SIZE, projectPath, retourPath } from '../../config.ts';
import { formatDateTime, formatNumber } from '../../lib/format.ts';
import { useApi, useDebounced } from '../../lib/hooks.ts';
import { usePageMeta } from '../../pageMeta.ts';
import { loadAllClients } from '../projects/lookups.ts';

// /admin/echanges (A6): every message of every conversation, filtered by client, project, author,
// dates and words, paginated, and exported as CSV with the same filters.
export default function Exchanges() {
  const { t } = useTranslation();
  usePageMeta({ title: t('app.pageTitle', { page: t('exchanges.title') }), indexable: false });
  const [clientId, setClientId] = useState('');
  const [projectId, setProjectId] = useState('');
  const [authorId, setAuthorId] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const search = useDebounced(q);
  const [clients, setClients] = useState<Client[]>([]);
  const [projects, setProjects] = useState<Project[]>([]);
  const [authors, setAuthors] = useState<User[]>([]);

  useEffect(() => {
    loadAllClients().then(setClients, () => {});
    adminApi.users({ per_page: 100 }).then((r) => setAuthors(r.items), () => {});
  }, []);
  useEffect(() => {
    projectsApi.list({ client_id: clientId ? Number(clientId) : undefined, per_page: 100, sort: 'name' }).then((r) => setProjects(r.items), () => {});
  }, [clientId]);

  const filters: ExchangeQuery = {
    client_id: clientId ? Number(clientId) : '',
    project_id: projectId ? Number(projectId) : '',
    author_id: authorId ? Number(authorId) : '',
    from,
    to,
    q: search.trim(),
  };
  const key = JSON.stringify(filters);
  useEffect(() => setPage(1), [key]);
  const list = useApi(() => adminReportsApi.messages({ ...filters, page, per_page: PAGE_SIZE }), `${key}|${page}`);

  return (
    <>
      <PageHeader
        title={t('exchanges.title')}
        actions={
          <a href={adminReportsApi.messagesCsvUrl(filters)} download className={buttonClass('secondary')}>
            <DownloadIcon className="size-4" />
            {t('exchanges.export')}
          </a>
        }
      >
        {t('exchanges.intro')}
      </PageHeader>

      <form role="search" aria-label={t('exchanges.filters')} onSubmit={(e) => e.preventDefault()} className="mb-6 grid gap-4 rounded-2xl bg-white p-5 shadow-sm ring-1 ring-gray-200 sm:grid-cols-2 xl:grid-cols-3">
        <SelectField
          label={t('filters.client')}
          value={clientId}
          onChange={(e) => {
            setClientId(e.target.value);
            setProjectId('');
          }}
          options={[{ value: '', label: t('filters.allClients') }, ...clients.map((c) => ({ value: String(c.id), label: c.name }))]}
        />
        <SelectField
          label={t('filters.project')}
          value={projectId}
          onChange={(e) => setProjectId(e.target.value)}
          options={[{ value: '', label: t('filters.allProjects') }, ...projects.map((p) => ({ value: String(p.id), label: p.name }))]}
        />
        <SelectField
          label={t('filters.author')}
          value={authorId}
          onChange={(e) => setAuthorId(e.target.value)}
          options={[{ value: '', label: t('filters.allAuthors') }, ...authors.map((u) => ({ value: String(u.id), label: u.client_name ? `${u.name} (${u.client_name})` : u.name }))]}
        />
        <FormField label={t('filters.from')} type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
        <FormField label={t('filters.to')} type="date" value={to} onChange={(e) => setTo(e.target.value)} />
        <FormField label={t('filters.search')} type="search" value={q} onChange={(e) => setQ(e.target.value)} placeholder={t('exchanges.searchPlaceholder')} />
      </form>

      {list.error ? (
        <ErrorNotice error={list.error} />
      ) : list.loading && !list.data ? (
        <Skeleton rows={5} />
      ) : !list.data || list.data.items.length === 0 ? (
        <EmptyState icon={<ChatIcon className="size-6" />} title={t('exchanges.emptyTitle')}>
          {t('exchanges.emptyText')}
        </EmptyState>
      ) : (
        <>
          <p className="mb-3 text-sm text-gray-700" aria-live="polite">
            {t('exchanges.count', { count: list.data.total, n: formatNumber(list.data.total) })}
          </p>
          <ol className="space-y-3" aria-label={t('exchanges.listLabel')}>
            {list.data.items.map((m) => (
              <li key={m.id} className="rounded-2xl bg-white p-4 shadow-sm ring-1 ring-gray-200 sm:p-5">
                <div className="flex flex-wrap items-center gap-x-3 gap-y-1 text-sm">
                  <span className="font-bold text-gray-900">{m.author_name}</span>
                  <span className="rounded-full bg-gray-100 px-2 py-0.5 text-xs font-semibold text-gray-800 ring-1 ring-gray-300 ring-inset">
                    {m.author_role === 'admin' ? t('messages.roleStaff') : t('messages.roleClient')}
                  </span>
                  <time dateTime={m.created_at} className="text-gray-700">
                    {formatDateTime(m.created_at)}
                  </time>
                </div>
                <p className="mt-1 text-sm text-gray-700">
                  {m.client_name} ·{' '}
                  <Link to={m.retour_id ? retourPath(m.project_id, m.retour_id) : `${projectPath(m.project_id)}#messages`} className="inline-flex min-h-11 items-center font-semibold text-brand-700 underline underline-offset-2">
                    {m.project_name}
                  </Link>
                </p>
                {m.deleted ? (
                  <p className="mt-1 text-gray-700 italic">{t('messages.deleted')}</p>
                ) : (
                  <RichText text={m.body} className="mt-1 text-gray-900" />
                )}
                {m.edited && !m.deleted && <p className="mt-1 text-sm text-gray-700 italic">{t('messages.editedMark')}</p>}
                {m.attachments && m.attachments.length > 0 && (
                  <p className="mt-1 text-sm text-gray-700">{t('exchanges.attachments', { names: m.attachments.map((a) => a.file_name).join(', ') })}</p>
                )}
              </li>
            ))}
          </ol>
          <Pagination page={page} perPage={list.data.per_page || PAGE_SIZE} total={list.data.total} onPage={setPage} label={t('exchanges.pages')} />
        </>
      )}
    </>
  );
}
