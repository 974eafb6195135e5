import { useEffect } from 'react';
import { useLocation } from 'react-router';

export interface PageMeta {
  title: string;
  description?: string;
  /** Public pages (sign-in, password reset) are indexable; private pages and errors are not. */
  indexable: boolean;
}

function setTag(selector: string, create: () => HTMLElement, attr: string, value: string | null) {
  let el = document.head.querySelector<HTMLElement>(selector);
  if (value === null) {
    el?.remove();
    return;
  }
  if (!el) {
    el = create();
    document.head.appendChild(el);
  }
  el.setAttribute(attr, value);
}

function meta(key: 'name' | 'property', name: string, content: string | null) {
  setTag(
    `meta[${key}="${name}"]`,
    () => {
      const m = document.createElement('meta');
      m.setAttribute(key, name);
      return m;
    },
    'content',
    content,
  );
}

// The portal's public address (server.public_url): the server writes it into index.html's
// canonical link; the address bar may show another name of the same server.
const canonicalOrigin = (() => {
  const href = typeof document === 'undefined' ? null : document.head.querySelector('link[rel="canonical"]')?.getAttribute('href');
  try {
    return href && /^https?:/.test(href) ? new URL(href).origin : null;
  } catch {
    return null;
  }
})();

// Title, description, canonical URL, Open Graph and robots for the current page.
export function usePageMeta({ title, description, indexable }: PageMeta) {
  const { pathname } = useLocation();
  useEffect(() => {
    document.title = title;
    const url = indexable ? (canonicalOrigin ?? window.location.origin) + pathname : null;
    meta('name', 'robots', indexable ? null : 'noindex, nofollow');
    if (description) {
      meta('name', 'description', description);
      meta('property', 'og:description', description);
    }
    meta('property', 'og:title', title);
    meta('property', 'og:url', url);
    setTag(
      'link[rel="canonical"]',
      () => {
        const l = document.createElement('link');
        l.setAttribute('rel', 'canonical');
        return l;
      },
      'href',
      url,
    );
  }, [title, description, indexable, pathname]);
}
