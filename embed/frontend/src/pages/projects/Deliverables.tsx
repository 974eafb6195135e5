import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from '../../i18n/index.ts';
import { adminProjectsApi, downloadUrl, projectsApi, type Decision, type Deliverable, type ProjectDetail, type Version } from '../../api.ts';
import { Button, buttonClass } from '../../components/Button.tsx';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { Dialog, DialogActions, DialogFooter } from '../../components/Dialog.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { TextAreaField } from '../../components/FormField.tsx';
import { ChatIcon, CheckCircleIcon, CheckIcon, ChevronRightIcon, CopyIcon, DownloadIcon, EyeIcon, FileIcon, PencilIcon, TrashIcon, UploadIcon, UsersIcon } from '../../components/icons.tsx';
import { LiveAlert } from '../../components/LiveAlert.tsx';
import { Section } from '../../components/PageHeader.tsx';
import { VersionStatusBadge } from '../../components/ProjectBadges.tsx';
import { RichText } from '../../components/RichText.tsx';
import { QueryView } from '../../components/QueryView.tsx';
import { Skeleton } from '../../components/Skeleton.tsx';
import { useToast } from '../../components/Toast.tsx';
import { useFieldForm, type FieldErrors } from '../../lib/form.ts';
import { formatDateTime, formatSize, shortHash } from '../../lib/format.ts';
import { adminQueries, projectQueries, useProjectChanges } from '../../lib/queries.ts';
import { UploadDialog } from './UploadDialog.tsx';

/** Types the server lets the browser show inside the page (the others are always downloaded). */
const PREVIEW_IMAGES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);
export function previewKind(contentType: string): 'pdf' | 'image' | null {
  if (contentType === 'application/pdf') return 'pdf';
  if (PREVIEW_IMAGES.has(contentType)) return 'image';
  return null;
}

type Modal =
  | { kind: 'upload' }
  | { kind: 'version'; deliverable: Deliverable }
  | { kind: 'decide'; decision: Decision; deliverable: Deliverable; version: Version }
  | { kind: 'delete' | 'downloads' | 'preview'; deliverable: Deliverable; version: Version }
  | null;

