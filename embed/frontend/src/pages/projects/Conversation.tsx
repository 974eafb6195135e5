import { useInfiniteQuery, useMutation, useQueryClient, type InfiniteData, type QueryClient, type QueryKey } from '@tanstack/react-query';
import { Fragment, useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from '../../i18n/index.ts';
import { INTERNAL_FRAME, InternalMark } from '../../components/InternalMark.tsx';
import { EDIT_WINDOW_MS, messagesApi, retoursApi, toApiError, type ApiError, type Attachment, type Message, type Thread, type User } from '../../api.ts';
import { AttachButton, AttachmentLinks, PendingFileList, usePendingFiles } from '../../components/Attachments.tsx';
import { Button } from '../../components/Button.tsx';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { SubmitWithCancel } from '../../components/FormField.tsx';
import { ChatIcon, LockIcon, PencilIcon, TrashIcon } from '../../components/icons.tsx';
import { LiveAlert } from '../../components/LiveAlert.tsx';
import { Section } from '../../components/PageHeader.tsx';
import { RichText } from '../../components/RichText.tsx';
import { Skeleton } from '../../components/Skeleton.tsx';
import { useToast } from '../../components/Toast.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { messageQueries, mutationKeys, threadKey } from '../../lib/queries.ts';

/**
 * Messages by id, oldest first: `incoming` replaces the ones it already has (edits, removals).
 * Messages still being posted (negative ids, in the order written) come after all the others.
 */
export function mergeMessages(current: Message[], incoming: Message[]): Message[] {
  const byId = new Map(current.map((m) => [m.id, m]));
  for (const m of incoming) byId.set(m.id, m);
  const order = (m: Message) => (isPending(m) ? Number.MAX_SAFE_INTEGER / 2 - m.id : m.id);
  return [...byId.values()].sort((a, b) => order(a) - order(b));
}

/** May `user` change (edit) or remove (remove) this message now? */
export function canChange(m: Message, user: Pick<User, 'id' | 'role'>, what: 'edit' | 'remove', now = Date.now()): boolean {
  if (m.deleted || isPending(m)) return false;
  const own = m.author_id === user.id;
  const recent = now - new Date(m.created_at).getTime() < EDIT_WINDOW_MS;
  if (what === 'remove' && user.role === 'admin') return true;
  return own && recent;
}

/** A message shown before the server has it (an optimistic post): its id is negative until then. */
const isPending = (m: Message) => m.id < 0;

type ThreadData = InfiniteData<Thread, number | undefined>;

/** The cached conversation with `change` applied to the messages of each page it holds. */
function patchThread(client: QueryClient, key: QueryKey, change: (items: Message[], page: number) => Message[]) {
  client.setQueryData<ThreadData>(key, (data) => (data ? { ...data, pages: data.pages.map((p, i) => ({ ...p, items: change(p.items ?? [], i) })) } : data));
}

/** Puts `m` where the message of the same id is (an edit, a removal, a posted message's real self). */
function replaceMessage(client: QueryClient, key: QueryKey, id: number, m: Message) {
  patchThread(client, key, (items) => items.map((x) => (x.id === id ? m : x)));
}

let nextPendingId = 1;

/**
 * Posting a message, optimistically: it shows at the end of the conversation at once (marked
 * « Envoi en cours… »), takes its real self when the server answers, and goes away again if
 * the server refuses it (the composer then gets the text back with the error). Live reloads of
 * this conversation wait until the post is over (live.tsx), then one reload brings what others
 * wrote meanwhile.
 */
export function usePostMessage(projectId: number, user: Pick<User, 'id' | 'name' | 'role'>, retourId?: number) {
  const client = useQueryClient();
  const mutationKey = mutationKeys.postMessage(projectId);
  const key = threadKey(projectId, retourId);
  return useMutation({
    mutationKey,
    mutationFn: ({ body, attachments, internal }: { body: string; attachments: Attachment[]; internal: boolean }) =>
      retourId
        ? retoursApi.post(
            retourId,
            body,
            attachments.map((a) => a.id),
            internal,
          )
        : messagesApi.post(
            projectId,
            body,
            attachments.map((a) => a.id),
            internal,
          ),
    onMutate: async ({ body, attachments, internal }) => {
      // An answer already on its way would overwrite the message shown below.
      await client.cancelQueries({ queryKey: key });
      const pending: Message = {
        id: -nextPendingId++,
        project_id: projectId,
        retour_id: retourId ?? null,
        author_id: user.id,
        author_name: user.name,
        author_role: user.role,
        body,
        created_at: new Date().toISOString(),
        edited: false,
        deleted: false,
        internal,
        attachments,
      };
      // The newest messages are the first page.
      patchThread(client, key, (items, page) => (page === 0 ? [...items, pending] : items));
      return { pendingId: pending.id };
    },
    // The rollback takes out this message only: whatever else arrived meanwhile stays.
    onError: (_error, _draft, result) => {
      if (result) patchThread(client, key, (items) => items.filter((m) => m.id !== result.pendingId));
    },
    onSuccess: (message, _draft, result) => {
      if (result) replaceMessage(client, key, result.pendingId, message);
    },
    onSettled: () => {
      if (client.isMutating({ mutationKey }) === 1) void client.invalidateQueries({ queryKey: key });
    },
  });
}

// The conversation of a project (C6), or with retourId the thread of one retour: its messages,
// oldest first, the « Nouveaux messages » marker (the conversation only), older pages on
// demand, the composer with attachments, edits and removals within the 15 minutes. The server's
// `message` events reload it (live.tsx).
export function Conversation({ projectId, retourId, user }: { projectId: number; retourId?: number; user: User }) {
  const { t } = useTranslation();
  const toast = useToast();
  const client = useQueryClient();
  const thread = useInfiniteQuery(messageQueries.thread(projectId, retourId));
  const key = threadKey(projectId, retourId);
  const [announce, setAnnounce] = useState('');
  const [editing, setEditing] = useState<number | null>(null);
  const [removing, setRemoving] = useState<Message | null>(null);
  const [, setClock] = useState(0);

  // Pages are held newest first; on screen, the messages go oldest first.
  const messages = useMemo(
    () =>
      mergeMessages(
        [],
        (thread.data?.pages ?? []).flatMap((p) => p.items ?? []),
      ),
    [thread.data],
  );

  // The reader's marker as it was when the conversation opened: a reload (live event) moves
  // the server's, not the line drawn on screen.
  const [lastRead, setLastRead] = useState<number | null>(null);
  const firstPage = thread.data?.pages[0];
  if (lastRead === null && firstPage) setLastRead(firstPage.last_read);

  // Messages others wrote since the last look are announced to screen readers.
  const newest = useRef<number | null>(null);
  useEffect(() => {
    if (!thread.data) return;
    const ids = messages.filter((m) => !isPending(m)).map((m) => m.id);
    const top = Math.max(0, ...ids);
    if (newest.current !== null) {
      const since = newest.current;
      const others = messages.filter((m) => m.id > since && m.author_id !== user.id);
      if (others.length > 0) setAnnounce(t('messages.newAnnounce', { count: others.length, name: others[others.length - 1].author_name }));
    }
    newest.current = Math.max(newest.current ?? 0, top);
  }, [messages, thread.data, user.id, t]);

  // The edit and remove buttons go away when the 15 minutes are over.
  useEffect(() => {
    const timer = setInterval(() => setClock((c) => c + 1), 30_000);
    return () => clearInterval(timer);
  }, []);

  const firstNew = lastRead === null ? undefined : messages.find((m) => m.id > lastRead && m.author_id !== user.id)?.id;

  return (
    <Section id={retourId ? 'echanges-retour' : 'messages'} title={retourId ? t('retours.thread') : t('messages.title')} description={retourId ? t('retours.threadIntro') : t('messages.intro')}>
      <p className="sr-only" aria-live="polite">
        {announce}
      </p>
      {thread.isPending ? (
        <Skeleton rows={3} label={t('messages.loading')} />
      ) : thread.isError && !thread.data ? (
        <div className="space-y-4">
          <ErrorNotice error={toApiError(thread.error)} />
          <Button onClick={() => void thread.refetch()}>{t('session.retry')}</Button>
        </div>
      ) : (
        <>
          {thread.isFetchNextPageError && <ErrorNotice error={toApiError(thread.error)} />}
          {thread.hasNextPage && (
            <div className="mb-4 flex justify-center print:hidden">
              <Button loading={thread.isFetchingNextPage} onClick={() => void thread.fetchNextPage()}>
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
                      replaceMessage(client, key, next.id, next);
                      setEditing(null);
                      toast(t('messages.edited'));
                    }}
                    onRemove={() => setRemoving(m)}
                  />
                </Fragment>
              ))}
            </ol>
          )}
          <Composer projectId={projectId} retourId={retourId} user={user} />
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
            replaceMessage(client, key, removing.id, { ...removing, deleted: true, body: '', attachments: [] });
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
  // An internal note stands apart from what the client reads: its own colour, a dashed frame and
  // the words « Note interne » before anything else, for sighted and screen-reader users alike.
  const tone = m.internal ? INTERNAL_FRAME : own ? 'bg-brand-50 ring-1 ring-brand-200' : 'bg-white ring-1 ring-gray-200';
  return (
    <li
      aria-labelledby={headingId}
      aria-busy={isPending(m) || undefined}
      data-internal={m.internal ? 'true' : undefined}
      className={`rounded-xl p-4 break-inside-avoid ${tone} ${own ? 'sm:ml-10' : 'sm:mr-10'}`}
    >
      {m.internal && <InternalMark />}
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1 text-sm">
        <h3 id={headingId} className="font-bold text-gray-900">
          {m.author_name}
        </h3>
        <span className={`rounded-full px-2 py-0.5 text-xs font-semibold ring-1 ring-inset ${staff ? 'bg-brand-700 text-white ring-brand-700' : 'bg-gray-100 text-gray-800 ring-gray-300'}`}>
          {staff ? t('messages.roleStaff') : t('messages.roleClient')}
        </span>
        {isPending(m) ? (
          <span className="text-gray-700 italic">{t('messages.sending')}</span>
        ) : (
          <time dateTime={m.created_at} className="text-gray-700">
            {formatDateTime(m.created_at)}
          </time>
        )}
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
      <SubmitWithCancel saving={busy} onCancel={onCancel} className="gap-2">
        {t('messages.save')}
      </SubmitWithCancel>
    </form>
  );
}

