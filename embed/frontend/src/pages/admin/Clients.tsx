import { useEffect, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { Link } from '../../components/Link.tsx';
import { useTranslation } from '../../i18n/index.ts';
import { adminApi, type Client } from '../../api.ts';
import { Button } from '../../components/Button.tsx';
import { Dialog } from '../../components/Dialog.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { BuildingIcon, PlusIcon, SearchIcon } from '../../components/icons.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { Pagination } from '../../components/Pagination.tsx';
import { SearchField } from '../../components/SearchField.tsx';
import { Skeleton } from '../../components/Skeleton.tsx';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import { Tabs } from '../../components/Tabs.tsx';
import { useToast } from '../../components/Toast.tsx';
import { clientPath, PAGE_SIZE } from '../../config.ts';
import { formatDate } from '../../lib/format.ts';
import { useApi, useDebounced } from '../../lib/hooks.ts';
import { usePageMeta } from '../../pageMeta.ts';
import { ClientForm, emptyClient } from './ClientForm.tsx';

type Tab = 'actifs' | 'archives';
const PANEL_ID = 'liste-clients';

// /admin/clients: the client companies, active or archived, searchable, a page at a time.
// The search, the tab and the page are in the address, so that a reload or a shared link keeps them.
export default function Clients() {
  const { t } = useTranslation();
  usePageMeta({ title: t('app.pageTitle', { page: t('clients.title') }), indexable: false });
  const navigate = useNavigate();
  const toast = useToast();
  const [params, setParams] = useSearchParams();
  const tab: Tab = params.get('onglet') === 'archives' ? 'archives' : 'actifs';
  const page = Math.max(1, Number(params.get('page')) || 1);
  const q = params.get('q') ?? '';
  const [search, setSearch] = useState(q);
  const debounced = useDebounced(search.trim(), 300);
  const [creating, setCreating] = useState(false);

  // The typed search reaches the address (and so the list) once the user pauses.
  useEffect(() => {
    if (debounced === q) return;
    setParams(
      (p) => {
        const n = new URLSearchParams(p);
        if (debounced) n.set('q', debounced);
        else n.delete('q');
        n.delete('page');
        return n;
      },
      { replace: true },
    );
  }, [debounced, q, setParams]);

  const list = useApi(() => adminApi.clients({ q, archived: tab === 'archives', page, per_page: PAGE_SIZE }), `${tab}|${q}|${page}`);

  function update(changes: Record<string, string | null>) {
    setParams((p) => {
      const n = new URLSearchParams(p);
      for (const [k, v] of Object.entries(changes)) {
        if (v) n.set(k, v);
        else n.delete(k);
      }
      return n;
    });
  }

  const items = list.data?.items ?? [];
  const total = list.data?.total ?? 0;

  return (
    <>
      <PageHeader help="clients"
        title={t('clients.title')}
        actions={
          <Button variant="primary" icon={<PlusIcon className="size-4" />} onClick={() => setCreating(true)}>
            {t('clients.new')}
          </Button>
        }
      >
        {t('clients.intro')}
      </PageHeader>

      <div className="mb-5 flex flex-col gap-4 md:flex-row md:items-center md:justify-between">
        <Tabs
          label={t('clients.tabsLabel')}
          panelId={PANEL_ID}
          current={tab}
          onChange={(k) => update({ onglet: k === 'archives' ? 'archives' : null, page: null })}
          tabs={[
            { key: 'actifs', label: t('clients.tabActive') },
            { key: 'archives', label: t('clients.tabArchived') },
          ]}
        />
        <SearchField label={t('clients.search')} placeholder={t('clients.searchPlaceholder')} value={search} onChange={setSearch} />
      </div>

      <div id={PANEL_ID} role="tabpanel" aria-labelledby={`${PANEL_ID}-onglet-${tab}`}>
        {list.loading && !list.data ? (
          <Skeleton rows={5} />
        ) : list.error ? (
          <div className="space-y-4">
            <ErrorNotice error={list.error} />
            <Button onClick={list.reload}>{t('session.retry')}</Button>
          </div>
        ) : items.length === 0 ? (
          q ? (
            <EmptyState icon={<SearchIcon />} title={t('clients.noMatch', { q })} action={<Button onClick={() => setSearch('')}>{t('clients.clearSearch')}</Button>}>
              {t('clients.noMatchText')}
            </EmptyState>
          ) : tab === 'archives' ? (
            <EmptyState icon={<BuildingIcon />} title={t('clients.noArchived')}>
              {t('clients.noArchivedText')}
            </EmptyState>
          ) : (
            <EmptyState
              icon={<BuildingIcon />}
              title={t('clients.empty')}
              action={
                <Button variant="primary" icon={<PlusIcon className="size-4" />} onClick={() => setCreating(true)}>
                  {t('clients.new')}
                </Button>
              }
            >
              {t('clients.emptyText')}
            </EmptyState>
          )
        ) : (
          <>
            <p className="mb-3 text-sm text-gray-700" aria-live="polite">
              {t('clients.count', { count: total })}
            </p>
            {/* A table when the list is wide enough, cards otherwise (phones, tablets beside the menu). */}
            <div className="@container">
              <ClientTable clients={items} />
              <ClientCards clients={items} />
            </div>
            <Pagination
              label={t('clients.pagination')}
              page={page}
              perPage={list.data?.per_page ?? PAGE_SIZE}
              total={total}
              onPage={(p) => update({ page: p > 1 ? String(p) : null })}
            />
          </>
        )}
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

// Desktop and tablet: a table.
function ClientTable({ clients }: { clients: Client[] }) {
  const { t } = useTranslation();
  return (
    <div className="hidden rounded-2xl bg-white shadow-sm ring-1 ring-gray-200 @2xl:block">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">{t('clients.title')}</caption>
        <thead className="border-b border-gray-200 text-gray-700">
          <tr>
            <th scope="col" className="px-5 py-3 font-semibold">
              {t('clients.col.name')}
            </th>
            <th scope="col" className="px-5 py-3 font-semibold">
              {t('clients.col.contact')}
            </th>
            <th scope="col" className="px-5 py-3 text-right font-semibold">
              {t('clients.col.users')}
            </th>
            <th scope="col" className="px-5 py-3 font-semibold">
              {t('clients.col.created')}
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-gray-200">
          {clients.map((c) => (
            <tr key={c.id} className="hover:bg-gray-50">
              <th scope="row" className="px-5 py-3 font-semibold">
                <Link to={clientPath(c.id)} className="inline-flex min-h-11 items-center gap-2 text-brand-700 underline-offset-4 hover:text-brand-800 hover:underline">
                  {c.name}
                </Link>
                {c.archived && (
                  <span className="ml-2">
                    <StatusBadge status="archived" />
                  </span>
                )}
              </th>
              <td className="px-5 py-3">
                <Contact client={c} />
              </td>
              <td className="px-5 py-3 text-right text-gray-900 tabular-nums">{c.user_count}</td>
              <td className="px-5 py-3 whitespace-nowrap text-gray-700">{formatDate(c.created_at)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

// Phones: one card per client.
function ClientCards({ clients }: { clients: Client[] }) {
  const { t } = useTranslation();
  return (
    <ul className="space-y-3 @2xl:hidden">
      {clients.map((c) => (
        <li key={c.id} className="relative rounded-2xl bg-white p-4 shadow-sm ring-1 ring-gray-200">
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
        </li>
      ))}
    </ul>
  );
}
