import type { AnchorHTMLAttributes, MouseEvent } from 'react';
import { useLocation, useNavigate } from 'react-router';

// Links inside the portal, as react-router's <Link> and <NavLink> behave for what the portal uses
// (an absolute path, maybe with ?query and #anchor): a plain click opens the page through the
// History API; a click with a modifier key, the middle button or target="_blank" is left to the
// browser. Much lighter than react-router's own (no relative paths, prefetching, masks or view
// transitions to resolve), which counts on a phone: a page renders dozens of links.

export interface LinkProps extends Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'href'> {
  /** An absolute path in the portal: "/projets/42", "/projets?client=3", "/projets/42#messages". */
  to: string;
  /** Replace the current history entry (default: only when the link leads where one already is). */
  replace?: boolean;
  /** History state handed to the page opened (react-router's location.state). */
  state?: unknown;
}

function isPlainClick(event: MouseEvent<HTMLAnchorElement>, target: string | undefined): boolean {
  return event.button === 0 && (!target || target === '_self') && !(event.metaKey || event.altKey || event.ctrlKey || event.shiftKey);
}

export function Link({ to, replace, state, onClick, target, ...rest }: LinkProps) {
  const navigate = useNavigate();
  const location = useLocation();
  const follow = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    if (event.defaultPrevented || !isPlainClick(event, target)) return;
    event.preventDefault();
    const here = location.pathname + location.search + location.hash;
    navigate(to, { replace: replace ?? here === to, state });
  };
  return <a {...rest} href={to} target={target} onClick={follow} />;
}

export interface NavLinkProps extends Omit<LinkProps, 'className'> {
  /** Active only on this very path, not on the pages below it. */
  end?: boolean;
  className?: string | ((state: { isActive: boolean }) => string);
}

/** A navigation link that knows whether it leads to the current page (aria-current="page"). */
export function NavLink({ to, end = false, className, ...rest }: NavLinkProps) {
  const { pathname } = useLocation();
  const here = pathname.toLowerCase();
  let path = to.replace(/[?#].*$/, '').toLowerCase();
  if (path !== '/' && path.endsWith('/')) path = path.slice(0, -1);
  const isActive = here === path || (!end && here.startsWith(path) && here.charAt(path.length) === '/');
  const classes = typeof className === 'function' ? className({ isActive }) : [className, isActive ? 'active' : null].filter(Boolean).join(' ');
  return <Link {...rest} to={to} className={classes} aria-current={isActive ? 'page' : undefined} />;
}