// The deliverables of a project (C4, C5, A5): each with its versions (newest first), their size,
// fingerprint, status and the client's decisions. Clients download, preview, validate or send
// back the latest version; admins upload deliverables and versions, delete a version, see who
// downloaded it.
export function Deliverables({ project, role }: { project: ProjectDetail; role: 'admin' | 'client' }) {
  const { t } = useTranslation();
  const toast = useToast();
  const [modal, setModal] = useState<Modal>(null);
  const admin = role === 'admin';
  const list = useQuery(projectQueries.deliverables(project.id));
  const projectChanges = useProjectChanges();
  // A deliverable's change moves the project too (its steps, its progress).
  const changed = () => projectChanges.changed(project.id);
  // A new deliverable or a new version: the same thanks and the same refresh.
  const uploaded = (d: Deliverable) => {
    setModal(null);
    toast(t('deliverables.uploaded', { title: d.title, number: d.latest_version }));
    changed();
  };

  const uploadButton = admin && (
    <Button variant="primary" icon={<UploadIcon className="size-4" />} onClick={() => setModal({ kind: 'upload' })}>
      {t('deliverables.upload')}
    </Button>
  );

  return (
    <Section id="livrables" title={t('deliverables.title')} description={admin ? t('deliverables.introAdmin') : t('deliverables.intro')} actions={uploadButton}>
      <QueryView query={list} loading={<Skeleton rows={2} />}>
        {({ items }) =>
          items.length === 0 ? (
            <EmptyState icon={<FileIcon />} title={t('deliverables.empty')} action={uploadButton}>
              {admin ? t('deliverables.emptyAdmin') : t('deliverables.emptyClient')}
            </EmptyState>
          ) : (
            <ul className="space-y-5">
              {items.map((d) => (
                <li key={d.id}>
                  <DeliverableCard deliverable={d} role={role} open={(m) => setModal(m)} />
                </li>
              ))}
            </ul>
          )
        }
      </QueryView>

      {modal?.kind === 'upload' && <UploadDialog target={{ kind: 'new', projectId: project.id, milestones: project.milestones }} onClose={() => setModal(null)} onUploaded={uploaded} />}
      {modal?.kind === 'version' && <UploadDialog target={{ kind: 'version', deliverable: modal.deliverable }} onClose={() => setModal(null)} onUploaded={uploaded} />}
      {modal?.kind === 'decide' && (
        <DecisionDialog
          decision={modal.decision}
          deliverable={modal.deliverable}
          version={modal.version}
          onClose={() => setModal(null)}
          onDone={() => {
            setModal(null);
            toast(modal.decision === 'valide' ? t('deliverables.validated', { title: modal.deliverable.title }) : t('deliverables.changesSent', { title: modal.deliverable.title }));
            changed();
          }}
        />
      )}
      {modal?.kind === 'delete' && (
        <ConfirmDialog
          danger
          title={t('deliverables.deleteTitle', { title: modal.deliverable.title, number: modal.version.number })}
          confirmLabel={t('deliverables.deleteConfirm')}
          onClose={() => setModal(null)}
          onConfirm={async () => {
            await adminProjectsApi.deleteVersion(modal.version.id);
            setModal(null);
            toast(t('deliverables.deleted', { title: modal.deliverable.title, number: modal.version.number }));
            changed();
          }}
        >
          {modal.deliverable.versions.length === 1 ? t('deliverables.deleteLastText', { name: modal.version.file_name }) : t('deliverables.deleteText', { name: modal.version.file_name })}
        </ConfirmDialog>
      )}
      {modal?.kind === 'downloads' && <DownloadsDialog version={modal.version} title={modal.deliverable.title} onClose={() => setModal(null)} />}
      {modal?.kind === 'preview' && <PreviewDialog version={modal.version} title={modal.deliverable.title} onClose={() => setModal(null)} />}
    </Section>
  );
}

function DeliverableCard({ deliverable: d, role, open }: { deliverable: Deliverable; role: 'admin' | 'client'; open: (m: Modal) => void }) {
  const { t } = useTranslation();
  const [latest, ...older] = d.versions;
  const admin = role === 'admin';
  return (
    <article className="rounded-xl p-4 ring-1 ring-gray-300 sm:p-5">
      <div className="flex flex-col gap-3 sm:flex-row sm:items-start sm:justify-between">
        <div className="min-w-0">
          <h3 className="flex flex-wrap items-center gap-x-3 gap-y-1 text-base font-bold break-words text-gray-900">
            <FileIcon className="size-5 shrink-0 text-brand-700" />
            {d.title}
          </h3>
          {d.milestone_title && <p className="mt-1 text-sm text-gray-700">{t('deliverables.forStep', { title: d.milestone_title })}</p>}
        </div>
        {admin && (
          <Button icon={<UploadIcon className="size-4" />} onClick={() => open({ kind: 'version', deliverable: d })}>
            {t('deliverables.newVersion')} <span className="sr-only">{t('app.about', { name: d.title })}</span>
          </Button>
        )}
      </div>
      {latest && (
        <div className="mt-4">
          <VersionBlock deliverable={d} version={latest} role={role} open={open} latest />
        </div>
      )}
      {older.length > 0 && (
        <details className="group mt-4 rounded-lg bg-gray-50 ring-1 ring-gray-200">
          <summary className="flex min-h-11 cursor-pointer items-center gap-2 px-4 text-sm font-semibold text-gray-900 select-none [&::-webkit-details-marker]:hidden">
            <ChevronRightIcon className="size-4 shrink-0 transition-transform group-open:rotate-90 motion-reduce:transition-none" />
            {t('deliverables.olderVersions', { count: older.length })}
          </summary>
          <ul className="space-y-4 border-t border-gray-200 p-4">
            {older.map((v) => (
              <li key={v.id}>
                <VersionBlock deliverable={d} version={v} role={role} open={open} latest={false} />
              </li>
            ))}
          </ul>
        </details>
      )}
    </article>
  );
}

