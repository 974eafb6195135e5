import { useTranslation } from 'react-i18next';
import { useAuth } from '../auth/AuthContext.tsx';
import { AppShell } from '../components/AppShell.tsx';
import { usePageMeta } from '../pageMeta.ts';

// Placeholder dashboard: the projects, deliverables and messages come in later issues.
export default function Dashboard() {
  const { t } = useTranslation();
  usePageMeta({ title: t('app.pageTitle', { page: t('dashboard.title') }), indexable: false });
  const { state } = useAuth();
  if (state.status !== 'authenticated') return null;
  const user = state.user;

  return (
    <AppShell user={user}>
      <p className="text-sm font-semibold tracking-wide text-brand-700 uppercase">
        {user.role === 'admin' ? t('dashboard.adminSpace') : t('dashboard.clientSpace', { client: user.client_name ?? '' })}
      </p>
      <h1 className="mt-1 text-3xl font-bold tracking-tight text-gray-900">{t('dashboard.greeting', { name: user.name })}</h1>
      <section className="mt-8 rounded-2xl border border-dashed border-gray-400 bg-white p-6 sm:p-8">
        <h2 className="text-lg font-semibold text-gray-900">{t('dashboard.placeholderTitle')}</h2>
        <p className="mt-2 text-gray-700">{t('dashboard.placeholderText')}</p>
      </section>
    </AppShell>
  );
}
