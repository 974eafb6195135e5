import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import { useTranslation } from '../../i18n/index.ts';
import { adminApi, type Role } from '../../api.ts';
import { Button } from '../../components/Button.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { SelectField } from '../../components/FormField.tsx';
import { PlusIcon, SearchIcon, UsersIcon } from '../../components/icons.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { Pagination } from '../../components/Pagination.tsx';
import { SearchField } from '../../components/SearchField.tsx';
import { Skeleton } from '../../components/Skeleton.tsx';
import { useToast } from '../../components/Toast.tsx';
import { PAGE_SIZE } from '../../config.ts';
import { useApi, useDebounced } from '../../lib/hooks.ts';
import { usePageMeta } from '../../pageMeta.ts';
import { UserFormDialog } from './UserFormDialog.tsx';
import { UserList } from './UserList.tsx';

const ROLE_PARAM: Record<string, Role> = { administrateurs: 'admin', clients: 'client' };

// /admin/utilisateurs: every account, admins included; filter by role, search, invite an admin.
export default function Users() {
  const { t } = useTranslation();
  usePageMeta({ title: t('app.pageTitle', { page: t('users.title') }), indexable: false });
  const toast = useToast();
  const [params, setParams] = useSearchParams();
  const roleParam = params.get('role') ?? '';
  const role: Role | '' = ROLE_PARAM[roleParam] ?? '';
  const page = Math.max(1, Number(params.get('page')) || 1);
  const q = params.get('q') ?? '';
  const [search, setSearch] = useState(q);
  const debounced = useDebounced(search.trim(), 300);
  const [tick, setTick] = useState(0);
  const [inviting, setInviting] = useState(false);

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

  const list = useApi(() => adminApi.users({ role, q, page, per_page: PAGE_SIZE }), `${role}|${q}|${page}|${tick}`);

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
      <PageHeader help="users"
        title={t('users.title')}
        actions={
          <Button variant="primary" icon={<PlusIcon className="size-4" />} onClick={() => setInviting(true)}>
            {t('users.inviteAdmin')}
          </Button>
        }
      >
        {t('users.intro')}
      </PageHeader>

      <div className="mb-5 flex flex-col gap-4 md:flex-row md:items-end md:justify-between">
        <SelectField
          label={t('users.roleFilter')}
          name="role"
          className="md:w-64"
          value={roleParam in ROLE_PARAM ? roleParam : ''}
          onChange={(e) => update({ role: e.target.value || null, page: null })}
          options={[
            { value: '', label: t('users.roleAll') },
            { value: 'administrateurs', label: t('users.roleAdmins') },
            { value: 'clients', label: t('users.roleClients') },
          ]}
        />
        <SearchField label={t('users.search')} placeholder={t('users.searchPlaceholder')} value={search} onChange={setSearch} />
      </div>

      {list.loading && !list.data ? (
        <Skeleton rows={5} />
      ) : list.error ? (
        <div className="space-y-4">
          <ErrorNotice error={list.error} />
          <Button onClick={list.reload}>{t('session.retry')}</Button>
        </div>
      ) : items.length === 0 ? (
        <EmptyState
          icon={q ? <SearchIcon /> : <UsersIcon />}
          title={q ? t('users.noMatch', { q }) : t('users.empty')}
          action={q ? <Button onClick={() => setSearch('')}>{t('clients.clearSearch')}</Button> : undefined}
        >
          {q ? t('users.noMatchText') : t('users.emptyText')}
        </EmptyState>
      ) : (
        <>
          <p className="mb-3 text-sm text-gray-700" aria-live="polite">
            {t('users.count', { count: total })}
          </p>
          <UserList users={items} showClient onChanged={() => setTick((n) => n + 1)} />
          <Pagination
            label={t('users.pagination')}
            page={page}
            perPage={list.data?.per_page ?? PAGE_SIZE}
            total={total}
            onPage={(p) => update({ page: p > 1 ? String(p) : null })}
          />
        </>
      )}

      {inviting && (
        <UserFormDialog
          mode="invite"
          role="admin"
          onClose={() => setInviting(false)}
          onSave={async (input) => {
            const invited = await adminApi.inviteUser(input);
            setInviting(false);
            toast(t('client.invited', { email: invited.email }));
            setTick((n) => n + 1);
            return invited;
          }}
        />
      )}
    </>
  );
}
