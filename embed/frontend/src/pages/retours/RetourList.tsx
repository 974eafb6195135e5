import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from '../../i18n/index.ts';
import { RETOUR_KINDS, RETOUR_PRIORITIES, RETOUR_STATUSES, type PageOf, type Retour, type RetourQuery, type RetourSort } from '../../api.ts';
import { Button } from '../../components/Button.tsx';
import { DataTable, type Column } from '../../components/DataTable.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { SelectField } from '../../components/FormField.tsx';
import { ChatIcon, SearchIcon } from '../../components/icons.tsx';
import { Link } from '../../components/Link.tsx';
import { listTotal, PagedList } from '../../components/Pagination.tsx';
import { UnreadBadge } from '../../components/ProjectBadges.tsx';
import { QueryView } from '../../components/QueryView.tsx';
import { Skeleton } from '../../components/Skeleton.tsx';
import { retourPath } from '../../config.ts';
import { formatDateTime } from '../../lib/format.ts';
import { param, type ListParams, type SortParam, type SortState } from '../../lib/listParams.ts';
import { RetourPriorityBadge, RetourStatusBadge } from './RetourBadges.tsx';
import { AssigneeSelect, PrioritySelect } from './Triage.tsx';

// What the project's retours and the staff's list across projects share: the filters of state,
// type and priority (in the address), the sort (the server's, from the table's headers), the
// table (cards on phones) with each retour's unread messages, the total, the pages and the empty
// state. The staff's list sets priority and assignee in its rows.

/** « Ouverts » (every state but clôturé) unless the address says otherwise; « tous » is every state. */
const STATES = ['ouvert', 'tous', ...RETOUR_STATUSES] as const;
export type RetourStateFilter = (typeof STATES)[number];

/** The filters of both lists, their address parameters prefixed (the project's page has its own). */
export function retourFilterParams(prefix: string) {
  return {
    status: param.oneOf(`${prefix}etat`, STATES, 'ouvert'),
    kind: param.oneOf(`${prefix}type`, RETOUR_KINDS, ''),
    priority: param.oneOf(`${prefix}priorite`, RETOUR_PRIORITIES, ''),
  };
}

export type RetourSortKey = 'created' | 'priority' | 'status' | 'updated';

/** The table's sorts: the opening date both ways, the others the one way the server sorts them. */
export function retourSort(prefix: string, fallback: SortState<RetourSortKey>): SortParam<RetourSortKey> {
  return { name: `${prefix}tri`, keys: ['created', 'priority', 'status', 'updated'], fallback, natural: { created: 'desc', updated: 'desc' } };
}

/** The server's name of a sort of the table. */
export function apiSort(s: SortState<RetourSortKey>): RetourSort {
  if (s.key === 'created') return s.dir === 'desc' ? 'recent' : 'oldest';
  return s.key;
}

/** The filters of both lists as the API takes them. */
export function retourQuery(f: { status: RetourStateFilter | ''; kind: RetourQuery['kind']; priority: RetourQuery['priority'] }, sort: SortState<RetourSortKey>): RetourQuery {
  return { status: f.status === 'tous' ? '' : f.status || 'ouvert', kind: f.kind, priority: f.priority, sort: apiSort(sort) };
}

type Filters = { status: RetourStateFilter | ''; kind: RetourQuery['kind']; priority: RetourQuery['priority'] };

/** State, type and priority selects. */
export function RetourFilterFields<F extends Filters>({ list }: { list: ListParams<F, RetourSortKey> }) {
  const { t } = useTranslation();
  const f = list.filters;
  return (
    <>
      <SelectField
        label={t('retours.fields.status')}
        value={f.status || 'ouvert'}
        onChange={(e) => list.setFilters({ status: e.target.value } as Partial<F>)}
        options={[
          { value: 'ouvert', label: t('retours.filter.open') },
          { value: 'tous', label: t('retours.filter.all') },
          ...RETOUR_STATUSES.map((s) => ({ value: s, label: t(`retours.status.${s}`) })),
        ]}
      />
      <SelectField
        label={t('retours.fields.kind')}
        value={f.kind ?? ''}
        onChange={(e) => list.setFilters({ kind: e.target.value } as Partial<F>)}
        options={[{ value: '', label: t('retours.filter.anyKind') }, ...RETOUR_KINDS.map((k) => ({ value: k, label: t(`retours.kind.${k}`) }))]}
      />
      <SelectField
        label={t('retours.fields.priority')}
        value={f.priority ?? ''}
        onChange={(e) => list.setFilters({ priority: e.target.value } as Partial<F>)}
        options={[{ value: '', label: t('retours.filter.anyPriority') }, ...RETOUR_PRIORITIES.map((p) => ({ value: p, label: t(`retours.priority.${p}`) }))]}
      />
    </>
  );
}

