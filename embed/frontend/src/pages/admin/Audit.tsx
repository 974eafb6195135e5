import { useEffect, useState } from 'react';
import { useTranslation } from '../../i18n/index.ts';
import { adminApi, adminReportsApi, type AuditEntry, type AuditQuery, type Client, type User } from '../../api.ts';
import { buttonClass } from '../../components/Button.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { FormField, SelectField } from '../../components/FormField.tsx';
import { AlertIcon, DownloadIcon, ListIcon, ShieldIcon } from '../../components/icons.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { Pagination } from '../../components/Pagination.tsx';
import { Badge } from '../../components/ProjectBadges.tsx';
import { Skeleton } from '../../components/Skeleton.tsx';
import { PAGE_SIZE } from '../../config.ts';
import { formatDateTime, formatNumber } from '../../lib/format.ts';
import { useApi, useDebounced } from '../../lib/hooks.ts';
import { usePageMeta } from '../../pageMeta.ts';
import { loadAllClients } from '../projects/lookups.ts';

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
  const s = useApi(() => adminReportsApi.auditChain(), 'chain').data;
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

// /admin/journal (X3): the audit log, read-only, with filters, pages and a CSV export.
export default function Audit() {
  const { t } = useTranslation();
  usePageMeta({ title: t('app.pageTitle', { page: t('audit.title') }), indexable: false });
  const [actorId, setActorId] = useState('');
  const [clientId, setClientId] = useState('');
  const [action, setAction] = useState('');
  const [targetType, setTargetType] = useState('');
  const [targetId, setTargetId] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [page, setPage] = useState(1);
  const [clients, setClients] = useState<Client[]>([]);
  const [users, setUsers] = useState<User[]>([]);
  const actionQ = useDebounced(action);
  const typeQ = useDebounced(targetType);
  const idQ = useDebounced(targetId);
  useEffect(() => {
    loadAllClients().then(setClients, () => {});
    adminApi.users({ per_page: 100 }).then((r) => setUsers(r.items), () => {});
  }, []);

  const filters: AuditQuery = {
    actor_id: actorId ? Number(actorId) : '',
    client_id: clientId ? Number(clientId) : '',
    action: actionQ.trim(),
    target_type: typeQ.trim(),
    target_id: /^\d+$/.test(idQ.trim()) ? Number(idQ.trim()) : '',
    from,
    to,
  };
  const key = JSON.stringify(filters);
  useEffect(() => setPage(1), [key]);
  const list = useApi(() => adminReportsApi.audit({ ...filters, page, per_page: PAGE_SIZE }), `${key}|${page}`);

  return (
    <>
      <PageHeader
        title={t('audit.title')}
        actions={
          <a href={adminReportsApi.auditCsvUrl(filters)} download className={buttonClass('secondary')}>
            <DownloadIcon className="size-4" />
            {t('audit.export')}
          </a>
        }
      >
        {t('audit.intro')}
      </PageHeader>
      <ChainStatus />
      <form role="search" aria-label={t('audit.filters')} onSubmit={(e) => e.preventDefault()} className="mb-6 grid gap-4 rounded-2xl bg-white p-5 shadow-sm ring-1 ring-gray-200 sm:grid-cols-2 xl:grid-cols-4">
        <SelectField
          label={t('audit.actor')}
          value={actorId}
          onChange={(e) => setActorId(e.target.value)}
          options={[{ value: '', label: t('audit.anyone') }, ...users.map((u) => ({ value: String(u.id), label: `${u.name} (${u.email})` }))]}
        />
        <SelectField
          label={t('filters.client')}
          value={clientId}
          onChange={(e) => setClientId(e.target.value)}
          options={[{ value: '', label: t('filters.allClients') }, ...clients.map((c) => ({ value: String(c.id), label: c.name }))]}
        />
        <FormField label={t('audit.action')} value={action} onChange={(e) => setAction(e.target.value)} placeholder="user.login" />
        <FormField label={t('audit.targetType')} value={targetType} onChange={(e) => setTargetType(e.target.value)} placeholder="project" />
        <FormField label={t('audit.targetId')} inputMode="numeric" value={targetId} onChange={(e) => setTargetId(e.target.value)} />
        <FormField label={t('filters.from')} type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
        <FormField label={t('filters.to')} type="date" value={to} onChange={(e) => setTo(e.target.value)} />
      </form>

      {list.error ? (
        <ErrorNotice error={list.error} />
      ) : list.loading && !list.data ? (
        <Skeleton rows={6} />
      ) : !list.data || list.data.items.length === 0 ? (
        <EmptyState icon={<ListIcon className="size-6" />} title={t('audit.emptyTitle')}>
          {t('audit.emptyText')}
        </EmptyState>
      ) : (
        <>
          <p className="mb-3 text-sm text-gray-700" aria-live="polite">
            {t('audit.count', { count: list.data.total, n: formatNumber(list.data.total) })}
          </p>
          <AuditTable items={list.data.items} />
          <ul className="space-y-3 xl:hidden" aria-label={t('audit.title')}>
            {list.data.items.map((e) => (
              <li key={e.id} className="rounded-2xl bg-white p-4 text-sm shadow-sm ring-1 ring-gray-200">
                <div className="flex flex-wrap items-center justify-between gap-2">
                  <code className="font-semibold break-all text-gray-900">{e.action}</code>
                  <Outcome outcome={e.outcome} />
                </div>
                <p className="mt-1 text-gray-700">
                  <time dateTime={e.at}>{formatDateTime(e.at)}</time> · {e.actor_email || t('audit.system')}
                </p>
                {e.summary && <p className="mt-1 break-words text-gray-900">{e.summary}</p>}
                <p className="mt-1 break-all text-gray-700">
                  {e.target_type ? `${e.target_type} #${e.target_id}` : ''} {e.ip && `· ${e.ip}`}
                </p>
              </li>
            ))}
          </ul>
          <Pagination page={page} perPage={list.data.per_page || PAGE_SIZE} total={list.data.total} onPage={setPage} label={t('audit.pages')} />
        </>
      )}
    </>
  );
}

function AuditTable({ items }: { items: AuditEntry[] }) {
  const { t } = useTranslation();
  return (
    <div className="hidden rounded-2xl bg-white shadow-sm ring-1 ring-gray-200 xl:block">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">{t('audit.title')}</caption>
        <thead className="border-b border-gray-200 text-gray-700">
          <tr>
            {(['at', 'actor', 'action', 'target', 'summary', 'outcome'] as const).map((c) => (
              <th key={c} scope="col" className="px-4 py-3 font-semibold">
                {t(`audit.col.${c}`)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-gray-200">
          {items.map((e) => (
            <tr key={e.id} className="align-top">
              <td className="px-4 py-3 whitespace-nowrap">
                <time dateTime={e.at}>{formatDateTime(e.at)}</time>
              </td>
              <td className="px-4 py-3 break-all">
                {e.actor_email || t('audit.system')}
                {e.ip && <span className="block text-gray-700">{e.ip}</span>}
              </td>
              <td className="px-4 py-3">
                <code className="break-all">{e.action}</code>
              </td>
              <td className="px-4 py-3 whitespace-nowrap">{e.target_type ? `${e.target_type} #${e.target_id}` : '—'}</td>
              <td className="px-4 py-3 break-words">{e.summary || '—'}</td>
              <td className="px-4 py-3">
                <Outcome outcome={e.outcome} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
