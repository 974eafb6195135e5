import { createElement, lazy, useState, type ComponentType } from 'react';

/**
 * React.lazy for a page whose code may be fetched ahead (preloadRoute): once that code is in, the
 * page renders at once instead of suspending for a moment and rendering again.
 */
export function preloadable<P extends object>(load: () => Promise<{ default: ComponentType<P> }>) {
  let loaded: ComponentType<P> | undefined;
  const fetchCode = () =>
    load().then((m) => {
      loaded = m.default;
      return m;
    });
  const Lazy = lazy(fetchCode);
  function Page(props: P) {
    // Chosen once per mount: switching from one to the other would mount the page afresh.
    const [Direct] = useState(() => loaded);
    return Direct ? createElement(Direct, props) : createElement(Lazy, props);
  }
  return [Page, fetchCode] as const;
}
