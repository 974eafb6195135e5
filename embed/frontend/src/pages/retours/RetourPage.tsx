import { useState, type ReactNode } from 'react';
import { useParams } from 'react-router';
import { useTranslation } from '../../i18n/index.ts';
import { downloadUrl, projectsApi, retoursApi, type RetourDetail, type RetourStatus } from '../../api.ts';
import { useUser } from '../../auth/AuthContext.tsx';
import { Button } from '../../components/Button.tsx';
import { Dialog, DialogFooter } from '../../components/Dialog.tsx';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { SelectField, TextAreaField } from '../../components/FormField.tsx';
import { CheckCircleIcon, CheckIcon, ChevronLeftIcon, ClockIcon, DownloadIcon, PlayIcon, RestoreIcon } from '../../components/icons.tsx';
import { Fact } from '../../components/Fact.tsx';
import { Link } from '../../components/Link.tsx';
import { LiveAlert } from '../../components/LiveAlert.tsx';
import { Notice } from '../../components/Notice.tsx';
import { PageHeader, Section } from '../../components/PageHeader.tsx';
import { RichText } from '../../components/RichText.tsx';
import { Skeleton } from '../../components/Skeleton.tsx';
import { useToast } from '../../components/Toast.tsx';
import { projectPath, RETOURS_ANCHOR } from '../../config.ts';
import { useFieldForm, type FieldErrors } from '../../lib/form.ts';
import { formatDateTime } from '../../lib/format.ts';
import { TimelineItem } from '../../components/TimelineItem.tsx';
import { splitError } from '../../lib/hooks.ts';
import { useLoaded } from './loaded.ts';
import { useLive } from '../../lib/live.tsx';
import { usePageMeta } from '../../pageMeta.ts';
import Forbidden from '../Forbidden.tsx';
import { Conversation } from '../projects/Conversation.tsx';
import { AttachmentLinks } from '../../components/Attachments.tsx';
import { RetourPriorityBadge, RetourStatusBadge } from './RetourBadges.tsx';
import { AssigneeSelect, PrioritySelect } from './Triage.tsx';
import { TaskStatusBadge } from '../projects/Tasks.tsx';

const moveIcon: Record<string, ReactNode> = {
  pris_en_compte: <CheckIcon className="size-4" />,
  en_cours: <PlayIcon className="size-4" />,
  resolu: <CheckCircleIcon className="size-4" />,
  cloture: <CheckCircleIcon className="size-4" />,
  rouvert: <RestoreIcon className="size-4" />,
};

