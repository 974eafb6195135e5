import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { Link } from '../../components/Link.tsx';
import { useTranslation } from '../../i18n/index.ts';
import { adminApi, reportsApi, toApiError, type ApiError, type Client } from '../../api.ts';
import { Button, ButtonLink } from '../../components/Button.tsx';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { Dialog, DialogActions, DialogFooter } from '../../components/Dialog.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { FormField } from '../../components/FormField.tsx';
import { ArchiveIcon, ChevronLeftIcon, FolderIcon, MailIcon, RestoreIcon, TrashIcon, UsersIcon } from '../../components/icons.tsx';
import { ReportLinks } from '../../components/ReportLinks.tsx';
import { LiveAlert } from '../../components/LiveAlert.tsx';
import { Notice } from '../../components/Notice.tsx';
import { PageHeader, Section } from '../../components/PageHeader.tsx';
import { QueryView } from '../../components/QueryView.tsx';
import { Skeleton } from '../../components/Skeleton.tsx';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import { useToast } from '../../components/Toast.tsx';
import { ADMIN_CLIENTS_PATH, PROJECTS_PATH } from '../../config.ts';
import { useFieldForm, type FieldErrors } from '../../lib/form.ts';
import { formatDate } from '../../lib/format.ts';
import { adminQueries, queryKeys } from '../../lib/queries.ts';
import { usePageMeta } from '../../pageMeta.ts';
import { ClientForm } from './ClientForm.tsx';
import { UserFormDialog } from './UserFormDialog.tsx';
import { UserList } from './UserList.tsx';
import './texts.ts';

type Modal = 'archive' | 'delete' | 'invite' | null;

// /admin/clients/:id: a client company, its details, its users, archive / restore / delete.
export default function ClientDetail() {
  const { t } = useTranslation();
  const id = Number(useParams().id);
  const navigate = useNavigate();
  const toast = useToast();
  const queryClient = useQueryClient();
  const client = useQuery(adminQueries.client(id));
  const users = useQuery(adminQueries.users({ client_id: id, per_page: 100 }));
  const [modal, setModal] = useState<Modal>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [restoring, setRestoring] = useState(false);
  usePageMeta({ title: t('app.pageTitle', { page: client.data?.name ?? t('clients.title') }), indexable: false });

  const back = (
    <Link to={ADMIN_CLIENTS_PATH} className="inline-flex min-h-11 items-center gap-1 underline-offset-4 hover:underline">
      <ChevronLeftIcon className="size-4" />
      {t('clients.back')}
    </Link>
  );

  if (client.isPending) return <Skeleton rows={6} />;
  if (client.isError) {
    return (
      <>
        <PageHeader eyebrow={back} title={t('clients.notFound')} />
        <ErrorNotice error={toApiError(client.error)} />
      </>
    );
  }

  const c = client.data;
  const refreshUsers = () => void queryClient.invalidateQueries({ queryKey: queryKeys.users });
  // The answer of a change is the client as it is now: this page shows it, the lists reload.
  const setClient = (next: Client) => {
    queryClient.setQueryData(queryKeys.client(id), next);
    void queryClient.invalidateQueries({ queryKey: queryKeys.clients, predicate: (q) => q.queryKey[2] !== id });
  };

  async function restore() {
    setRestoring(true);
    setError(null);
    try {
      setClient(await adminApi.restoreClient(c.id));
      toast(t('client.restored', { name: c.name }));
      refreshUsers();
    } catch (e) {
      setError(toApiError(e));
    } finally {
      setRestoring(false);
    }
  }

  return (
    <>
      <PageHeader
        help="clients"
        eyebrow={back}
        title={
          <span className="flex flex-wrap items-center gap-3">
            {c.name}
            {c.archived && <StatusBadge status="archived" />}
          </span>
        }
        actions={
          <>
            <ButtonLink to={`${PROJECTS_PATH}?client=${c.id}`} icon={<FolderIcon className="size-4" />}>
              {t('client.projects')}
            </ButtonLink>
            <ReportLinks pdf={reportsApi.clientUrl(c.id, 'pdf')} csv={reportsApi.clientUrl(c.id, 'csv')} />
            {c.archived ? (
              <Button onClick={() => void restore()} loading={restoring} icon={<RestoreIcon className="size-4" />}>
                {t('client.restore')}
              </Button>
            ) : (
              <Button onClick={() => setModal('archive')} icon={<ArchiveIcon className="size-4" />}>
                {t('client.archive')}
              </Button>
            )}
            <Button variant="danger" onClick={() => setModal('delete')} icon={<TrashIcon className="size-4" />}>
              {t('client.delete')}
            </Button>
          </>
        }
      >
        {t('client.createdOn', { date: formatDate(c.created_at) })}
      </PageHeader>

      <LiveAlert error={error} />
      {c.archived && (
        <div className="mb-6">
          <Notice title={t('client.archivedTitle', { date: formatDate(c.archived_at) })}>{t('client.archivedText')}</Notice>
        </div>
      )}

      <div className="space-y-6">
        <Section
          id="utilisateurs"
          title={t('client.usersTitle')}
          description={t('client.usersText')}
          actions={
            <Button variant="primary" icon={<MailIcon className="size-4" />} disabled={c.archived} onClick={() => setModal('invite')}>
              {t('client.invite')}
            </Button>
          }
        >
          <QueryView query={users} loading={<Skeleton rows={2} />}>
            {(data) => (
              <UserList
                users={data.items}
                sortable
                empty={
                  <EmptyState
                    icon={<UsersIcon />}
                    title={t('client.noUsers')}
                    action={
                      !c.archived && (
                        <Button variant="primary" icon={<MailIcon className="size-4" />} onClick={() => setModal('invite')}>
                          {t('client.invite')}
                        </Button>
                      )
                    }
                  >
                    {c.archived ? t('client.noUsersArchived') : t('client.noUsersText')}
                  </EmptyState>
                }
              />
            )}
          </QueryView>
        </Section>

        <Section id="informations" title={t('client.infoTitle')} description={t('client.infoText')}>
          <ClientForm
            key={c.updated_at}
            initial={c}
            submitLabel={t('client.save')}
            onSubmit={async (input) => {
              setClient(await adminApi.updateClient(c.id, input));
              toast(t('client.saved'));
            }}
          />
        </Section>
      </div>

      {modal === 'invite' && (
        <UserFormDialog
          mode="invite"
          role="client"
          clientId={c.id}
          clientName={c.name}
          onClose={() => setModal(null)}
          onSave={async (input) => {
            const invited = await adminApi.inviteUser(input);
            setModal(null);
            toast(t('client.invited', { email: invited.email }));
            refreshUsers();
            return invited;
          }}
        />
      )}
      {modal === 'archive' && (
        <ConfirmDialog
          title={t('client.archiveTitle', { name: c.name })}
          confirmLabel={t('client.archive')}
          onClose={() => setModal(null)}
          onConfirm={async () => {
            setClient(await adminApi.archiveClient(c.id));
            setModal(null);
            toast(t('client.archived', { name: c.name }));
            refreshUsers();
          }}
        >
          {t('client.archiveText')}
        </ConfirmDialog>
      )}
      {modal === 'delete' && (
        <DeleteDialog
          client={c}
          onClose={() => setModal(null)}
          onArchive={() => setModal('archive')}
          onDeleted={() => {
            toast(t('client.deleted', { name: c.name }));
            navigate(ADMIN_CLIENTS_PATH, { replace: true });
          }}
        />
      )}
    </>
  );
}

