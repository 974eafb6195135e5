import { useQueryClient } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { Link } from '../../components/Link.tsx';
import { useTranslation } from '../../i18n/index.ts';
import { adminApi, toApiError, type ApiError, type User } from '../../api.ts';
import { useUser } from '../../auth/AuthContext.tsx';
import { ActionsMenu, type MenuAction } from '../../components/ActionsMenu.tsx';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { DataTable, type Column } from '../../components/DataTable.tsx';
import { LiveAlert } from '../../components/LiveAlert.tsx';
import { BanIcon, CheckIcon, MailIcon, PencilIcon, SignOutIcon } from '../../components/icons.tsx';
import { StatusBadge, userStatus } from '../../components/StatusBadge.tsx';
import { useToast } from '../../components/Toast.tsx';
import { clientPath } from '../../config.ts';
import { formatDateTime } from '../../lib/format.ts';
import { queryKeys } from '../../lib/queries.ts';
import { UserFormDialog } from './UserFormDialog.tsx';
import './texts.ts';

type Pending = { kind: 'edit' | 'disable' | 'sessions'; user: User } | null;

// The accounts of a client (or all of them), each with its status and its actions. A change
// reloads every list of users. `sortable`: the list is all there (a client's users), so the
// table sorts it; a page of a longer list is not sorted on its own.
export function UserList({ users, showClient = false, sortable = false, empty }: { users: User[]; showClient?: boolean; sortable?: boolean; empty: ReactNode }) {
  const { t } = useTranslation();
  const me = useUser();
  const toast = useToast();
  const queryClient = useQueryClient();
  const onChanged = () => void queryClient.invalidateQueries({ queryKey: queryKeys.users });
  const [pending, setPending] = useState<Pending>(null);
  const [error, setError] = useState<ApiError | null>(null);

  async function run(action: () => Promise<unknown>, message: string) {
    setError(null);
    try {
      await action();
      toast(message);
      onChanged();
    } catch (e) {
      setError(toApiError(e));
    }
  }

  function actionsOf(u: User): MenuAction[] {
    const list: MenuAction[] = [{ key: 'edit', label: t('users.actions.edit'), icon: <PencilIcon className="size-4" />, onSelect: () => setPending({ kind: 'edit', user: u }) }];
    if (!u.password_set && !u.disabled) {
      list.push({
        key: 'resend',
        label: t('users.actions.resend'),
        icon: <MailIcon className="size-4" />,
        onSelect: () => void run(() => adminApi.resendInvitation(u.id), t('users.actions.resent', { email: u.email })),
      });
    }
    if (u.disabled) {
      list.push({
        key: 'enable',
        label: t('users.actions.enable'),
        icon: <CheckIcon className="size-4" />,
        onSelect: () => void run(() => adminApi.enableUser(u.id), t('users.actions.enabled', { name: u.name })),
      });
    } else if (u.id !== me.id) {
      list.push({ key: 'disable', label: t('users.actions.disable'), icon: <BanIcon className="size-4" />, danger: true, onSelect: () => setPending({ kind: 'disable', user: u }) });
    }
    if (u.id !== me.id) {
      list.push({ key: 'sessions', label: t('users.actions.sessions'), icon: <SignOutIcon className="size-4" />, onSelect: () => setPending({ kind: 'sessions', user: u }) });
    }
    return list;
  }

  const menu = (u: User) => <ActionsMenu label={t('users.actions.label', { name: u.name })} actions={actionsOf(u)} />;
  const role = (u: User) =>
    u.role === 'admin' ? (
      <StatusBadge status="admin" label={t('users.roleAdmin')} />
    ) : u.client_id ? (
      <Link to={clientPath(u.client_id)} className="inline-flex min-h-11 items-center font-medium text-brand-700 underline-offset-4 hover:underline">
        {u.client_name}
      </Link>
    ) : null;
  const lastLogin = (u: User) => (u.last_login_at ? formatDateTime(u.last_login_at) : t('users.neverSignedIn'));

  const columns: Column<User>[] = [
    {
      key: 'name',
      header: t('users.col.name'),
      rowHeader: true,
      sort: sortable ? { value: (u) => u.name } : undefined,
      cell: (u) => (
        <>
          <span className="block font-semibold text-gray-900">{u.name}</span>
          <span className="block text-gray-700 wrap-anywhere">{u.email}</span>
        </>
      ),
    },
    ...(showClient ? [{ key: 'client', header: t('users.col.client'), cell: role }] : []),
    { key: 'status', header: t('users.col.status'), cell: (u) => <StatusBadge status={userStatus(u)} /> },
    {
      key: 'lastLogin',
      header: t('users.col.lastLogin'),
      className: 'text-gray-700',
      sort: sortable ? { value: (u) => u.last_login_at ?? '' } : undefined,
      cell: lastLogin,
    },
    { key: 'actions', header: t('users.col.actions'), hiddenHeader: true, className: 'text-right', cell: menu },
  ];

  return (
    <div>
      <LiveAlert error={error} />

      {/* Wide enough (the width of the list, not of the screen): a table; otherwise cards. */}
      <DataTable
        caption={t('users.title')}
        rows={users}
        rowKey={(u) => u.id}
        columns={columns}
        empty={empty}
        wideFrom={showClient ? '3xl' : '2xl'}
        rowClassName=""
        defaultSort={sortable ? { key: 'name', dir: 'asc' } : undefined}
        card={(u) => (
          <div className="rounded-2xl bg-white p-4 shadow-sm ring-1 ring-gray-200">
            <div className="flex items-start justify-between gap-3">
              <div className="min-w-0">
                <p className="font-semibold break-words text-gray-900">{u.name}</p>
                <p className="text-sm text-gray-700 wrap-anywhere">{u.email}</p>
              </div>
              {menu(u)}
            </div>
            <div className="mt-3 flex flex-wrap items-center gap-x-3 gap-y-1 text-sm">
              <StatusBadge status={userStatus(u)} />
              {showClient && role(u)}
            </div>
            <p className="mt-2 text-sm text-gray-700">
              {t('users.col.lastLogin')} : {lastLogin(u)}
            </p>
          </div>
        )}
      />

      {pending?.kind === 'edit' && (
        <UserFormDialog
          mode="edit"
          role={pending.user.role}
          clientId={pending.user.client_id}
          user={pending.user}
          onClose={() => setPending(null)}
          onSave={async (input) => {
            const saved = await adminApi.updateUser(pending.user.id, input);
            setPending(null);
            toast(t('users.actions.saved', { name: saved.name }));
            onChanged();
            return saved;
          }}
        />
      )}
      {pending?.kind === 'disable' && (
        <ConfirmDialog
          danger
          title={t('users.actions.disableTitle', { name: pending.user.name })}
          confirmLabel={t('users.actions.disable')}
          onClose={() => setPending(null)}
          onConfirm={async () => {
            await adminApi.disableUser(pending.user.id);
            setPending(null);
            toast(t('users.actions.disabled', { name: pending.user.name }));
            onChanged();
          }}
        >
          {t('users.actions.disableText')}
        </ConfirmDialog>
      )}
      {pending?.kind === 'sessions' && (
        <ConfirmDialog
          title={t('users.actions.sessionsTitle', { name: pending.user.name })}
          confirmLabel={t('users.actions.sessionsConfirm')}
          onClose={() => setPending(null)}
          onConfirm={async () => {
            const { ended } = await adminApi.endSessions(pending.user.id);
            setPending(null);
            toast(t('users.actions.sessionsEnded', { count: ended }));
            onChanged();
          }}
        >
          {t('users.actions.sessionsText')}
        </ConfirmDialog>
      )}
    </div>
  );
}
