// Live events (Server-Sent Events, GET /api/v1/events): one EventSource for the whole signed-in
// app, which the browser reconnects by itself. Pages subscribe with useLive() and refresh what
// they show when an event concerns it; after a reconnection they get a "resync" event, since
// events sent while the stream was down are lost.
import { createContext, useContext, useEffect, useRef, type ReactNode } from 'react';
import { API_BASE, type AppNotification } from '../api.ts';

export type LiveEvent =
  | { type: 'message'; data: { project_id: number; message_id: number } }
  | { type: 'notifications'; data: { unread: number; notification?: AppNotification } }
  | { type: 'project'; data: { project_id: number } }
  | { type: 'resync'; data: Record<string, never> };

type Listener = (e: LiveEvent) => void;

interface Hub {
  subscribe: (l: Listener) => () => void;
}

const LiveContext = createContext<Hub | null>(null);

const TYPES = ['message', 'notifications', 'project'] as const;

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

  useEffect(() => {
    if (typeof EventSource === 'undefined') return; // tests, very old browsers: pages still load on demand
    const source = new EventSource(`${API_BASE}/events`, { withCredentials: true });
    let readyOnce = false;
    const emit = (e: LiveEvent) => {
      for (const l of [...listeners.current]) l(e);
    };
    source.addEventListener('ready', () => {
      if (readyOnce) emit({ type: 'resync', data: {} });
      readyOnce = true;
    });
    for (const type of TYPES) {
      source.addEventListener(type, (ev) => {
        try {
          emit({ type, data: JSON.parse((ev as MessageEvent<string>).data) } as LiveEvent);
        } catch {
          // a malformed event: ignore it
        }
      });
    }
    source.addEventListener('session_ended', () => {
      source.close();
      ended.current();
    });
    return () => source.close();
  }, []);

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
