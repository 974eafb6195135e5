import { useSyncExternalStore } from 'react';

// Tailwind's `lg` breakpoint, where the layouts switch to their desktop form (lg: classes).
const DESKTOP = '(width >= 64rem)';
const desktopQuery = typeof window !== 'undefined' && typeof window.matchMedia === 'function' ? window.matchMedia(DESKTOP) : null;

const onWidthChange = (change: () => void) => {
  desktopQuery?.addEventListener('change', change);
  return () => desktopQuery?.removeEventListener('change', change);
};
const isDesktop = () => (desktopQuery ? desktopQuery.matches : null);

/**
 * true in a desktop-wide window, false in a narrower one, null when the browser cannot tell. A
 * part that CSS hides at one size (`hidden lg:block`, `lg:hidden`) need not be built at that size:
 * render it unless this says the other size (null: render both, CSS shows the right one).
 */
export function useDesktop(): boolean | null {
  return useSyncExternalStore(onWidthChange, isDesktop, isDesktop);
}
