import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from '../../i18n/index.ts';
import { toApiError, type ApiError, type Deliverable, type Milestone } from '../../api.ts';
import { Button } from '../../components/Button.tsx';
import { Dialog, DialogActions } from '../../components/Dialog.tsx';
import { FormField, SelectField, TextAreaField } from '../../components/FormField.tsx';
import { AlertIcon, CloseIcon, UploadIcon } from '../../components/icons.tsx';
import { LiveAlert } from '../../components/LiveAlert.tsx';
import { Notice } from '../../components/Notice.tsx';
import { ProgressBar } from '../../components/ProgressBar.tsx';
import { formatDuration, formatPercent, formatSize } from '../../lib/format.ts';
import { isAborted, newDeliverablePath, newVersionPath, uploadFile, type UploadHandle, type UploadProgress } from '../../lib/upload.ts';

const FIELDS = ['title', 'milestone_id', 'note', 'file'] as const;
type Field = (typeof FIELDS)[number];

/** Notes travel in the address of the upload: kept short enough for any server in between. */
export const NOTE_MAX = 1000;

type Target = { kind: 'new'; projectId: number; milestones: Milestone[] } | { kind: 'version'; deliverable: Deliverable };

// Sends a file (A5): a new deliverable of the project (title, optional step, note) or a new
// version of one. While it goes: a progress bar, the percentage, the bytes sent and the time
// left, and a button to cancel. Closing the dialog cancels too.
export function UploadDialog({ target, onClose, onUploaded }: { target: Target; onClose: () => void; onUploaded: (d: Deliverable) => void }) {
  const { t } = useTranslation();
  const [title, setTitle] = useState('');
  const [milestoneId, setMilestoneId] = useState('');
  const [note, setNote] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<Field, string>>>({});
  const [error, setError] = useState<ApiError | null>(null);
  const [cancelled, setCancelled] = useState(false);
  const [progress, setProgress] = useState<UploadProgress | null>(null);
  const handle = useRef<UploadHandle | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const fileId = useId();
  const uploading = progress !== null;

  // Leaving the page (or closing the dialog) stops the transfer.
  useEffect(() => () => handle.current?.abort(), []);

  function close() {
    handle.current?.abort();
    onClose();
  }

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (uploading) return;
    setError(null);
    setCancelled(false);
    if (!file) {
      setFieldErrors({ file: t('upload.fileRequired') });
      fileInput.current?.focus();
      return;
    }
    setFieldErrors({});
    const path =
      target.kind === 'new'
        ? newDeliverablePath(target.projectId, { title: title.trim(), note: note.trim(), milestoneId: Number(milestoneId) || null })
        : newVersionPath(target.deliverable.id, note.trim());
    setProgress({ loaded: 0, total: file.size, percent: 0, remainingSeconds: null });
    const h = uploadFile(path, file, setProgress);
    handle.current = h;
    try {
      const d = await h.done;
      handle.current = null;
      onUploaded(d);
    } catch (err) {
      handle.current = null;
      setProgress(null);
      if (isAborted(err)) {
        setCancelled(true);
        return;
      }
      const api = toApiError(err);
      if (api.field && (FIELDS as readonly string[]).includes(api.field)) {
        setFieldErrors({ [api.field]: api.message });
        if (api.field === 'file') fileInput.current?.focus();
      } else {
        setError(api);
      }
    }
  }

  const heading = target.kind === 'new' ? t('upload.newTitle') : t('upload.versionTitle', { title: target.deliverable.title, number: target.deliverable.latest_version + 1 });
  const fileError = fieldErrors.file;

  return (
    <Dialog title={heading} description={target.kind === 'new' ? t('upload.newText') : t('upload.versionText')} onClose={close} wide>
      <LiveAlert error={error} />
      {cancelled && (
        <div className="mb-5">
          <Notice>{t('upload.cancelled')}</Notice>
        </div>
      )}
      <form noValidate onSubmit={submit} className="grid gap-5">
        {target.kind === 'new' && (
          <>
            <FormField
              label={t('upload.title')}
              hint={t('upload.titleHint')}
              maxLength={200}
              autoComplete="off"
              value={title}
              onChange={(e) => setTitle(e.target.value)}
              error={fieldErrors.title}
              disabled={uploading}
            />
            <SelectField
              label={t('upload.milestone')}
              hint={t('upload.milestoneHint')}
              value={milestoneId}
              onChange={(e) => setMilestoneId(e.target.value)}
              error={fieldErrors.milestone_id}
              disabled={uploading}
              options={[
                { value: '', label: t('upload.noMilestone') },
                ...target.milestones.map((m, i) => ({ value: String(m.id), label: `${i + 1}. ${m.title} (${t(`milestones.state.${m.state}`)})` })),
              ]}
            />
          </>
        )}
        <TextAreaField
          label={t('upload.note')}
          hint={t('upload.noteHint', { max: NOTE_MAX })}
          rows={3}
          maxLength={NOTE_MAX}
          value={note}
          onChange={(e) => setNote(e.target.value)}
          error={fieldErrors.note}
          disabled={uploading}
        />

        <div>
          <label htmlFor={fileId} className="block text-sm font-semibold text-gray-900">
            {t('upload.file')} <span className="font-normal text-gray-600">{t('form.required')}</span>
          </label>
          <input
            ref={fileInput}
            id={fileId}
            type="file"
            name="file"
            disabled={uploading}
            aria-invalid={fileError ? true : undefined}
            aria-describedby={fileError ? `${fileId}-erreur` : undefined}
            onChange={(e) => {
              setFile(e.target.files?.[0] ?? null);
              setFieldErrors((f) => ({ ...f, file: undefined }));
            }}
            className={`mt-1.5 block min-h-12 w-full rounded-lg border bg-white p-1 text-sm text-gray-900 file:mr-3 file:min-h-10 file:cursor-pointer file:rounded-md file:border-0 file:bg-brand-50 file:px-4 file:font-semibold file:text-brand-800 hover:file:bg-brand-100 ${
              fileError ? 'border-danger-700' : 'border-gray-500'
            }`}
          />
          {file && !fileError && <p className="mt-1.5 text-sm text-gray-700">{t('upload.chosen', { name: file.name, size: formatSize(file.size) })}</p>}
          {fileError && (
            <p id={`${fileId}-erreur`} className="mt-1.5 flex items-start gap-1.5 text-sm font-medium text-danger-700">
              <AlertIcon className="mt-0.5 size-4 shrink-0" />
              <span>{fileError}</span>
            </p>
          )}
        </div>

        {progress && file && (
          <div className="rounded-xl bg-gray-50 p-4 ring-1 ring-gray-200">
            <ProgressBar percent={progress.percent} label={t('upload.progressLabel', { name: file.name })} size="lg" />
            <p className="mt-2 flex flex-wrap justify-between gap-x-4 gap-y-1 text-sm text-gray-900 tabular-nums">
              <span className="font-semibold">{formatPercent(progress.percent)}</span>
              <span>{t('upload.bytes', { loaded: formatSize(progress.loaded), total: formatSize(progress.total) })}</span>
            </p>
            <p className="mt-1 text-sm text-gray-700">
              {progress.percent >= 100
                ? t('upload.verifying')
                : progress.remainingSeconds === null
                  ? t('upload.estimating')
                  : t('upload.remaining', { duration: formatDuration(progress.remainingSeconds) })}
            </p>
          </div>
        )}

        <DialogActions>
          {uploading ? (
            <Button icon={<CloseIcon className="size-4" />} onClick={() => handle.current?.abort()}>
              {t('upload.cancel')}
            </Button>
          ) : (
            <Button onClick={close}>{t('dialog.cancel')}</Button>
          )}
          <Button type="submit" variant="primary" loading={uploading} icon={<UploadIcon className="size-4" />}>
            {uploading ? t('upload.sending') : t('upload.submit')}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
