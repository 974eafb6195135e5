import { startTransition, StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './index.css';
import { i18nReady } from './i18n/index.ts';
import App, { preloadRoute } from './App.tsx';
import { whenIdle } from './lib/idle.ts';

// The session check and the code of a private page are requested now, before anything renders.
preloadRoute(window.location.pathname);

function start() {
  const root = createRoot(document.getElementById('root')!);
  // As a transition, the first render is done in short slices that leave the main thread free
  // in between (a phone stays responsive while the page builds), then shown at once.
  startTransition(() => {
    root.render(
      <StrictMode>
        <App />
      </StrictMode>,
    );
  });
}

// French is at hand at once; a remembered English first fetches its translations. The render
// starts in a task of its own, not at the end of this long one (the evaluation of the code).
void i18nReady.then(() => setTimeout(start, 0));

// The installable app's worker (built by pwa.ts): registered once the page has loaded and the main
// thread is idle, so that it never competes with the first page's requests nor its rendering (the
// worker's start and its precaching are work too). Not in development (no /sw.js there).
if (import.meta.env.PROD && 'serviceWorker' in navigator) {
  window.addEventListener('load', () => {
    whenIdle(() => {
      navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(() => undefined);
    }, 5000);
  });
}
