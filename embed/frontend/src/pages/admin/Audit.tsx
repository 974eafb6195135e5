import { useQuery } from '@tanstack/react-query';
import { useTranslation } from '../../i18n/index.ts';
import { adminReportsApi, type AuditEntry, type AuditQuery } from '../../api.ts';
import { DataTable, type Column } from '../../components/DataTable.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ClientFilterField, CsvExportLink, DateRangeFields, FilterForm, IdSelectField } from '../../components/FilterForm.tsx';
import { FormField } from '../../components/FormField.tsx';
import { AlertIcon, ListIcon, ShieldIcon } from '../../components/icons.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { listTotal, PagedList } from '../../components/Pagination.tsx';
import { Badge } from '../../components/ProjectBadges.tsx';
import { QueryView } from '../../components/QueryView.tsx';
import { Skeleton } from '../../components/Skeleton.tsx';
import { PAGE_SIZE } from '../../config.ts';
import { formatDateTime, formatNumber } from '../../lib/format.ts';
import { param, useListParams, useTypedFilter } from '../../lib/listParams.ts';
import { adminQueries } from '../../lib/queries.ts';
import { usePageMeta } from '../../pageMeta.ts';

const FILTERS = {
  actor: param.id('acteur'),
  client: param.id('client'),
  action: param.text('action'),
  targetType: param.text('type'),
  targetId: param.id('cible'),
  from: param.day('du'),
  to: param.day('au'),
};

function Outcome({ outcome }: { outcome: string }) {
  const { t } = useTranslation();
  const ok = outcome === 'success' || outcome === 'ok' || outcome === '';
  return (
    <Badge tone={ok ? 'success' : 'danger'} icon={null}>
      {ok ? t('audit.ok') : t('audit.denied', { outcome })}
    </Badge>
  );
}

// The last verification of the log's hash chain (nightly, or portal audit verify).
function ChainStatus() {
  const { t } = useTranslation();
  const s = useQuery(adminQueries.auditChain()).data;
  if (!s) return null;
  const date = s.verified_at ? formatDateTime(s.verified_at) : '';
  const broken = s.verified_at !== null && !s.ok;
  return (
    <p role="status" className={`mb-6 flex items-start gap-2 rounded-2xl p-4 text-sm ring-1 ${broken ? 'bg-danger-50 text-danger-800 ring-danger-200' : 'bg-white text-gray-800 ring-gray-200'}`}>
      {broken ? <AlertIcon className="size-5 shrink-0" /> : <ShieldIcon className="size-5 shrink-0" />}
      <span>
        {s.verified_at === null
          ? t('audit.chain.never')
          : s.ok
            ? t('audit.chain.ok', { count: s.rows, n: formatNumber(s.rows), date })
            : t('audit.chain.broken', { date, what: s.break ? t(`audit.chain.break.${s.break.kind}`, { row: s.break.row }) : '' })}
      </span>
    </p>
  );
}

// /admin/journal (X3): the audit log, read-only, with filters (kept in the address), pages and a
// CSV export.
export default function Audit() {
  const { t } = useTranslation();
  usePageMeta({ title: t('app.pageTitle', { page: t('audit.title') }), indexable: false });
  const list = useListParams(FILTERS);
  const f = list.filters;
  const typed = (key: 'action' | 'targetType') => (v: string) => list.setFilters({ [key]: v }, { replace: true });
  const [action, setAction] = useTypedFilter(f.action, typed('action'));
  const [targetType, setTargetType] = useTypedFilter(f.targetType, typed('targetType'));
  const [targetId, setTargetId] = useTypedFilter(f.targetId ? String(f.targetId) : '', (v) => list.setFilters({ targetId: FILTERS.targetId.parse(v) }, { replace: true }));
  const users = useQuery(adminQueries.authors());

  const filters: AuditQuery = {
    actor_id: f.actor || '',
    client_id: f.client || '',
    action: f.action,
    target_type: f.targetType,
    target_id: f.targetId || '',
    from: f.from,
    to: f.to,
  };
  const entries = useQuery(adminQueries.audit({ ...filters, page: list.page, per_page: PAGE_SIZE }));

  return (
    <>
      <PageHeader help="audit" title={t('audit.title')} actions={<CsvExportLink href={adminReportsApi.auditCsvUrl(filters)}>{t('audit.export')}</CsvExportLink>}>
        {t('audit.intro')}
      </PageHeader>
      <ChainStatus />
      <FilterForm label={t('audit.filters')} className="sm:grid-cols-2 xl:grid-cols-4">
        <IdSelectField
          label={t('audit.actor')}
          allLabel={t('audit.anyone')}
          value={f.actor}
          onChange={(actor) => list.setFilters({ actor })}
          items={(users.data ?? []).map((u) => ({ id: u.id, label: `${u.name} (${u.email})` }))}
        />
        <ClientFilterField value={f.client} onChange={(client) => list.setFilters({ client })} />
        <FormField label={t('audit.action')} value={action} onChange={(e) => setAction(e.target.value)} placeholder="user.login" />
        <FormField label={t('audit.targetType')} value={targetType} onChange={(e) => setTargetType(e.target.value)} placeholder="project" />
        <FormField label={t('audit.targetId')} inputMode="numeric" value={targetId} onChange={(e) => setTargetId(e.target.value)} />
        <DateRangeFields from={f.from} to={f.to} onChange={list.setFilters} />
      </FilterForm>

      <QueryView query={entries} retry={false} loading={<Skeleton rows={6} />}>
        {(data) => (
          <PagedList data={data} list={list} count={listTotal(t, 'audit.count', data.total)} label={t('audit.pages')}>
            <AuditTable items={data.items} />
          </PagedList>
        )}
      </QueryView>
    </>
  );
}

// A table on wide screens; on phones, each entry's fields stacked (the table's default).
function AuditTable({ items }: { items: AuditEntry[] }) {
  const { t } = useTranslation();
  const target = (e: AuditEntry) => (e.target_type ? `${e.target_type} #${e.target_id}` : '—');
  const columns: Column<AuditEntry>[] = [
    { key: 'action', header: t('audit.col.action'), rowHeader: true, cell: (e) => <code className="font-semibold break-all">{e.action}</code> },
    { key: 'at', header: t('audit.col.at'), className: 'whitespace-nowrap', cell: (e) => <time dateTime={e.at}>{formatDateTime(e.at)}</time> },
    {
      key: 'actor',
      header: t('audit.col.actor'),
      className: 'break-all',
      cell: (e) => (
        <>
          {e.actor_email || t('audit.system')}
          {e.ip && <span className="block text-gray-700">{e.ip}</span>}
        </>
      ),
    },
    { key: 'target', header: t('audit.col.target'), className: 'whitespace-nowrap', cell: target },
    { key: 'summary', header: t('audit.col.summary'), className: 'break-words', cell: (e) => e.summary || '—' },
    { key: 'outcome', header: t('audit.col.outcome'), cell: (e) => <Outcome outcome={e.outcome} /> },
  ];
  return (
    <DataTable
      caption={t('audit.title')}
      rows={items}
      rowKey={(e) => e.id}
      columns={columns}
      wideFrom="4xl"
      empty={
        <EmptyState icon={<ListIcon className="size-6" />} title={t('audit.emptyTitle')}>
          {t('audit.emptyText')}
        </EmptyState>
      }
    />
  );
}
