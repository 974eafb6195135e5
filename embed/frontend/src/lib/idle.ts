// Work that the first page does not need to show (the offline worker's registration, the
// live-events stream): run when the main thread is idle, so that it never lengthens the tasks that
// build the page (a phone's Total Blocking Time). `timeout` bounds the wait on a page that is never
// idle; browsers without requestIdleCallback (Safari) wait that long.

/** Calls `run` once the browser is idle (at the latest after `timeout` ms); returns a cancel. */
export function whenIdle(run: () => void, timeout = 2000): () => void {
  if (typeof window.requestIdleCallback === 'function') {
    const id = window.requestIdleCallback(run, { timeout });
    return () => window.cancelIdleCallback(id);
  }
  const id = window.setTimeout(run, Math.min(timeout, 500));
  return () => window.clearTimeout(id);
}
