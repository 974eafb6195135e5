import { Fragment, useCallback, useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from '../../i18n/index.ts';
import {
  attachmentUrl,
  EDIT_WINDOW_MS,
  messagesApi,
  retoursApi,
  toApiError,
  type ApiError,
  type Attachment,
  type Message,
  type User,
} from '../../api.ts';
import { Button } from '../../components/Button.tsx';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { ChatIcon, CloseIcon, DownloadIcon, FileIcon, PencilIcon, TrashIcon, UploadIcon } from '../../components/icons.tsx';
import { LiveAlert } from '../../components/LiveAlert.tsx';
import { Section } from '../../components/PageHeader.tsx';
import { RichText } from '../../components/RichText.tsx';
import { ProgressBar } from '../../components/ProgressBar.tsx';
import { Skeleton } from '../../components/Skeleton.tsx';
import { useToast } from '../../components/Toast.tsx';
import { formatDateTime, formatSize } from '../../lib/format.ts';
import { useLive } from '../../lib/live.tsx';
import { uploadFile, type UploadProgress } from '../../lib/upload.ts';

const PAGE = 30;

/** Messages by id, oldest first: `incoming` replaces the ones it already has (edits, removals). */
export function mergeMessages(current: Message[], incoming: Message[]): Message[] {
  const byId = new Map(current.map((m) => [m.id, m]));
  for (const m of incoming) byId.set(m.id, m);
  return [...byId.values()].sort((a, b) => a.id - b.id);
}

/** May `user` change (edit) or remove (remove) this message now? */
export function canChange(m: Message, user: Pick<User, 'id' | 'role'>, what: 'edit' | 'remove', now = Date.now()): boolean {
  if (m.deleted) return false;
  const own = m.author_id === user.id;
  const recent = now - new Date(m.created_at).getTime() < EDIT_WINDOW_MS;
  if (what === 'remove' && user.role === 'admin') return true;
  return own && recent;
}

interface PendingFile {
  key: number;
  name: string;
  size: number;
  progress: UploadProgress | null;
  attachment: Attachment | null;
  error: string | null;
  abort: () => void;
}

/** Where a thread's messages come from and go to: a project's conversation, or one retour's. */
function threadApi(projectId: number, retourId?: number) {
  if (retourId) {
    return {
      list: (p: { before?: number; limit?: number }) => retoursApi.messages(retourId, p).then((th) => ({ ...th, last_read: null })),
      post: (body: string, ids: number[]) => retoursApi.post(retourId, body, ids),
    };
  }
  return {
    list: (p: { before?: number; limit?: number }) => messagesApi.list(projectId, p) as Promise<{ items: Message[]; has_more: boolean; last_read: number | null }>,
    post: (body: string, ids: number[]) => messagesApi.post(projectId, body, ids),
  };
}

// The conversation of a project (C6), or with retourId the thread of one retour: its messages,
// oldest first, the « Nouveaux messages » marker (the conversation only), older pages on demand,
// the composer with attachments, edits and removals within the 15 minutes, and live updates from
// the server's `message` events (which say which thread they are of).
export function Conversation({ projectId, retourId, user }: { projectId: number; retourId?: number; user: User }) {
  const { t } = useTranslation();
  const toast = useToast();
  const [messages, setMessages] = useState<Message[]>([]);
  const [lastRead, setLastRead] = useState<number | null>(null);
  const [hasMore, setHasMore] = useState(false);
  const [loading, setLoading] = useState(true);
  const [loadError, setLoadError] = useState<ApiError | null>(null);
  const [olderLoading, setOlderLoading] = useState(false);
  const [announce, setAnnounce] = useState('');
  const [editing, setEditing] = useState<number | null>(null);
  const [removing, setRemoving] = useState<Message | null>(null);
  const [, setClock] = useState(0);
  const known = useRef(new Set<number>());

  const refresh = useCallback(
    async (first: boolean) => {
      try {
        const thread = await threadApi(projectId, retourId).list({ limit: PAGE });
        const items = thread.items ?? [];
        if (first) {
          setLastRead(thread.last_read ?? null);
          setHasMore(thread.has_more);
          items.forEach((m) => known.current.add(m.id));
        } else {
          const fresh = items.filter((m) => !known.current.has(m.id));
          fresh.forEach((m) => known.current.add(m.id));
          const others = fresh.filter((m) => m.author_id !== user.id);
          if (others.length > 0) setAnnounce(t('messages.newAnnounce', { count: others.length, name: others[others.length - 1].author_name }));
        }
        setMessages((current) => (first ? items : mergeMessages(current, items)));
        setLoadError(null);
      } catch (e) {
        if (first) setLoadError(toApiError(e));
      } finally {
        if (first) setLoading(false);
      }
    },
    [projectId, retourId, user.id, t],
  );

  useEffect(() => {
    setLoading(true);
    setMessages([]);
    known.current = new Set();
    void refresh(true);
  }, [refresh]);

  // The edit and remove buttons go away when the 15 minutes are over.
  useEffect(() => {
    const timer = setInterval(() => setClock((c) => c + 1), 30_000);
    return () => clearInterval(timer);
  }, []);

  useLive((e) => {
    const ofThis = e.type === 'message' && e.data.project_id === projectId && (e.data.retour_id || 0) === (retourId ?? 0);
    if (ofThis || e.type === 'resync') void refresh(false);
  });

  async function loadOlder() {
    if (messages.length === 0) return;
    setOlderLoading(true);
    try {
      const thread = await threadApi(projectId, retourId).list({ before: messages[0].id, limit: PAGE });
      (thread.items ?? []).forEach((m) => known.current.add(m.id));
      setMessages((current) => mergeMessages(current, thread.items ?? []));
      setHasMore(thread.has_more);
    } catch (e) {
      setLoadError(toApiError(e));
    } finally {
      setOlderLoading(false);
    }
  }

  const firstNew = lastRead === null ? undefined : messages.find((m) => m.id > lastRead && m.author_id !== user.id)?.id;

  return (
    <Section
      id={retourId ? 'echanges-retour' : 'messages'}
      title={retourId ? t('retours.thread') : t('messages.title')}
      description={retourId ? t('retours.threadIntro') : t('messages.intro')}
    >
      <p className="sr-only" aria-live="polite">
        {announce}
      </p>
      {loading ? (
        <Skeleton rows={3} label={t('messages.loading')} />
      ) : loadError && messages.length === 0 ? (
        <div className="space-y-4">
          <ErrorNotice error={loadError} />
          <Button onClick={() => void refresh(true)}>{t('session.retry')}</Button>
        </div>
      ) : (
        <>
          {hasMore && (
            <div className="mb-4 flex justify-center print:hidden">
              <Button loading={olderLoading} onClick={() => void loadOlder()}>
                {t('messages.older')}
              </Button>
            </div>
          )}
          {messages.length === 0 ? (
            <EmptyState icon={<ChatIcon className="size-6" />} title={t('messages.emptyTitle')}>
              {t(user.role === 'admin' ? 'messages.emptyAdmin' : 'messages.emptyClient')}
            </EmptyState>
          ) : (
            <ol className="space-y-4" aria-label={t('messages.listLabel')}>
              {messages.map((m) => (
                <Fragment key={m.id}>
                  {m.id === firstNew && (
                    <li className="flex items-center gap-3 text-sm font-bold text-brand-800" id="nouveaux-messages">
                      <span className="h-px flex-1 bg-brand-300" aria-hidden="true" />
                      {t('messages.newMarker')}
                      <span className="h-px flex-1 bg-brand-300" aria-hidden="true" />
                    </li>
                  )}
                  <MessageItem
                    message={m}
                    user={user}
                    editing={editing === m.id}
                    onEdit={() => setEditing(m.id)}
                    onCancelEdit={() => setEditing(null)}
                    onSaved={(next) => {
                      setMessages((current) => mergeMessages(current, [next]));
                      setEditing(null);
                      toast(t('messages.edited'));
                    }}
                    onRemove={() => setRemoving(m)}
                  />
                </Fragment>
              ))}
            </ol>
          )}
          <Composer
            projectId={projectId}
            post={threadApi(projectId, retourId).post}
            onSent={(m) => {
              known.current.add(m.id);
              setMessages((current) => mergeMessages(current, [m]));
            }}
          />
        </>
      )}
      {removing && (
        <ConfirmDialog
          title={t('messages.removeTitle')}
          confirmLabel={t('messages.removeConfirm')}
          danger
          onClose={() => setRemoving(null)}
          onConfirm={async () => {
            await messagesApi.remove(removing.id);
            setMessages((current) => mergeMessages(current, [{ ...removing, deleted: true, body: '', attachments: [] }]));
            setRemoving(null);
            toast(t('messages.removed'));
          }}
        >
          {t('messages.removeText')}
        </ConfirmDialog>
      )}
    </Section>
  );
}

function MessageItem({
  message: m,
  user,
  editing,
  onEdit,
  onCancelEdit,
  onSaved,
  onRemove,
}: {
  message: Message;
  user: User;
  editing: boolean;
  onEdit: () => void;
  onCancelEdit: () => void;
  onSaved: (m: Message) => void;
  onRemove: () => void;
}) {
  const { t } = useTranslation();
  const staff = m.author_role === 'admin';
  const own = m.author_id === user.id;
  const headingId = useId();
  return (
    <li
      aria-labelledby={headingId}
      className={`rounded-xl p-4 ring-1 break-inside-avoid ${own ? 'bg-brand-50 ring-brand-200 sm:ml-10' : 'bg-white ring-gray-200 sm:mr-10'}`}
    >
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1 text-sm">
        <h3 id={headingId} className="font-bold text-gray-900">
          {m.author_name}
        </h3>
        <span
          className={`rounded-full px-2 py-0.5 text-xs font-semibold ring-1 ring-inset ${staff ? 'bg-brand-700 text-white ring-brand-700' : 'bg-gray-100 text-gray-800 ring-gray-300'}`}
        >
          {staff ? t('messages.roleStaff') : t('messages.roleClient')}
        </span>
        <time dateTime={m.created_at} className="text-gray-700">
          {formatDateTime(m.created_at)}
        </time>
        {m.edited && !m.deleted && <span className="text-gray-700 italic">{t('messages.editedMark')}</span>}
      </div>
      {m.deleted ? (
        <p className="mt-2 text-gray-700 italic">{t('messages.deleted')}</p>
      ) : editing ? (
        <EditForm message={m} onCancel={onCancelEdit} onSaved={onSaved} />
      ) : (
        <>
          <RichTextLazy text={m.body} />
          <AttachmentLinks attachments={m.attachments} label={t('messages.attachments')} />
          {(canChange(m, user, 'edit') || canChange(m, user, 'remove')) && (
            <div className="mt-3 flex flex-wrap gap-2 print:hidden">
              {canChange(m, user, 'edit') && (
                <Button variant="ghost" icon={<PencilIcon className="size-4" />} onClick={onEdit}>
                  {t('messages.edit')}
                  <span className="sr-only">{t('messages.ofMessageAt', { time: formatDateTime(m.created_at) })}</span>
                </Button>
              )}
              <Button variant="ghost" icon={<TrashIcon className="size-4" />} onClick={onRemove}>
                {t('messages.remove')}
                <span className="sr-only">{t('messages.ofMessageAt', { time: formatDateTime(m.created_at) })}</span>
              </Button>
            </div>
          )}
        </>
      )}
    </li>
  );
}

/** The files of a message or a retour, each a download link with its size. */
export function AttachmentLinks({ attachments, label }: { attachments: Attachment[] | null; label: string }) {
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

function RichTextLazy({ text }: { text: string }) {
  return text ? <RichText text={text} className="mt-2 text-gray-900" /> : null;
}

function EditForm({ message, onCancel, onSaved }: { message: Message; onCancel: () => void; onSaved: (m: Message) => void }) {
  const { t } = useTranslation();
  const [body, setBody] = useState(message.body);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const id = useId();
  async function save() {
    if (!body.trim()) return;
    setBusy(true);
    setError(null);
    try {
      onSaved(await messagesApi.edit(message.id, body));
    } catch (e) {
      setError(toApiError(e));
      setBusy(false);
    }
  }
  return (
    <form
      className="mt-3 space-y-3"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <label htmlFor={id} className="block text-sm font-semibold text-gray-900">
        {t('messages.editLabel')}
      </label>
      <textarea
        id={id}
        value={body}
        rows={3}
        autoFocus
        onChange={(e) => setBody(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            void save();
          }
        }}
        className="block w-full rounded-lg border border-gray-400 bg-white px-3 py-2 text-gray-900"
      />
      <LiveAlert error={error} />
      <div className="flex flex-wrap gap-2">
        <Button type="submit" variant="primary" loading={busy}>
          {t('messages.save')}
        </Button>
        <Button onClick={onCancel}>{t('dialog.cancel')}</Button>
      </div>
    </form>
  );
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

function Composer({ projectId, post, onSent }: { projectId: number; post: (body: string, ids: number[]) => Promise<Message>; onSent: (m: Message) => void }) {
  const { t } = useTranslation();
  const [body, setBody] = useState('');
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [sentNote, setSentNote] = useState('');
  const inputId = useId();
  const hintId = useId();
  const pending = usePendingFiles(projectId);
  const { uploading, ready } = pending;

  async function send() {
    if (sending || uploading) return;
    if (!body.trim() && ready.length === 0) {
      setError({ message: t('messages.emptyBody'), code: 'empty', status: 0 } as ApiError);
      return;
    }
    setSending(true);
    setError(null);
    try {
      const m = await post(
        body,
        ready.map((f) => f.attachment!.id),
      );
      onSent(m);
      setBody('');
      pending.clear();
      setSentNote(t('messages.sent'));
    } catch (e) {
      setError(toApiError(e));
    } finally {
      setSending(false);
    }
  }

  function onKeyDown(e: KeyboardEvent<HTMLTextAreaElement>) {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      void send();
    }
  }

  return (
    <form
      className="mt-6 space-y-3 border-t border-gray-200 pt-5 print:hidden"
      onSubmit={(e) => {
        e.preventDefault();
        void send();
      }}
    >
      <label htmlFor={inputId} className="block font-semibold text-gray-900">
        {t('messages.composerLabel')}
      </label>
      <textarea
        id={inputId}
        value={body}
        rows={4}
        aria-describedby={hintId}
        onChange={(e) => {
          setBody(e.target.value);
          setSentNote('');
        }}
        onKeyDown={onKeyDown}
        placeholder={t('messages.placeholder')}
        className="block w-full rounded-lg border border-gray-400 bg-white px-3 py-2 text-gray-900 placeholder:text-gray-600"
      />
      <p id={hintId} className="text-sm text-gray-700">
        {t('messages.hint')}
      </p>
      <PendingFileList pending={pending} />
      <LiveAlert error={error} />
      <p className="sr-only" aria-live="polite">
        {sentNote}
      </p>
      <div className="flex flex-wrap items-center justify-between gap-3">
        <AttachButton pending={pending} />
        <Button type="submit" variant="primary" loading={sending} disabled={uploading} icon={<ChatIcon className="size-4" />}>
          {uploading ? t('messages.waitUploads') : t('messages.send')}
        </Button>
      </div>
    </form>
  );
}