function Composer({ projectId, retourId, user }: { projectId: number; retourId?: number; user: User }) {
  const staff = user.role === 'admin';
  const { t } = useTranslation();
  const post = usePostMessage(projectId, user, retourId);
  const [body, setBody] = useState('');
  // Staff only: the next message is an internal note. Back to a message to the client after each
  // send, so that a note is always a deliberate choice.
  const [internal, setInternal] = useState(false);
  const internalId = useId();
  const internalHintId = useId();
  const pending = usePendingFiles(projectId);
  const [error, setError] = useState<ApiError | null>(null);
  const [sentNote, setSentNote] = useState('');
  const inputId = useId();
  const hintId = useId();

  const { uploading, ready } = pending;
  const sending = post.isPending;

  function send() {
    if (sending || uploading) return;
    if (!body.trim() && ready.length === 0) {
      setError({ message: t('messages.emptyBody'), code: 'empty', status: 0 } as ApiError);
      return;
    }
    setError(null);
    const sentFiles = pending.files;
    // The message is in the conversation already (usePostMessage): the composer empties now.
    setBody('');
    pending.clear();
    post.mutate(
      { body, attachments: ready.map((f) => f.attachment!), internal: staff && internal },
      {
        onSuccess: (m) => {
          setSentNote(t(m.internal ? 'messages.internalSent' : 'messages.sent'));
          setInternal(false);
        },
        onError: (e) => {
          // Refused: the text and files come back, unless something new was typed meanwhile.
          setBody((current) => current || body);
          pending.restore(sentFiles);
          setError(toApiError(e));
        },
      },
    );
  }

  function onKeyDown(e: KeyboardEvent<HTMLTextAreaElement>) {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      send();
    }
  }

  return (
    <form
      className={`mt-6 space-y-3 border-t border-gray-200 pt-5 print:hidden ${internal ? `rounded-b-xl px-3 pb-3 ${INTERNAL_FRAME}` : ''}`}
      onSubmit={(e) => {
        e.preventDefault();
        send();
      }}
    >
      {staff && (
        <div className="space-y-1">
          {/* The box is drawn by the label (a 44 px target); the real checkbox stays for keyboards and screen readers. */}
          <div className="w-fit max-w-full rounded-lg focus-within:ring-3 focus-within:ring-brand-600">
            <input id={internalId} type="checkbox" checked={internal} aria-describedby={internalHintId} onChange={(e) => setInternal(e.target.checked)} className="peer sr-only" />
            <label
              htmlFor={internalId}
              className="flex min-h-11 cursor-pointer items-center gap-2 rounded-lg border border-gray-400 bg-white px-3 py-2 font-semibold text-gray-900 peer-checked:border-amber-500 peer-checked:bg-amber-100"
            >
              <span aria-hidden="true" className="flex size-5 shrink-0 items-center justify-center rounded border-2 border-gray-600 bg-white text-sm leading-none font-bold text-amber-900">
                {internal ? '✓' : ''}
              </span>
              <LockIcon className="size-4 shrink-0 text-amber-800" />
              {t('messages.internalToggle')}
            </label>
          </div>
          <p id={internalHintId} className="text-sm text-gray-700">
            {t('messages.internalHint')}
          </p>
        </div>
      )}
      <label htmlFor={inputId} className="block font-semibold text-gray-900">
        {internal ? t('messages.internalMark') : t('messages.composerLabel')}
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
          {uploading ? t('messages.waitUploads') : internal ? t('messages.internalSend') : t('messages.send')}
        </Button>
      </div>
    </form>
  );
}
