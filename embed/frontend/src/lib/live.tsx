// Live events (Server-Sent Events, GET /api/v1/events): one EventSource for the whole signed-in
// app, which the browser reconnects by itself. Each event invalidates the queries it concerns
// (invalidateLive), so that whatever is on screen loads again; after a reconnection a "resync"
// invalidates everything, since events sent while the stream was down are lost. Components that
// need more than fresh data (the bell) subscribe with useLive().
import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { createContext, useContext, useEffect, useRef, type ReactNode } from 'react';
import { API_BASE, type AppNotification } from '../api.ts';
import { whenIdle } from './idle.ts';
import { mutationKeys, queryKeys } from './queries.ts';

export type LiveEvent =
  | { type: 'message'; data: { project_id: number; message_id: number; retour_id?: number } }
  | { type: 'retour'; data: { project_id: number; retour_id: number } }
  | { type: 'notifications'; data: { unread: number; notification?: AppNotification } }
  | { type: 'project'; data: { project_id: number } }
  | { type: 'resync'; data: Record<string, never> };

type Listener = (e: LiveEvent) => void;

interface Hub {
  subscribe: (l: Listener) => () => void;
}

const LiveContext = createContext<Hub | null>(null);

const TYPES = ['message', 'notifications', 'project', 'retour'] as const;

/**
 * Marks stale what `e` changed; the queries on screen load again, the others when next shown.
 * A conversation whose own message is still being posted waits: the post's end reloads it
 * (a reload now would drop the message shown ahead of the server's answer).
 */
export function invalidateLive(client: QueryClient, e: LiveEvent): void {
  switch (e.type) {
    case 'message': {
      const id = e.data.project_id;
      if (client.isMutating({ mutationKey: mutationKeys.postMessage(id) }) === 0) void client.invalidateQueries({ queryKey: queryKeys.messages(id) });
      // The unread counts of the lists, and the admins' list of exchanges.
      void client.invalidateQueries({ queryKey: queryKeys.projects });
      void client.invalidateQueries({ queryKey: queryKeys.allExchanges });
      if (e.data.retour_id) {
        // A retour's thread: the retours' unread counts, and « À traiter » (a question answered).
        void client.invalidateQueries({ queryKey: queryKeys.retours });
        void client.invalidateQueries({ queryKey: queryKeys.todo });
      }
      return;
    }
    case 'retour':
      // Opened, moved or triaged: the lists, the project's counters and « À traiter ».
      void client.invalidateQueries({ queryKey: queryKeys.retours });
      void client.invalidateQueries({ queryKey: queryKeys.project(e.data.project_id) });
      void client.invalidateQueries({ queryKey: queryKeys.todo });
      return;
    case 'project':
      void client.invalidateQueries({ queryKey: queryKeys.project(e.data.project_id) });
      void client.invalidateQueries({ queryKey: queryKeys.projects });
      void client.invalidateQueries({ queryKey: queryKeys.overview });
      void client.invalidateQueries({ queryKey: queryKeys.allPendingVersions });
      void client.invalidateQueries({ queryKey: queryKeys.todo });
      // A change request opens a retour in the decision's event.
      void client.invalidateQueries({ queryKey: queryKeys.retours });
      return;
    case 'resync':
      void client.invalidateQueries();
      return;
    case 'notifications':
      return; // the bell's own business (NotificationBell)
  }
}

export function LiveProvider({ children, onSessionEnded }: { children: ReactNode; onSessionEnded: () => void }) {
  const listeners = useRef(new Set<Listener>());
  const hub = useRef<Hub>({
    subscribe: (l) => {
      listeners.current.add(l);
      return () => {
        listeners.current.delete(l);
      };
    },
  });
  const ended = useRef(onSessionEnded);
  ended.current = onSessionEnded;
  const queryClient = useQueryClient();

  useEffect(() => {
    if (typeof EventSource === 'undefined') return; // tests, very old browsers: pages still load on demand
    let source: EventSource | null = null;
    const open = () => {
      const es = new EventSource(`${API_BASE}/events`, { withCredentials: true });
      source = es;
      let readyOnce = false;
      const emit = (e: LiveEvent) => {
        invalidateLive(queryClient, e);
        for (const l of [...listeners.current]) l(e);
      };
      es.addEventListener('ready', () => {
        if (readyOnce) emit({ type: 'resync', data: {} });
        readyOnce = true;
      });
      for (const type of TYPES) {
        es.addEventListener(type, (ev) => {
          try {
            emit({ type, data: JSON.parse((ev as MessageEvent<string>).data) } as LiveEvent);
          } catch {
            // a malformed event: ignore it
          }
        });
      }
      es.addEventListener('session_ended', () => {
        es.close();
        ended.current();
      });
    };
    // Opened once the first page is built (at most a moment later): the stream only carries
    // changes to come, and the page's own requests already fetched the current state.
    const cancel = whenIdle(open);
    return () => {
      cancel();
      source?.close();
    };
  }, [queryClient]);

  return <LiveContext.Provider value={hub.current}>{children}</LiveContext.Provider>;
}

/** Calls `handler` for every live event (the latest handler: no need to memoise it). */
export function useLive(handler: Listener): void {
  const hub = useContext(LiveContext);
  const ref = useRef(handler);
  ref.current = handler;
  useEffect(() => {
    if (!hub) return;
    return hub.subscribe((e) => ref.current(e));
  }, [hub]);
}
