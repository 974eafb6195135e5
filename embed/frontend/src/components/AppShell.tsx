import { useState, type ReactNode } from 'react';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ApiError, authApi, type User } from '../api.ts';
import { useAuth } from '../auth/AuthContext.tsx';
import { BRAND, SIGN_IN_PATH } from '../config.ts';
import { LanguageSwitch } from './LanguageSwitch.tsx';
import { LiveAlert } from './LiveAlert.tsx';

// Frame of the private pages: top bar with the brand, the user, the language and sign-out.
// (The side navigation comes with the pages it leads to.)
export function AppShell({ user, children }: { user: User; children: ReactNode }) {
  const { t } = useTranslation();
  const { signedOut } = useAuth();
  const navigate = useNavigate();
  const [signingOut, setSigningOut] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  async function signOut() {
    setSigningOut(true);
    setError(null);
    try {
      await authApi.logout();
      signedOut();
      navigate(SIGN_IN_PATH, { replace: true });
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(t('errors.unexpected'), 'unexpected', 0));
      setSigningOut(false);
    }
  }

  return (
    <div className="flex min-h-dvh flex-col bg-gray-50">
      <a
        href="#contenu"
        className="sr-only z-20 rounded-md bg-white px-4 py-3 font-semibold text-brand-800 focus:not-sr-only focus:absolute focus:top-3 focus:left-3"
      >
        {t('app.skipToContent')}
      </a>
      <header className="on-brand bg-brand-700 text-white">
        <div className="mx-auto flex min-h-16 max-w-7xl flex-wrap items-center gap-x-4 gap-y-2 px-4 py-2 sm:px-6">
          <div className="flex items-center gap-3">
            <img src={BRAND.logoUrl} alt="" width={36} height={36} className="size-9 rounded-lg ring-2 ring-white/70" />
            <p className="leading-tight">
              <span className="block font-bold tracking-wide">{BRAND.companyName}</span>
              <span className="block text-sm text-brand-100">{t('brand.portalName')}</span>
            </p>
          </div>
          <div className="ml-auto flex items-center gap-3">
            <p className="hidden text-sm text-brand-50 md:block">{t('shell.signedInAs', { name: user.name })}</p>
            <LanguageSwitch tone="brand" />
            <button
              type="button"
              onClick={() => void signOut()}
              disabled={signingOut}
              className="min-h-11 rounded-lg border border-white/60 px-3 text-sm font-semibold text-white hover:bg-white/15 focus-visible:outline-white disabled:cursor-wait"
            >
              {signingOut ? t('shell.signingOut') : t('shell.signOut')}
            </button>
          </div>
        </div>
      </header>
      <main id="contenu" tabIndex={-1} className="mx-auto w-full max-w-7xl flex-1 px-4 py-8 sm:px-6 lg:py-12">
        <LiveAlert error={error} />
        {children}
      </main>
    </div>
  );
}
