// Files attached to what is being written, the same in the project's conversation, a retour's
// thread and « Ouvrir un retour »: uploaded as soon as chosen, with their progress, and the
// download links of the files sent.
import { useId, useRef, useState } from 'react';
import { useTranslation } from '../i18n/index.ts';
import { attachmentUrl, toApiError, type Attachment } from '../api.ts';
import { CloseIcon, DownloadIcon, FileIcon, UploadIcon } from './icons.tsx';
import { ProgressBar } from './ProgressBar.tsx';
import { formatSize } from '../lib/format.ts';
import { uploadFile, type UploadProgress } from '../lib/upload.ts';

export interface PendingFile {
  key: number;
  name: string;
  size: number;
  progress: UploadProgress | null;
  attachment: Attachment | null;
  error: string | null;
  abort: () => void;
}

let nextKey = 1;

/**
 * Files attached to what is being written (a message, a retour): each is uploaded to the project
 * as soon as it is chosen, with its progress; `ready` are those uploaded, whose ids go with it.
 */
export function usePendingFiles(projectId: number) {
  const [files, setFiles] = useState<PendingFile[]>([]);
  const fileInput = useRef<HTMLInputElement>(null);

  function patch(key: number, change: Partial<PendingFile>) {
    setFiles((list) => list.map((f) => (f.key === key ? { ...f, ...change } : f)));
  }

  function addFiles(list: FileList | null) {
    if (!list) return;
    for (const file of Array.from(list)) {
      const key = nextKey++;
      const handle = uploadFile<Attachment>(`/projects/${projectId}/attachments`, file, (progress) => patch(key, { progress }));
      setFiles((current) => [...current, { key, name: file.name, size: file.size, progress: null, attachment: null, error: null, abort: handle.abort }]);
      handle.done.then(
        (attachment) => patch(key, { attachment }),
        (e: unknown) => patch(key, { error: toApiError(e).message }),
      );
    }
    if (fileInput.current) fileInput.current.value = '';
  }

  return {
    files,
    fileInput,
    addFiles,
    remove: (key: number) => setFiles((list) => list.filter((x) => x.key !== key)),
    clear: () => setFiles([]),
    /** Puts back files taken away (a message refused after the composer emptied), unless others were chosen meanwhile. */
    restore: (taken: PendingFile[]) => setFiles((current) => (current.length > 0 ? current : taken)),
    uploading: files.some((f) => !f.attachment && !f.error),
    ready: files.filter((f) => f.attachment),
  };
}

/** The files being attached, each with its progress, its error or « prêt », and a remove button. */
export function PendingFileList({ pending }: { pending: ReturnType<typeof usePendingFiles> }) {
  const { t } = useTranslation();
  if (pending.files.length === 0) return null;
  return (
    <ul className="space-y-2" aria-label={t('messages.pendingFiles')}>
      {pending.files.map((f) => (
        <li key={f.key} className="rounded-lg bg-gray-50 p-3 ring-1 ring-gray-200">
          <div className="flex items-center gap-2 text-sm">
            <FileIcon className="size-4 shrink-0 text-gray-700" />
            <span className="min-w-0 flex-1 truncate font-semibold text-gray-900">{f.name}</span>
            <span className="shrink-0 text-gray-700">{formatSize(f.size)}</span>
            <button
              type="button"
              onClick={() => {
                if (!f.attachment && !f.error) f.abort();
                pending.remove(f.key);
              }}
              className="inline-flex size-11 shrink-0 items-center justify-center rounded-lg text-gray-800 hover:bg-gray-200"
            >
              <CloseIcon className="size-4" />
              <span className="sr-only">{t('messages.removeFile', { name: f.name })}</span>
            </button>
          </div>
          {f.error ? (
            <p className="mt-1 text-sm font-semibold text-danger-800" role="alert">
              {f.error}
            </p>
          ) : f.attachment ? (
            <p className="mt-1 text-sm text-success-800">{t('messages.fileReady')}</p>
          ) : (
            <div className="mt-2">
              <ProgressBar percent={f.progress?.percent ?? 0} label={t('messages.fileProgress', { name: f.name })} valueText={`${f.progress?.percent ?? 0} %`} size="sm" />
            </div>
          )}
        </li>
      ))}
    </ul>
  );
}

/** The « Joindre des fichiers » button: a visually hidden file input and its label. */
export function AttachButton({ pending, label }: { pending: ReturnType<typeof usePendingFiles>; label?: string }) {
  const { t } = useTranslation();
  const fileId = useId();
  return (
    <div className="rounded-lg focus-within:ring-3 focus-within:ring-brand-600">
      <input id={fileId} ref={pending.fileInput} type="file" multiple className="sr-only" onChange={(e) => pending.addFiles(e.target.files)} />
      <label
        htmlFor={fileId}
        className="inline-flex min-h-11 cursor-pointer items-center gap-2 rounded-lg border border-gray-400 bg-white px-4 text-sm font-semibold text-gray-900 shadow-sm hover:bg-gray-50"
      >
        <UploadIcon className="size-4" />
        {label ?? t('messages.attach')}
      </label>
    </div>
  );
}

/** The files of a message or a retour, each a download link with its size. */
export function AttachmentLinks({ attachments, label }: { attachments: Attachment[] | null | undefined; label: string }) {
  if (!attachments || attachments.length === 0) return null;
  return (
    <ul className="mt-3 flex flex-col gap-2" aria-label={label}>
      {attachments.map((a) => (
        <li key={a.id}>
          <a
            href={attachmentUrl(a.id)}
            download={a.file_name}
            className="inline-flex min-h-11 max-w-full items-center gap-2 rounded-lg border border-gray-300 bg-white px-3 text-sm font-semibold text-brand-700 hover:bg-gray-50"
          >
            <DownloadIcon className="size-4 shrink-0" />
            <span className="truncate">{a.file_name}</span>
            <span className="shrink-0 font-normal text-gray-700">({formatSize(a.size)})</span>
          </a>
        </li>
      ))}
    </ul>
  );
}
