import { useQuery } from '@tanstack/react-query';
import { Link } from '../../components/Link.tsx';
import { useTranslation } from '../../i18n/index.ts';
import { INTERNAL_FRAME, InternalMark } from '../../components/InternalMark.tsx';
import { adminReportsApi, type Exchange, type ExchangeQuery } from '../../api.ts';
import { DataTable, type Column } from '../../components/DataTable.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ClientProjectFields, CsvExportLink, DateRangeFields, FilterForm, IdSelectField } from '../../components/FilterForm.tsx';
import { FormField } from '../../components/FormField.tsx';
import { ChatIcon } from '../../components/icons.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { PagedList } from '../../components/Pagination.tsx';
import { QueryView } from '../../components/QueryView.tsx';
import { RichText } from '../../components/RichText.tsx';
import { PAGE_SIZE, projectPath, retourPath } from '../../config.ts';
import { formatDateTime, formatNumber } from '../../lib/format.ts';
import { param, useListParams, useSearchFilter } from '../../lib/listParams.ts';
import { adminQueries } from '../../lib/queries.ts';
import { usePageMeta } from '../../pageMeta.ts';
import './texts.ts';

const FILTERS = {
  client: param.id('client'),
  project: param.id('projet'),
  author: param.id('auteur'),
  from: param.day('du'),
  to: param.day('au'),
  q: param.text('q'),
};

// /admin/echanges (A6): every message of every conversation, filtered by client, project, author,
// dates and words (kept in the address), paginated, and exported as CSV with the same filters.
export default function Exchanges() {
  const { t } = useTranslation();
  usePageMeta({ title: t('app.pageTitle', { page: t('exchanges.title') }), indexable: false });
  const list = useListParams(FILTERS);
  const f = list.filters;
  const [q, setQ] = useSearchFilter(list);
  const authors = useQuery(adminQueries.authors());

  const filters: ExchangeQuery = {
    client_id: f.client || '',
    project_id: f.project || '',
    author_id: f.author || '',
    from: f.from,
    to: f.to,
    q: f.q,
  };
  const messages = useQuery(adminQueries.exchanges({ ...filters, page: list.page, per_page: PAGE_SIZE }));

  return (
    <>
      <PageHeader help="exchanges" title={t('exchanges.title')} actions={<CsvExportLink href={adminReportsApi.messagesCsvUrl(filters)}>{t('exchanges.export')}</CsvExportLink>}>
        {t('exchanges.intro')}
      </PageHeader>

      <FilterForm label={t('exchanges.filters')} className="sm:grid-cols-2 xl:grid-cols-3">
        <ClientProjectFields client={f.client} project={f.project} onChange={list.setFilters} />
        <IdSelectField
          label={t('filters.author')}
          allLabel={t('filters.allAuthors')}
          value={f.author}
          onChange={(author) => list.setFilters({ author })}
          items={(authors.data ?? []).map((u) => ({ id: u.id, label: u.client_name ? `${u.name} (${u.client_name})` : u.name }))}
        />
        <DateRangeFields from={f.from} to={f.to} onChange={list.setFilters} />
        <FormField label={t('filters.search')} type="search" value={q} onChange={(e) => setQ(e.target.value)} placeholder={t('exchanges.searchPlaceholder')} />
      </FilterForm>

      <QueryView query={messages} retry={false}>
        {(data) => (
          <PagedList data={data} list={list} count={t('exchanges.count', { count: data.total, n: formatNumber(data.total) })} label={t('exchanges.pages')}>
            <ExchangeTable items={data.items} />
          </PagedList>
        )}
      </QueryView>
    </>
  );
}

function Author({ m }: { m: Exchange }) {
  const { t } = useTranslation();
  return (
    <>
      <span className="font-bold text-gray-900">{m.author_name}</span>{' '}
      <span className="rounded-full bg-gray-100 px-2 py-0.5 text-xs font-semibold whitespace-nowrap text-gray-800 ring-1 ring-gray-300 ring-inset">
        {m.author_role === 'admin' ? t('messages.roleStaff') : t('messages.roleClient')}
      </span>
    </>
  );
}

function Where({ m }: { m: Exchange }) {
  return (
    <>
      {m.client_name} ·{' '}
      <Link
        to={m.retour_id ? retourPath(m.project_id, m.retour_id) : `${projectPath(m.project_id)}#messages`}
        className="inline-flex min-h-11 items-center font-semibold text-brand-700 underline underline-offset-2"
      >
        {m.project_name}
      </Link>
    </>
  );
}

function Body({ m }: { m: Exchange }) {
  const { t } = useTranslation();
  return (
    <>
      {m.internal && <InternalMark />}
      {m.deleted ? <p className="text-gray-700 italic">{t('messages.deleted')}</p> : <RichText text={m.body} className="text-gray-900" />}
      {m.edited && !m.deleted && <p className="mt-1 text-sm text-gray-700 italic">{t('messages.editedMark')}</p>}
      {m.attachments && m.attachments.length > 0 && <p className="mt-1 text-sm text-gray-700">{t('exchanges.attachments', { names: m.attachments.map((a) => a.file_name).join(', ') })}</p>}
    </>
  );
}

// The messages as a table on wide screens, as cards (the conversation's look) on phones.
function ExchangeTable({ items }: { items: Exchange[] }) {
  const { t } = useTranslation();
  const columns: Column<Exchange>[] = [
    { key: 'at', header: t('exchanges.col.at'), className: 'whitespace-nowrap text-gray-700', cell: (m) => <time dateTime={m.created_at}>{formatDateTime(m.created_at)}</time> },
    { key: 'author', header: t('exchanges.col.author'), rowHeader: true, cell: (m) => <Author m={m} /> },
    { key: 'project', header: t('exchanges.col.project'), className: 'text-gray-700', cell: (m) => <Where m={m} /> },
    { key: 'message', header: t('exchanges.col.message'), className: 'w-1/2 break-words', cell: (m) => <Body m={m} /> },
  ];
  return (
    <DataTable
      caption={t('exchanges.listLabel')}
      rows={items}
      rowKey={(m) => m.id}
      columns={columns}
      wideFrom="4xl"
      empty={
        <EmptyState icon={<ChatIcon className="size-6" />} title={t('exchanges.emptyTitle')}>
          {t('exchanges.emptyText')}
        </EmptyState>
      }
      card={(m) => (
        <div data-internal={m.internal ? 'true' : undefined} className={`rounded-2xl p-4 shadow-sm sm:p-5 ${m.internal ? INTERNAL_FRAME : 'bg-white ring-1 ring-gray-200'}`}>
          <div className="flex flex-wrap items-center gap-x-3 gap-y-1 text-sm">
            <Author m={m} />
            <time dateTime={m.created_at} className="text-gray-700">
              {formatDateTime(m.created_at)}
            </time>
          </div>
          <p className="mt-1 text-sm text-gray-700">
            <Where m={m} />
          </p>
          <div className="mt-1">
            <Body m={m} />
          </div>
        </div>
      )}
    />
  );
}