// Deleting for good: the admin types the client's exact name. A client with users or projects
// cannot go (409 client_not_empty): the dialog then offers to archive it instead.
function DeleteDialog({ client, onClose, onArchive, onDeleted }: { client: Client; onClose: () => void; onArchive: () => void; onDeleted: () => void }) {
  const { t } = useTranslation();
  const { values, error, saving, bind, submit } = useFieldForm(['confirm_name'], { confirm_name: '' });
  const matches = values.confirm_name.trim() === client.name;

  const validate = (): FieldErrors<'confirm_name'> => (matches ? {} : { confirm_name: t('client.deleteMismatch') });
  const save = async (v: typeof values) => {
    await adminApi.deleteClient(client.id, v.confirm_name.trim());
    onDeleted();
  };

  const notEmpty = error?.code === 'client_not_empty';
  return (
    <Dialog
      title={t('client.deleteTitle', { name: client.name })}
      onClose={onClose}
      description={
        <>
          <p>{t('client.deleteText')}</p>
          {client.user_count > 0 && <p className="mt-2 font-medium text-danger-800">{t('client.deleteHasUsers', { count: client.user_count })}</p>}
        </>
      }
    >
      <LiveAlert error={error} />
      {notEmpty && !client.archived ? (
        <DialogActions>
          <Button onClick={onClose}>{t('dialog.cancel')}</Button>
          <Button variant="primary" icon={<ArchiveIcon className="size-4" />} onClick={onArchive}>
            {t('client.archiveInstead')}
          </Button>
        </DialogActions>
      ) : (
        <form noValidate onSubmit={submit(validate, save)}>
          <FormField {...bind('confirm_name')} label={t('client.deleteConfirmLabel', { name: client.name })} name="confirm-name" autoComplete="off" spellCheck={false} />
          <DialogFooter onCancel={onClose} busy={saving} variant="danger" disabled={!matches} icon={<TrashIcon className="size-4" />} label={t('client.deleteConfirm')} />
        </form>
      )}
    </Dialog>
  );
}
