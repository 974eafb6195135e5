import { useEffect } from 'react';
import { Navigate, Outlet, useLocation } from 'react-router';
import { useTranslation } from '../i18n/index.ts';
import { useAuth } from './AuthContext.tsx';
import { signInPathFor } from './returnPath.ts';
import { PageLoading } from '../components/PageLoading.tsx';
import { ErrorNotice } from '../components/ErrorNotice.tsx';
import { BRAND, SIGN_IN_PATH } from '../config.ts';

// Guards private pages: asks the server for the session; 401 → sign-in page, keeping
// the wanted address to come back to afterwards.
export function RequireAuth() {
  const { state, ensureSession, refreshSession } = useAuth();
  const location = useLocation();
  const { t } = useTranslation();

  useEffect(() => {
    ensureSession();
  }, [ensureSession]);

  if (state.status === 'anonymous') {
    if (state.voluntary) return <Navigate to={SIGN_IN_PATH} state={{ notice: state.notice }} replace />;
    const notice = state.expired ? { kind: 'info', text: t('session.expired') } : undefined;
    return <Navigate to={signInPathFor(location.pathname + location.search)} state={{ notice }} replace />;
  }
  if (state.status === 'error') {
    return (
      <main id="contenu" className="mx-auto flex min-h-dvh max-w-md flex-col justify-center gap-6 px-5 py-10">
        <p className="flex items-center gap-3 font-bold tracking-wide text-brand-800">
          <img src={BRAND.logoUrl} alt="" width={36} height={36} className="size-9" />
          {BRAND.companyName}
        </p>
        <h1 className="text-2xl font-bold text-gray-900">{t('session.errorTitle')}</h1>
        <ErrorNotice error={state.error} />
        <button type="button" onClick={refreshSession} className="min-h-12 rounded-lg bg-brand-700 px-5 font-semibold text-white hover:bg-brand-800">
          {t('session.retry')}
        </button>
      </main>
    );
  }
  if (state.status !== 'authenticated') return <PageLoading label={t('session.loading')} />;
  return <Outlet />;
}
