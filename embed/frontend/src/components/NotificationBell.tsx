import { useCallback, useEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { Link } from './Link.tsx';
import { useTranslation } from '../i18n/index.ts';
import { notificationsApi, toApiError, type ApiError, type AppNotification } from '../api.ts';
import { formatDateTime } from '../lib/format.ts';
import { useLive } from '../lib/live.tsx';
import { notificationPath, notificationText } from '../lib/notifications.ts';
import { usePopover } from '../lib/popover.ts';
import { LiveAlert } from './LiveAlert.tsx';
import { BellIcon, CheckIcon } from './icons.tsx';

const LIMIT = 20;

export interface NotificationState {
  unread: number;
  items: AppNotification[] | null;
  error: ApiError | null;
  /** What the aria-live region says (a new notification). */
  announcement: string;
  load: () => Promise<void>;
  markRead: (id: number) => Promise<void>;
}

/** The signed-in user's notifications and unread count, kept current by the live events. */
export function useNotifications(): NotificationState {
  const { t } = useTranslation();
  const [unread, setUnread] = useState(0);
  const [items, setItems] = useState<AppNotification[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  // What to announce is kept as data and worded at render: a live event can come before the
  // reader's language has loaded, and the words must follow it.
  const [announced, setAnnounced] = useState<{ count: number; newest: AppNotification } | null>(null);
  const unreadRef = useRef(0);

  const load = useCallback(async () => {
    try {
      const list = await notificationsApi.list({ limit: LIMIT });
      const newest = list.items?.find((n) => !n.read_at);
      if (list.unread > unreadRef.current && newest) setAnnounced({ count: list.unread, newest });
      unreadRef.current = list.unread;
      setUnread(list.unread);
      setItems(list.items ?? []);
      setError(null);
    } catch (e) {
      setError(toApiError(e));
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  useLive((e) => {
    if (e.type === 'notifications') {
      if (e.data.unread !== unreadRef.current) void load();
    } else if (e.type === 'resync') void load();
  });

  const markRead = useCallback(async (id: number) => {
    try {
      const r = await notificationsApi.markRead(id);
      unreadRef.current = r.unread;
      setUnread(r.unread);
      const now = new Date().toISOString();
      setItems((list) => list?.map((n) => (id === 0 || n.id === id ? { ...n, read_at: n.read_at ?? now } : n)) ?? null);
      setError(null);
    } catch (e) {
      setError(toApiError(e));
    }
  }, []);

  const announcement = announced ? t('bell.announce', { count: announced.count, title: notificationText(announced.newest).title }) : '';
  return { unread, items, error, announcement, load, markRead };
}

// The bell of the top bar: the unread count, and a list to open, mark read one by one or all.
export function NotificationBell({ state, tone = 'brand', align = 'right' }: { state: NotificationState; tone?: 'brand' | 'light'; align?: 'left' | 'right' }) {
  const { t } = useTranslation();
  const { unread, items, error, markRead, load } = state;
  // Opened: the list again, in case a live event was missed.
  const { open, close, panelId, root, triggerProps } = usePopover(load);
  const navigate = useNavigate();

  const buttonClass = tone === 'brand' ? 'border border-white/60 text-white hover:bg-white/15' : 'border border-gray-300 bg-white text-gray-900 hover:bg-gray-100';

  return (
    <div ref={root} className="relative">
      <button {...triggerProps} className={`relative inline-flex size-11 items-center justify-center rounded-lg ${buttonClass}`} data-testid="bell">
        <BellIcon className="size-5" />
        <span className="sr-only">{unread > 0 ? t('bell.labelUnread', { count: unread }) : t('bell.label')}</span>
        {unread > 0 && (
          <span
            aria-hidden="true"
            data-testid="bell-count"
            className="absolute -top-1.5 -right-1.5 inline-flex min-w-5 items-center justify-center rounded-full bg-white px-1 text-xs font-bold text-brand-800 ring-2 ring-brand-700"
          >
            {unread > 99 ? '99+' : unread}
          </span>
        )}
      </button>
      {open && (
        <div
          id={panelId}
          role="region"
          // Its own name: a page may have a section called « Notifications » too (Mon compte),
          // and two landmarks must not share role and name.
          aria-label={t('bell.panel')}
          className={`fixed inset-x-2 top-16 z-50 max-h-[75dvh] overflow-y-auto rounded-2xl bg-white text-gray-900 shadow-xl ring-1 ring-gray-300 sm:absolute sm:inset-x-auto sm:top-full sm:mt-2 sm:w-96 ${align === 'right' ? 'sm:right-0' : 'sm:left-0'}`}
        >
          <div className="flex items-center justify-between gap-3 border-b border-gray-200 px-4 py-2">
            <h2 className="font-bold">{t('bell.title')}</h2>
            {unread > 0 && (
              <button type="button" onClick={() => void markRead(0)} className="inline-flex min-h-11 items-center gap-1 rounded-lg px-2 text-sm font-semibold text-brand-700 hover:bg-brand-50">
                <CheckIcon className="size-4" />
                {t('bell.markAll')}
              </button>
            )}
          </div>
          <LiveAlert error={error} />
          {items === null ? (
            <p className="px-4 py-6 text-gray-700">{t('app.loading')}</p>
          ) : items.length === 0 ? (
            <p className="px-4 py-6 text-gray-700">{t('bell.empty')}</p>
          ) : (
            <ul className="divide-y divide-gray-200">
              {items.map((n) => {
                const path = notificationPath(n);
                const { title, body } = notificationText(n);
                const content = (
                  <>
                    <span className="flex items-start gap-2">
                      {!n.read_at && <span aria-hidden="true" className="mt-1.5 size-2 shrink-0 rounded-full bg-brand-700" />}
                      <span className={`break-words ${n.read_at ? 'font-medium' : 'font-bold'}`}>{title}</span>
                    </span>
                    {!n.read_at && <span className="sr-only">{t('bell.unreadMark')}</span>}
                    {body && <span className="mt-0.5 block text-sm break-words text-gray-700">{body}</span>}
                    <span className="mt-0.5 block text-xs text-gray-700">{formatDateTime(n.created_at)}</span>
                  </>
                );
                return (
                  <li key={n.id} className={`flex items-start gap-2 px-2 py-1 ${n.read_at ? '' : 'bg-brand-50'}`}>
                    {path ? (
                      <Link
                        to={path}
                        onClick={(e) => {
                          e.preventDefault();
                          close();
                          if (!n.read_at) void markRead(n.id);
                          void navigate(path);
                        }}
                        className="block min-h-11 min-w-0 flex-1 rounded-lg px-2 py-2 hover:bg-gray-100"
                      >
                        {content}
                      </Link>
                    ) : (
                      <div className="min-w-0 flex-1 px-2 py-2">{content}</div>
                    )}
                    {!n.read_at && (
                      <button type="button" onClick={() => void markRead(n.id)} className="inline-flex size-11 shrink-0 items-center justify-center rounded-lg text-brand-700 hover:bg-brand-100">
                        <CheckIcon className="size-4" />
                        <span className="sr-only">{t('bell.markOne', { title })}</span>
                      </button>
                    )}
                  </li>
                );
              })}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}