/**
 * A page of retours: the total, the table (cards on phones) and the pages. `staff` shows each
 * retour's client and project and lets staff set its priority and assignee in the row.
 */
export function RetourTable<F extends object>({
  query,
  list,
  perPage,
  staff = false,
  wideFrom,
}: {
  query: UseQueryResult<PageOf<Retour>>;
  list: ListParams<F, RetourSortKey>;
  perPage: number;
  staff?: boolean;
  wideFrom: '3xl' | '4xl';
}) {
  const { t } = useTranslation();
  const columns: Column<Retour>[] = [
    {
      key: 'title',
      header: t('retours.fields.title'),
      rowHeader: true,
      cell: (r) => (
        <>
          <Link to={retourPath(r.project_id, r.id)} className="inline-flex min-h-11 items-center font-semibold break-words text-brand-700 underline-offset-4 hover:text-brand-800 hover:underline">
            {r.title}
          </Link>
          <span className="block text-gray-700">
            {staff && `${r.client_name} · ${r.project_name} · `}
            {t('retours.number', { id: r.id })} · {t(`retours.kind.${r.kind}`)}
            {r.milestone_title && ` · ${r.milestone_title}`}
          </span>
          {r.unread > 0 && (
            <span className="mt-1 block">
              <UnreadBadge count={r.unread} />
            </span>
          )}
        </>
      ),
    },
    { key: 'status', header: t('retours.fields.status'), sort: { dirs: ['asc'] }, cell: (r) => <RetourStatusBadge status={r.status} /> },
    {
      key: 'priority',
      header: t('retours.fields.priority'),
      // Room for « Bloquant » beside the select's arrow (the column cut it to « Bloqua… »).
      className: staff ? 'min-w-36' : '',
      sort: { dirs: ['asc'] },
      cell: (r) => (staff ? <PrioritySelect retour={r} compact /> : <RetourPriorityBadge priority={r.priority} />),
    },
    {
      key: 'created',
      header: t('retours.fields.openedAt'),
      className: 'whitespace-nowrap',
      sort: { dirs: ['desc', 'asc'] },
      cell: (r) => (
        <>
          <time dateTime={r.created_at}>{formatDateTime(r.created_at)}</time>
          <span className="block text-gray-700">{t('retours.by', { name: r.opened_by })}</span>
        </>
      ),
    },
    {
      key: 'assignee',
      header: t('retours.fields.assignee'),
      className: staff ? 'min-w-44' : '',
      cell: (r) => (staff ? <AssigneeSelect retour={r} compact /> : r.assignee_name || <span className="text-gray-700">—</span>),
    },
  ];
  if (staff) {
    columns.push({
      key: 'updated',
      header: t('retours.fields.updatedAt'),
      className: 'whitespace-nowrap',
      sort: { dirs: ['desc'] },
      cell: (r) => <time dateTime={r.updated_at}>{formatDateTime(r.updated_at)}</time>,
    });
  }

  const empty: ReactNode = list.filtered ? (
    <EmptyState icon={<SearchIcon />} title={t('retours.noMatch')} action={<Button onClick={list.clear}>{t('retours.clearFilters')}</Button>}>
      {t('retours.empty')}
    </EmptyState>
  ) : (
    <EmptyState icon={<ChatIcon className="size-6" />} title={t('retours.emptyTitle')}>
      {t('retours.emptyNone')}
    </EmptyState>
  );

  return (
    <QueryView query={query} loading={<Skeleton rows={3} label={t('retours.title')} />}>
      {(data) => (
        <PagedList data={data} list={list} count={listTotal(t, 'retours.total', data.total)} label={t('retours.pages')} perPage={perPage}>
          <DataTable caption={t('retours.listLabel')} rows={data.items} rowKey={(r) => r.id} columns={columns} empty={empty} wideFrom={wideFrom} sort={list.sort} onSort={list.setSort} />
        </PagedList>
      )}
    </QueryView>
  );
}
