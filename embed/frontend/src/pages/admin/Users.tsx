import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from '../../i18n/index.ts';
import { adminApi, type Role } from '../../api.ts';
import { Button } from '../../components/Button.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { SelectField } from '../../components/FormField.tsx';
import { PlusIcon, SearchIcon, UsersIcon } from '../../components/icons.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { PagedList } from '../../components/Pagination.tsx';
import { QueryView } from '../../components/QueryView.tsx';
import { SearchField } from '../../components/SearchField.tsx';
import { useToast } from '../../components/Toast.tsx';
import { PAGE_SIZE } from '../../config.ts';
import { param, useListParams, useSearchFilter } from '../../lib/listParams.ts';
import { adminQueries, queryKeys } from '../../lib/queries.ts';
import { usePageMeta } from '../../pageMeta.ts';
import { UserFormDialog } from './UserFormDialog.tsx';
import { UserList } from './UserList.tsx';
import './texts.ts';

const ROLES: readonly Role[] = ['admin', 'client'];
const FILTERS = { role: param.oneOf('role', ROLES, '', { admin: 'administrateurs', client: 'clients' }), q: param.text('q') };

// /admin/utilisateurs: every account, admins included; filter by role, search, invite an admin.
export default function Users() {
  const { t } = useTranslation();
  usePageMeta({ title: t('app.pageTitle', { page: t('users.title') }), indexable: false });
  const toast = useToast();
  const queryClient = useQueryClient();
  const list = useListParams(FILTERS);
  const { role, q } = list.filters;
  const [search, setSearch] = useSearchFilter(list);
  const [inviting, setInviting] = useState(false);
  const users = useQuery(adminQueries.users({ role, q, page: list.page, per_page: PAGE_SIZE }));

  return (
    <>
      <PageHeader
        help="users"
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
          value={FILTERS.role.format(role) ?? ''}
          onChange={(e) => list.setFilters({ role: FILTERS.role.parse(e.target.value) })}
          options={[
            { value: '', label: t('users.roleAll') },
            { value: 'administrateurs', label: t('users.roleAdmins') },
            { value: 'clients', label: t('users.roleClients') },
          ]}
        />
        <SearchField label={t('users.search')} placeholder={t('users.searchPlaceholder')} value={search} onChange={setSearch} />
      </div>

      <QueryView query={users}>
        {(data) => (
          <PagedList data={data} list={list} count={t('users.count', { count: data.total })} label={t('users.pagination')}>
            <UserList
              users={data.items}
              showClient
              empty={
                <EmptyState
                  icon={q ? <SearchIcon /> : <UsersIcon />}
                  title={q ? t('users.noMatch', { q }) : t('users.empty')}
                  action={q ? <Button onClick={() => setSearch('')}>{t('clients.clearSearch')}</Button> : undefined}
                >
                  {q ? t('users.noMatchText') : t('users.emptyText')}
                </EmptyState>
              }
            />
          </PagedList>
        )}
      </QueryView>

      {inviting && (
        <UserFormDialog
          mode="invite"
          role="admin"
          onClose={() => setInviting(false)}
          onSave={async (input) => {
            const invited = await adminApi.inviteUser(input);
            setInviting(false);
            toast(t('client.invited', { email: invited.email }));
            void queryClient.invalidateQueries({ queryKey: queryKeys.users });
            return invited;
          }}
        />
      )}
    </>
  );
}
