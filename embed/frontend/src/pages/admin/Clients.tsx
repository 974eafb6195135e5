import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { Link } from '../../components/Link.tsx';
import { useTranslation } from '../../i18n/index.ts';
import { adminApi, type Client } from '../../api.ts';
import { Button } from '../../components/Button.tsx';
import { DataTable, type Column } from '../../components/DataTable.tsx';
import { Dialog } from '../../components/Dialog.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { BuildingIcon, PlusIcon, SearchIcon } from '../../components/icons.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { PagedList } from '../../components/Pagination.tsx';
import { QueryView } from '../../components/QueryView.tsx';
import { SearchField } from '../../components/SearchField.tsx';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import { Tabs } from '../../components/Tabs.tsx';
import { useToast } from '../../components/Toast.tsx';
import { clientPath, PAGE_SIZE } from '../../config.ts';
import { formatDate } from '../../lib/format.ts';
import { param, useListParams, useSearchFilter } from '../../lib/listParams.ts';
import { adminQueries } from '../../lib/queries.ts';
import { usePageMeta } from '../../pageMeta.ts';
import { ClientForm, emptyClient } from './ClientForm.tsx';
import './texts.ts';

const PANEL_ID = 'liste-clients';
const FILTERS = { tab: param.oneOf('onglet', ['actifs', 'archives'] as const, 'actifs'), q: param.text('q') };

// /admin/clients: the client companies, active or archived, searchable, a page at a time.
// The search, the tab and the page are in the address, so that a reload or a shared link keeps them.
export default function Clients() {
  const { t } = useTranslation();
  usePageMeta({ title: t('app.pageTitle', { page: t('clients.title') }), indexable: false });
  const navigate = useNavigate();
  const toast = useToast();
  const list = useListParams(FILTERS);
  const { tab, q } = list.filters;
  const [search, setSearch] = useSearchFilter(list);
  const [creating, setCreating] = useState(false);
  const clients = useQuery(adminQueries.clients({ q, archived: tab === 'archives', page: list.page, per_page: PAGE_SIZE }));

  const columns: Column<Client>[] = [
    {
      key: 'name',
      header: t('clients.col.name'),
      rowHeader: true,
      className: 'font-semibold',
      cell: (c) => (
        <>
          <Link to={clientPath(c.id)} className="inline-flex min-h-11 items-center gap-2 text-brand-700 underline-offset-4 hover:text-brand-800 hover:underline">
            {c.name}
          </Link>
          {c.archived && (
            <span className="ml-2">
              <StatusBadge status="archived" />
            </span>
          )}
        </>
      ),
    },
    { key: 'contact', header: t('clients.col.contact'), cell: (c) => <Contact client={c} /> },
    { key: 'users', header: t('clients.col.users'), className: 'text-right text-gray-900 tabular-nums', cell: (c) => c.user_count },
    { key: 'created', header: t('clients.col.created'), className: 'whitespace-nowrap text-gray-700', cell: (c) => formatDate(c.created_at) },
  ];

  // In the header and, when there is no client yet, in the empty state.
  const createButton = (
    <Button variant="primary" icon={<PlusIcon className="size-4" />} onClick={() => setCreating(true)}>
      {t('clients.new')}
    </Button>
  );
  const empty = q ? (
    <EmptyState icon={<SearchIcon />} title={t('clients.noMatch', { q })} action={<Button onClick={() => setSearch('')}>{t('clients.clearSearch')}</Button>}>
      {t('clients.noMatchText')}
    </EmptyState>
  ) : tab === 'archives' ? (
    <EmptyState icon={<BuildingIcon />} title={t('clients.noArchived')}>
      {t('clients.noArchivedText')}
    </EmptyState>
  ) : (
    <EmptyState icon={<BuildingIcon />} title={t('clients.empty')} action={createButton}>
      {t('clients.emptyText')}
    </EmptyState>
  );

  return (
    <>
      <PageHeader help="clients" title={t('clients.title')} actions={createButton}>
        {t('clients.intro')}
      </PageHeader>

      <div className="mb-5 flex flex-col gap-4 md:flex-row md:items-center md:justify-between">
        <Tabs
          label={t('clients.tabsLabel')}
          panelId={PANEL_ID}
          current={tab}
          onChange={(k) => list.setFilters({ tab: k === 'archives' ? 'archives' : 'actifs' })}
          tabs={[
            { key: 'actifs', label: t('clients.tabActive') },
            { key: 'archives', label: t('clients.tabArchived') },
          ]}
        />
        <SearchField label={t('clients.search')} placeholder={t('clients.searchPlaceholder')} value={search} onChange={setSearch} />
      </div>

      <div id={PANEL_ID} role="tabpanel" aria-labelledby={`${PANEL_ID}-onglet-${tab}`}>
        <QueryView query={clients}>
          {(data) => (
            <PagedList data={data} list={list} count={t('clients.count', { count: data.total })} label={t('clients.pagination')}>
              {/* A table when the list is wide enough, cards otherwise (phones, tablets beside the menu). */}
              <DataTable caption={t('clients.title')} rows={data.items} rowKey={(c) => c.id} columns={columns} empty={empty} card={(c) => <ClientCard client={c} />} rowClassName="hover:bg-gray-50" />
            </PagedList>
          )}
        </QueryView>
      </div>

      {creating && (
        <Dialog title={t('clients.newTitle')} description={t('clients.newText')} onClose={() => setCreating(false)} wide>
          <ClientForm
            initial={emptyClient}
            submitLabel={t('clients.create')}
            actions={<Button onClick={() => setCreating(false)}>{t('dialog.cancel')}</Button>}
            onSubmit={async (input) => {
              const created = await adminApi.createClient(input);
              setCreating(false);
              toast(t('clients.created', { name: created.name }));
              navigate(clientPath(created.id));
            }}
          />
        </Dialog>
      )}
    </>
  );
}

function Contact({ client }: { client: Client }) {
  if (!client.contact_name && !client.contact_email) return <span className="text-gray-600">—</span>;
  return (
    <>
      {client.contact_name && <span className="block text-gray-900">{client.contact_name}</span>}
      {client.contact_email && <span className="block text-gray-700 wrap-anywhere">{client.contact_email}</span>}
    </>
  );
}

// Phones: one card per client.
function ClientCard({ client: c }: { client: Client }) {
  const { t } = useTranslation();
  return (
    <div className="relative rounded-2xl bg-white p-4 shadow-sm ring-1 ring-gray-200">
      <div className="flex items-start justify-between gap-3">
        <Link to={clientPath(c.id)} className="min-h-11 py-2 font-semibold break-words text-brand-700 underline-offset-4 after:absolute after:inset-0 hover:underline">
          {c.name}
        </Link>
        {c.archived && <StatusBadge status="archived" />}
      </div>
      <div className="text-sm">
        <Contact client={c} />
      </div>
      <p className="mt-2 text-sm text-gray-700">
        {t('clients.usersCount', { count: c.user_count })} · {t('clients.createdOn', { date: formatDate(c.created_at) })}
      </p>
    </div>
  );
}