function VersionBlock({ deliverable: d, version: v, role, open, latest }: { deliverable: Deliverable; version: Version; role: 'admin' | 'client'; open: (m: Modal) => void; latest: boolean }) {
  const { t } = useTranslation();
  const admin = role === 'admin';
  // Only the latest version can be decided on (the server refuses the others), by the client.
  const decidable = !admin && latest && v.number === d.latest_version && v.status === 'en_attente';
  const preview = previewKind(v.content_type);
  const about = t('deliverables.versionOf', { title: d.title, number: v.number });
  const decisions = v.decisions ?? [];

  return (
    <div>
      <div className="flex flex-wrap items-center gap-x-3 gap-y-2">
        <p className="font-semibold text-gray-900">{t('deliverables.version', { number: v.number })}</p>
        <VersionStatusBadge status={v.status} />
      </div>
      <dl className="mt-2 grid gap-x-6 text-sm sm:grid-cols-[auto_1fr] sm:items-center sm:gap-y-1">
        <dt className="text-xs font-semibold text-gray-700 sm:text-sm sm:font-normal">{t('deliverables.file')}</dt>
        <dd className="mb-2 font-medium break-all text-gray-900 sm:mb-0">
          {v.file_name} <span className="font-normal text-gray-700">· {formatSize(v.size)}</span>
        </dd>
        <dt className="text-xs font-semibold text-gray-700 sm:text-sm sm:font-normal">{t('deliverables.uploadedLabel')}</dt>
        <dd className="mb-2 text-gray-900 sm:mb-0">{v.uploaded_by ? t('deliverables.uploadedBy', { date: formatDateTime(v.uploaded_at), name: v.uploaded_by }) : formatDateTime(v.uploaded_at)}</dd>
        <dt className="text-xs font-semibold text-gray-700 sm:text-sm sm:font-normal">{t('deliverables.sha256')}</dt>
        <dd className="flex flex-wrap items-center gap-x-2">
          <Sha256 sha={v.sha256} about={about} />
        </dd>
      </dl>
      {v.note && (
        <div className="mt-3 rounded-lg bg-gray-50 p-3 text-sm ring-1 ring-gray-200">
          <p className="font-semibold text-gray-900">{t('deliverables.note')}</p>
          <RichText text={v.note} className="mt-1 text-gray-800" />
        </div>
      )}

      <div className="mt-4 flex flex-wrap gap-2">
        <a href={downloadUrl(v.id)} download={v.file_name} className={buttonClass(latest && !decidable ? 'primary' : 'secondary')}>
          <DownloadIcon className="size-4" />
          {t('deliverables.download')} <span className="sr-only">{about}</span>
        </a>
        {preview === 'image' && (
          <Button icon={<EyeIcon className="size-4" />} onClick={() => open({ kind: 'preview', deliverable: d, version: v })}>
            {t('deliverables.preview')} <span className="sr-only">{about}</span>
          </Button>
        )}
        {/* Browsers do not show a PDF inside a sandboxed frame: it opens in a tab of its own, where
            the server's answer is sandboxed (CSP sandbox) so that nothing in it runs in the portal. */}
        {preview === 'pdf' && (
          <a href={downloadUrl(v.id, true)} target="_blank" rel="noopener noreferrer" className={buttonClass('secondary')}>
            <EyeIcon className="size-4" />
            {t('deliverables.preview')}{' '}
            <span className="sr-only">
              {about} {t('app.newTab')}
            </span>
          </a>
        )}
        {decidable && (
          <>
            <Button variant="primary" icon={<CheckIcon className="size-4" />} onClick={() => open({ kind: 'decide', decision: 'valide', deliverable: d, version: v })}>
              {t('deliverables.validate')} <span className="sr-only">{about}</span>
            </Button>
            <Button icon={<PencilIcon className="size-4" />} onClick={() => open({ kind: 'decide', decision: 'modifications', deliverable: d, version: v })}>
              {t('deliverables.requestChanges')} <span className="sr-only">{about}</span>
            </Button>
          </>
        )}
        {admin && (
          <>
            <Button icon={<UsersIcon className="size-4" />} onClick={() => open({ kind: 'downloads', deliverable: d, version: v })}>
              {t('deliverables.downloads')} <span className="sr-only">{about}</span>
            </Button>
            {v.status !== 'valide' && (
              <Button
                variant="ghost"
                className="text-danger-700 hover:bg-danger-50 hover:text-danger-800"
                icon={<TrashIcon className="size-4" />}
                onClick={() => open({ kind: 'delete', deliverable: d, version: v })}
              >
                {t('deliverables.delete')} <span className="sr-only">{about}</span>
              </Button>
            )}
          </>
        )}
      </div>
      {!admin && latest && v.status === 'modifications' && <p className="mt-3 text-sm text-gray-700">{t('deliverables.waitingNewVersion')}</p>}

      {decisions.length > 0 && (
        <div className="mt-4">
          <h4 className="text-sm font-semibold text-gray-900">{t('deliverables.decisions')}</h4>
          <ul className="mt-2 space-y-3">
            {decisions.map((dec, i) => (
              <li key={i} className="flex gap-3 text-sm">
                {dec.decision === 'valide' ? <CheckCircleIcon className="mt-0.5 size-5 shrink-0 text-success-800" /> : <ChatIcon className="mt-0.5 size-5 shrink-0 text-danger-700" />}
                <div className="min-w-0">
                  <p className="text-gray-900">
                    <span className="font-semibold">{t(`deliverables.decision.${dec.decision}`)}</span> {t('deliverables.decisionBy', { name: dec.by, date: formatDateTime(dec.at) })}
                  </p>
                  {dec.comment && <RichText text={dec.comment} className="mt-1 text-gray-800" />}
                </div>
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}

/** The fingerprint, short (first and last 8 characters) with the whole one to copy. */
function Sha256({ sha, about }: { sha: string; about: string }) {
  const { t } = useTranslation();
  const toast = useToast();
  const [copied, setCopied] = useState(false);

  async function copy() {
    try {
      await navigator.clipboard.writeText(sha);
    } catch {
      // No clipboard API (plain HTTP, old browser): the old way, through a selection.
      const area = document.createElement('textarea');
      area.value = sha;
      area.setAttribute('readonly', '');
      area.className = 'fixed -left-[9999px]';
      document.body.appendChild(area);
      area.select();
      document.execCommand('copy');
      area.remove();
    }
    setCopied(true);
    toast(t('deliverables.shaCopied'));
    setTimeout(() => setCopied(false), 2500);
  }

  return (
    <>
      <code title={sha} data-sha256={sha} className="rounded bg-gray-100 px-1.5 py-0.5 font-mono text-sm text-gray-900">
        {shortHash(sha)}
      </code>
      <button
        type="button"
        onClick={() => void copy()}
        className="inline-flex min-h-11 items-center gap-1.5 rounded-lg px-3 text-sm font-semibold text-brand-700 hover:bg-brand-50 hover:text-brand-800"
      >
        {copied ? <CheckIcon className="size-4" /> : <CopyIcon className="size-4" />}
        {copied ? t('deliverables.copied') : t('deliverables.copy')} <span className="sr-only">{t('deliverables.copyAbout', { about })}</span>
      </button>
    </>
  );
}

// The client's decision on a version (C5): validate it (comment optional) or ask for changes
// (comment mandatory, said before sending and checked by the server too).
function DecisionDialog({ decision, deliverable, version, onClose, onDone }: { decision: Decision; deliverable: Deliverable; version: Version; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const { error, saving, bind, submit } = useFieldForm(['comment'], { comment: '' });
  const changes = decision === 'modifications';

  const validate = (v: { comment: string }): FieldErrors<'comment'> => (changes && !v.comment.trim() ? { comment: t('deliverables.commentRequired') } : {});
  const save = async (v: { comment: string }) => {
    await projectsApi.decide(version.id, decision, v.comment.trim());
    onDone();
  };

  const step = deliverable.milestone_title;
  return (
    <Dialog
      title={changes ? t('deliverables.changesTitle', { title: deliverable.title, number: version.number }) : t('deliverables.validateTitle', { title: deliverable.title, number: version.number })}
      description={
        <>
          <p>{changes ? t('deliverables.changesText') : t('deliverables.validateText')}</p>
          {step && <p className="mt-2">{changes ? t('deliverables.changesStep', { title: step }) : t('deliverables.validateStep', { title: step })}</p>}
        </>
      }
      onClose={onClose}
    >
      <LiveAlert error={error} />
      <form noValidate onSubmit={submit(validate, save)}>
        <TextAreaField {...bind('comment')} label={changes ? t('deliverables.changesComment') : t('deliverables.validateComment')} required={changes} rows={5} maxLength={5000} />
        <DialogFooter
          onCancel={onClose}
          busy={saving}
          icon={changes ? <PencilIcon className="size-4" /> : <CheckIcon className="size-4" />}
          label={changes ? t('deliverables.changesSubmit') : t('deliverables.validateSubmit')}
        />
      </form>
    </Dialog>
  );
}

function DownloadsDialog({ version, title, onClose }: { version: Version; title: string; onClose: () => void }) {
  const { t } = useTranslation();
  const list = useQuery(adminQueries.versionDownloads(version.id));
  return (
    <Dialog title={t('deliverables.downloadsTitle', { title, number: version.number })} onClose={onClose} wide>
      <QueryView query={list} retry={false} loading={<Skeleton rows={2} />}>
        {({ items }) =>
          items.length === 0 ? (
            <p className="text-gray-700">{t('deliverables.noDownloads')}</p>
          ) : (
            <ul className="divide-y divide-gray-200">
              {items.map((e, i) => (
                <li key={i} className="py-3 text-sm">
                  <p className="font-semibold break-all text-gray-900">{e.user}</p>
                  <p className="text-gray-700">
                    {formatDateTime(e.at)} · {e.role === 'admin' ? t('deliverables.roleAdmin') : t('deliverables.roleClient')} · {t('deliverables.ip', { ip: e.ip })}
                  </p>
                </li>
              ))}
            </ul>
          )
        }
      </QueryView>
      <DialogActions>
        <Button onClick={onClose}>{t('dialog.close')}</Button>
      </DialogActions>
    </Dialog>
  );
}

// A look at an image without downloading it (the server sends images inline and sandboxed; an
// <img> never runs anything). Other types are never shown in the page.
function PreviewDialog({ version, title, onClose }: { version: Version; title: string; onClose: () => void }) {
  const { t } = useTranslation();
  const label = t('deliverables.previewOf', { name: version.file_name });
  return (
    <Dialog title={t('deliverables.previewTitle', { title, number: version.number })} onClose={onClose} wide>
      {previewKind(version.content_type) === 'image' && <img src={downloadUrl(version.id, true)} alt={label} className="mx-auto max-h-[65vh] max-w-full rounded-lg ring-1 ring-gray-300" />}
      <DialogActions>
        <a href={downloadUrl(version.id)} download={version.file_name} className={buttonClass('secondary')}>
          <DownloadIcon className="size-4" />
          {t('deliverables.download')}
        </a>
        <Button variant="primary" onClick={onClose}>
          {t('dialog.close')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
