import { QueryClientProvider } from '@tanstack/react-query';
import { Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { NavLink } from './Link.tsx';
import { accountApi, authApi, onApiError, toApiError, type ApiError, type User } from '../api.ts';
import { useAuth, useUser } from '../auth/AuthContext.tsx';
import { ACCOUNT_PATH, BRAND, HOME_PATH } from '../config.ts';
import { LiveProvider } from '../lib/live.tsx';
import { adoptQueryClient } from '../lib/queries.ts';
import { useDesktop } from '../lib/media.ts';
import { NotificationBell, useNotifications } from './NotificationBell.tsx';
import { usePopover } from '../lib/popover.ts';
import { changeLanguage, useTranslation, type Language } from '../i18n/index.ts';
import { LanguageSwitch } from './LanguageSwitch.tsx';
import { LiveAlert } from './LiveAlert.tsx';
import { Skeleton } from './Skeleton.tsx';
import { ToastProvider } from './Toast.tsx';
import { FOLLOW_UP_PAGES, HELP_PAGE, MAIN_PAGES, type NavIconName, type NavPage } from '../pageTable.ts';
import { BuildingIcon, ChartIcon, ChatIcon, CloseIcon, FlagIcon, FolderIcon, GearIcon, HelpIcon, HomeIcon, ListIcon, MenuIcon, SignOutIcon, UserIcon, UsersIcon } from './icons.tsx';

// The pictures of the navigation's links, by the names pageTable.ts gives its pages.
const NAV_ICONS: Record<NavIconName, typeof HomeIcon> = {
  home: HomeIcon,
  folder: FolderIcon,
  building: BuildingIcon,
  users: UsersIcon,
  user: UserIcon,
  help: HelpIcon,
  flag: FlagIcon,
  chat: ChatIcon,
  chart: ChartIcon,
  list: ListIcon,
  gear: GearIcon,
};

/** A link of the navigation: the page's icon and label; `end`: active on that very address only. */
function NavItem({ page, linkClass, end }: { page: NavPage; linkClass: (s: { isActive: boolean }) => string; end?: boolean }) {
  const { t } = useTranslation();
  const Icon = NAV_ICONS[page.icon];
  return (
    <NavLink to={page.path} className={linkClass} end={end}>
      <Icon className="size-5 shrink-0" />
      {t(page.label)}
    </NavLink>
  );
}

function NavContent({ user, onSignOut, signingOut, onLanguage }: { user: User; onSignOut: () => void; signingOut: boolean; onLanguage: (l: Language) => void }) {
  const { t } = useTranslation();
  const linkClass = ({ isActive }: { isActive: boolean }) =>
    `flex min-h-11 items-center gap-3 rounded-lg px-3 py-2 font-semibold transition-colors ${
      isActive ? 'bg-brand-50 text-brand-800 ring-1 ring-brand-200 ring-inset' : 'text-gray-800 hover:bg-gray-100 hover:text-gray-900'
    }`;
  return (
    <div className="flex flex-1 flex-col">
      <nav aria-label={t('nav.label')} className="px-3 py-4">
        <ul className="space-y-1">
          {/* A client never gets the administration's links (nor its pages: see RequireAdmin). */}
          {MAIN_PAGES.filter((p) => user.role === 'admin' || !p.adminOnly).map((page) => (
            <li key={page.path}>
              <NavItem page={page} linkClass={linkClass} end={page.path === HOME_PATH} />
            </li>
          ))}
        </ul>
        <p className="mt-4 border-t border-gray-200 pt-4">
          <NavItem page={HELP_PAGE} linkClass={linkClass} />
        </p>
      </nav>
      {user.role === 'admin' && (
        <nav aria-label={t('nav.followUp')} className="px-3 pb-4">
          <p className="px-3 pb-2 text-xs font-bold tracking-wide text-gray-700 uppercase" aria-hidden="true">
            {t('nav.followUp')}
          </p>
          <ul className="space-y-1">
            {FOLLOW_UP_PAGES.map((page) => (
              <li key={page.path}>
                <NavItem page={page} linkClass={linkClass} />
              </li>
            ))}
          </ul>
        </nav>
      )}
      <div className="mt-auto border-t border-gray-200 px-5 py-4">
        <p className="font-semibold break-words text-gray-900">{user.name}</p>
        <p className="text-sm break-words text-gray-700">{user.role === 'admin' ? t('shell.staff') : user.client_name}</p>
        <div className="mt-3 flex flex-wrap items-center gap-3">
          <LanguageSwitch onChange={onLanguage} />
          <button
            type="button"
            onClick={onSignOut}
            disabled={signingOut}
            className="inline-flex min-h-11 items-center gap-2 rounded-lg border border-gray-400 px-3 text-sm font-semibold text-gray-900 hover:bg-gray-100 disabled:cursor-wait"
          >
            <SignOutIcon className="size-4" />
            {signingOut ? t('shell.signingOut') : t('shell.signOut')}
          </button>
        </div>
      </div>
    </div>
  );
}

function Brand({ compact = false }: { compact?: boolean }) {
  const { t } = useTranslation();
  return (
    <div className="flex min-w-0 items-center gap-3">
      <img src={BRAND.logoUrl} alt="" width={36} height={36} className="size-9 shrink-0 rounded-lg ring-2 ring-white/70" />
      <p className="min-w-0 leading-tight">
        {/* The whole name, on two lines if it must: a company name is not cut (issue 17). */}
        <span className="block font-bold break-words">{BRAND.companyName}</span>
        <span className={`block truncate text-sm text-brand-100 ${compact ? 'sr-only' : ''}`}>{t('brand.portalName')}</span>
      </p>
    </div>
  );
}

// Frame of the private pages: side navigation on desktop, a compact top bar with a menu on phones;
// the user's name and company, the language and sign-out, the notifications' bell. Toasts and the
// one live-events stream live here.
export default function AppShell() {
  const { signedOut } = useAuth();
  // The server data of this session: the frame is left at sign-out, and what it cached with it,
  // so that the next account signed in on this browser starts from nothing.
  const [queryClient] = useState(adoptQueryClient);
  return (
    <QueryClientProvider client={queryClient}>
      <LiveProvider onSessionEnded={signedOut}>
        <Shell />
      </LiveProvider>
    </QueryClientProvider>
  );
}

function Shell() {
  const { t } = useTranslation();
  const { signedOut, updateUser } = useAuth();
  const notifications = useNotifications();
  const user = useUser();
  const navigate = useNavigate();
  const location = useLocation();
  const desktop = useDesktop();
  const [signingOut, setSigningOut] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  // The phone menu: Escape or a press outside the top bar closes it, like the bell's panel.
  const menu = usePopover<HTMLElement>();
  const closeMenu = menu.close;
  const main = useRef<HTMLElement>(null);
  const firstPath = useRef(location.pathname);

  // A new page: close the phone menu, and move focus to the content (screen readers hear the page).
  useEffect(() => {
    closeMenu();
    setError(null);
    if (location.pathname !== firstPath.current) {
      firstPath.current = location.pathname;
      main.current?.focus({ preventScroll: true });
      window.scrollTo(0, 0);
    }
  }, [location.pathname, closeMenu]);

  // Installs that require two-factor sign-in for admins answer 403 totp_required: the account
  // page explains and offers to turn it on.
  useEffect(
    () =>
      onApiError((e) => {
        if (e.code === 'totp_required') navigate(ACCOUNT_PATH, { state: { totpRequired: e.message } });
      }),
    [navigate],
  );

  const signOut = useCallback(async () => {
    setSigningOut(true);
    setError(null);
    try {
      await authApi.logout();
      signedOut(); // the guard of the private pages opens the sign-in page
    } catch (e) {
      setError(toApiError(e));
      setSigningOut(false);
    }
  }, [signedOut]);

  // Once signed in, the language is a setting of the account.
  const setLanguage = useCallback(
    async (language: Language) => {
      setError(null);
      void changeLanguage(language);
      try {
        updateUser(await accountApi.update({ name: user.name, language }));
      } catch (e) {
        setError(toApiError(e));
      }
    },
    [updateUser, user.name],
  );

  // Memoised, like the page below: the notifications arriving (the bell) render neither again.
  const nav = useMemo(() => <NavContent user={user} onSignOut={() => void signOut()} signingOut={signingOut} onLanguage={(l) => void setLanguage(l)} />, [user, signOut, signingOut, setLanguage]);
  const page = useMemo(
    () => (
      <Suspense fallback={<Skeleton rows={5} />}>
        <Outlet />
      </Suspense>
    ),
    [],
  );

  return (
    <ToastProvider>
      {/* Relative: the side navigation's background below runs down the whole page, however long. */}
      <div className="relative min-h-dvh bg-gray-50">
        <a href="#contenu" className="sr-only z-50 rounded-md bg-white px-4 py-3 font-semibold text-brand-800 focus:not-sr-only focus:fixed focus:top-3 focus:left-3">
          {t('app.skipToContent')}
        </a>
        <p className="sr-only" aria-live="polite" data-testid="notification-announcement">
          {notifications.announcement}
        </p>

        {/* Phones and tablets: compact top bar with a menu. */}
        {desktop !== true && (
          <header ref={menu.root} className="on-brand sticky print:hidden top-0 z-40 bg-brand-700 text-white shadow-sm lg:hidden">
            <div className="flex h-16 items-center gap-3 px-4 sm:px-6">
              <Brand compact />
              <div className="ml-auto">
                <NotificationBell state={notifications} />
              </div>
              <button {...menu.triggerProps} className="inline-flex min-h-11 shrink-0 items-center gap-2 rounded-lg border border-white/60 px-3 font-semibold text-white hover:bg-white/15">
                {menu.open ? <CloseIcon className="size-5" /> : <MenuIcon className="size-5" />}
                {t('nav.menu')}
              </button>
            </div>
            {menu.open && (
              <div id={menu.panelId} className="max-h-[calc(100dvh-4rem)] overflow-y-auto border-t border-brand-800 bg-white text-gray-900 shadow-xl">
                {nav}
              </div>
            )}
          </header>
        )}

        {/* Desktop: side navigation. It is fixed to the viewport; this strip under it paints its
            white column and border down the full height of a long page (a full-page capture or
            print preview shows the document beyond the viewport, where a fixed box ends). */}
        <div aria-hidden="true" className="pointer-events-none absolute inset-y-0 left-0 hidden w-72 border-r border-gray-200 bg-white lg:block print:hidden" />
        {desktop !== false && (
          <aside aria-label={t('nav.sidebar')} className="print:hidden fixed inset-y-0 left-0 z-30 hidden w-72 flex-col border-r border-gray-200 bg-white lg:flex">
            <div className="on-brand flex min-h-20 shrink-0 items-center gap-3 bg-brand-700 px-5 py-3 text-white">
              <Brand />
              <div className="ml-auto">
                <NotificationBell state={notifications} align="left" />
              </div>
            </div>
            <div className="flex flex-1 flex-col overflow-y-auto">{nav}</div>
          </aside>
        )}

        <main id="contenu" ref={main} tabIndex={-1} className="px-4 py-6 outline-none sm:px-6 lg:ml-72 lg:px-10 lg:py-10 print:m-0 print:p-0">
          <div className="mx-auto w-full max-w-6xl">
            <LiveAlert error={error} />
            {page}
          </div>
        </main>
      </div>
    </ToastProvider>
  );
}