// /projets/:id/retours/:rid: one retour: what was reported (with its screenshots), its state and
// what the reader may do next (staff: take into account, start, resolve pointing at a version;
// the client: close or reopen), its history and its own thread. Not visible: « introuvable ».
export default function RetourPage() {
  const { t } = useTranslation();
  const params = useParams();
  const id = /^\d+$/.test(params.rid ?? '') ? Number(params.rid) : 0;
  const user = useUser();
  const toast = useToast();
  const retour = useLoaded(['retour', id], () => retoursApi.get(id), id > 0);
  const [dialog, setDialog] = useState<'resolu' | 'rouvert' | null>(null);
  const [busy, setBusy] = useState<RetourStatus | null>(null);
  const [error, setError] = useState<unknown>(null);
  const notFound = !id || retour.error?.status === 404;
  usePageMeta({ title: t('app.pageTitle', { page: notFound ? t('notFound.title') : (retour.data?.title ?? t('retours.title')) }), indexable: false });
  useLive((e) => {
    if ((e.type === 'retour' && e.data.retour_id === id) || e.type === 'resync') retour.reload();
  });

  if (notFound) return <Forbidden />;
  if (retour.loading && !retour.data) return <Skeleton rows={6} />;
  if (retour.error || !retour.data) return <ErrorNotice error={retour.error ?? { message: t('errors.unexpected') }} />;
  const r = retour.data;
  const back = (
    <Link to={`${projectPath(r.project_id)}#${RETOURS_ANCHOR}`} className="inline-flex min-h-11 items-center gap-1 underline-offset-4 hover:underline">
      <ChevronLeftIcon className="size-4" />
      {t('retours.backTo', { project: r.project_name })}
    </Link>
  );

  async function move(to: RetourStatus, comment = '', versionId?: number) {
    setBusy(to);
    setError(null);
    try {
      retour.setData(await retoursApi.move(r.id, to, comment, versionId));
      setDialog(null);
      toast(t('retours.moved', { status: t(`retours.status.${to}`) }));
    } catch (e) {
      setError(e);
      throw e;
    } finally {
      setBusy(null);
    }
  }

  return (
    <>
      <PageHeader
        eyebrow={back}
        title={r.title}
        actions={
          r.moves.length > 0 && (
            <div className="flex flex-wrap gap-2 print:hidden">
              {r.moves.map((to) => (
                <Button
                  key={to}
                  variant={to === 'cloture' || to === 'resolu' || (to === 'pris_en_compte' && r.status === 'nouveau') ? 'primary' : 'secondary'}
                  icon={moveIcon[to]}
                  loading={busy === to}
                  onClick={() => (to === 'resolu' || to === 'rouvert' ? setDialog(to) : void move(to).catch(() => undefined))}
                >
                  {t(`retours.move.${to}`)}
                </Button>
              ))}
            </div>
          )
        }
      >
        <span className="flex flex-wrap items-center gap-2">
          <RetourStatusBadge status={r.status} />
          <RetourPriorityBadge priority={r.priority} />
          <span className="text-sm font-semibold text-gray-800">{t(`retours.kind.${r.kind}`)}</span>
          <span className="text-sm text-gray-700">{t('retours.number', { id: r.id })}</span>
        </span>
      </PageHeader>

      <div className="space-y-6">
        {!dialog && <LiveAlert error={error ? splitError(error, []).general : null} />}
        {r.status === 'resolu' && (
          <Notice kind="info" title={t('retours.status.resolu')}>
            {user.role === 'client' ? t('retours.awaitingYou') : t('retours.waitingClient')}
          </Notice>
        )}

        <section aria-labelledby="retour-details" className="rounded-2xl bg-white p-5 shadow-sm ring-1 ring-gray-200 sm:p-7">
          <h2 id="retour-details" className="sr-only">
            {t('retours.details')}
          </h2>
          {user.role === 'admin' && (
            <div className="mb-5 grid gap-4 border-b border-gray-200 pb-5 sm:grid-cols-2 print:hidden">
              <p className="text-sm text-gray-700 sm:col-span-2">{t('retours.triage.intro')}</p>
              <PrioritySelect retour={r} onSaved={retour.setData} />
              <AssigneeSelect retour={r} onSaved={retour.setData} />
            </div>
          )}
          <dl className="grid grid-cols-1 gap-x-6 gap-y-4 text-sm sm:grid-cols-2 xl:grid-cols-3">
            <Fact label={t('retours.fields.openedBy')}>
              {r.opened_by} ({r.opened_role === 'admin' ? t('retours.staffRole') : t('retours.clientRole')})
            </Fact>
            <Fact label={t('retours.fields.openedAt')}>
              <time dateTime={r.created_at}>{formatDateTime(r.created_at)}</time>
            </Fact>
            <Fact label={t('retours.fields.assignee')}>{r.assignee_name || t('projects.notSet')}</Fact>
            <Fact label={t('retours.fields.step')}>{r.milestone_title || t('projects.notSet')}</Fact>
            {r.task_title && <Fact label={t('retours.fields.task')}>{r.task_title}</Fact>}
            <Fact label={t('retours.fields.version')}>
              {r.version ? (
                <a href={downloadUrl(r.version.id)} className="inline-flex min-h-11 items-center gap-1 font-semibold text-brand-700 underline underline-offset-2">
                  <DownloadIcon className="size-4" />
                  {t('retours.versionLabel', { deliverable: r.version.deliverable, number: r.version.number })}
                </a>
              ) : (
                t('projects.notSet')
              )}
            </Fact>
            {r.reopen_count > 0 && <Fact label={t('retours.fields.status')}>{t('retours.reopenCount', { count: r.reopen_count })}</Fact>}
          </dl>
          <h3 className="mt-6 font-bold text-gray-900">{t('retours.fields.description')}</h3>
          {r.description ? <RichText text={r.description} className="mt-1 text-gray-900" /> : <p className="mt-1 text-gray-700">{t('retours.noDescription')}</p>}
          {r.attachments && r.attachments.length > 0 && (
            <>
              <h3 className="mt-6 font-bold text-gray-900">{t('retours.fields.files')}</h3>
              <AttachmentLinks attachments={r.attachments} label={t('retours.fields.files')} />
            </>
          )}
        </section>

        {r.resolution && (
          <Section title={t('retours.fields.resolution')}>
            <RichText text={r.resolution} className="text-gray-900" />
            {r.resolved_version && (
              <p className="mt-3">
                <a
                  href={downloadUrl(r.resolved_version.id)}
                  className="inline-flex min-h-11 items-center gap-2 rounded-lg bg-brand-700 px-4 text-sm font-semibold text-white shadow-sm hover:bg-brand-800"
                >
                  <DownloadIcon className="size-4" />
                  {t('retours.download', { deliverable: r.resolved_version.deliverable, number: r.resolved_version.number })}
                </a>
              </p>
            )}
          </Section>
        )}

        {r.tasks && r.tasks.length > 0 && (
          <Section title={t('retours.tasksTitle')} description={t('retours.tasksIntro')}>
            <ul className="divide-y divide-gray-200">
              {r.tasks.map((task) => (
                <li key={task.id} className="flex flex-wrap items-center justify-between gap-2 py-2.5">
                  <span className="min-w-0 break-words">
                    <span className="font-medium text-gray-900">{task.title}</span>
                    <span className="ml-2 text-sm text-gray-700">{t('retours.taskStep', { step: task.milestone_title })}</span>
                  </span>
                  <TaskStatusBadge status={task.status} />
                </li>
              ))}
            </ul>
          </Section>
        )}

        <Section title={t('retours.history')}>
          <ol className="space-y-3">
            {r.history.map((e, i) => (
              <TimelineItem key={i} icon={<ClockIcon className="size-4 text-gray-700" />} at={e.at}>
                <p className="break-words text-gray-900">
                  {e.from ? t('retours.historyMove', { name: e.by, from: t(`retours.status.${e.from}`), to: t(`retours.status.${e.to}`) }) : t('retours.historyOpened', { name: e.by })}
                </p>
                {e.comment && <p className="break-words text-gray-800 italic">« {e.comment} »</p>}
              </TimelineItem>
            ))}
          </ol>
        </Section>

        <Conversation projectId={r.project_id} retourId={r.id} user={user} />
      </div>

      {dialog && <MoveDialog retour={r} to={dialog} onClose={() => setDialog(null)} onMove={move} />}
    </>
  );
}

