import { startTransition, StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './index.css';
import { i18nReady } from './i18n/index.ts';
import App, { preloadRoute } from './App.tsx';

// The code of a private page is fetched now, alongside the session check, not after it.
preloadRoute(window.location.pathname);

// French is at hand at once; a remembered English first fetches its translations.
void i18nReady.then(() => {
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
});