// Resolving (staff: the note, and the version that fixes it) and reopening (the client: why),
// both with a comment the server requires.
function MoveDialog({
  retour: r,
  to,
  onClose,
  onMove,
}: {
  retour: RetourDetail;
  to: 'resolu' | 'rouvert';
  onClose: () => void;
  onMove: (to: RetourStatus, comment: string, versionId?: number) => Promise<void>;
}) {
  const { t } = useTranslation();
  const { error, saving, bind, submit } = useFieldForm(['comment', 'version_id'], { comment: '', version_id: '' });
  const deliverables = useLoaded(['retour-versions', r.project_id, to], () => (to === 'resolu' ? projectsApi.deliverables(r.project_id) : Promise.resolve({ items: [] })));
  const versions = (deliverables.data?.items ?? []).flatMap((d) => d.versions.map((v) => ({ value: String(v.id), label: t('retours.versionLabel', { deliverable: d.title, number: v.number }) })));
  const resolve = to === 'resolu';

  const validate = (v: { comment: string }): FieldErrors<'comment'> => (v.comment.trim() ? {} : { comment: resolve ? t('retours.resolveRequired') : t('retours.reopenRequired') });
  const save = (v: { comment: string; version_id: string }) => onMove(to, v.comment, v.version_id ? Number(v.version_id) : undefined);

  return (
    <Dialog title={resolve ? t('retours.resolveTitle') : t('retours.reopenTitle')} description={r.title} onClose={onClose}>
      <LiveAlert error={error} />
      <form noValidate onSubmit={submit(validate, save)} className="space-y-4">
        <TextAreaField
          {...bind('comment')}
          label={resolve ? t('retours.resolveNote') : t('retours.reopenComment')}
          hint={resolve ? t('retours.resolveHint') : t('retours.reopenHint')}
          required
          rows={5}
          maxLength={5000}
        />
        {resolve && <SelectField {...bind('version_id')} label={t('retours.fields.fixVersion')} options={[{ value: '', label: t('retours.filter.noVersion') }, ...versions]} />}
        <DialogFooter onCancel={onClose} busy={saving} icon={moveIcon[to]} label={t(`retours.move.${to}`)} />
      </form>
    </Dialog>
  );
}
