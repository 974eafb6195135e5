import { lazy, Suspense } from 'react';
import { HelpLink } from '../components/HelpLink.tsx';
import { Link } from '../components/Link.tsx';
import { useTranslation } from '../i18n/index.ts';
import { useUser } from '../auth/AuthContext.tsx';
import { ACCOUNT_PATH } from '../config.ts';
import { ShieldIcon } from '../components/icons.tsx';
import { Notice } from '../components/Notice.tsx';
import { Skeleton } from '../components/Skeleton.tsx';
import { usePageMeta } from '../pageMeta.ts';
import type { User } from '../api.ts';
import { earlyQueryClient } from '../lib/queries.ts';
import ClientHome, { prefetchClientHome } from './dashboard/ClientHome.tsx';
import { FirstSteps } from './dashboard/FirstSteps.tsx';

// The client's dashboard comes with this page (clients are most visitors: no extra round trip
// before their projects show); the admins' heavier one is fetched when an admin opens it.
const AdminOverview = lazy(() => import('./dashboard/AdminOverview.tsx'));

/** The client dashboard's data, requested once the session tells whose page it is (App.tsx). */
export function prefetchDashboard(user: User): void {
  if (user.role === 'admin') return; // the staff's overview loads with its own code
  const client = earlyQueryClient();
  if (client) prefetchClientHome(client);
}

// /tableau-de-bord, the home page of the signed-in area: a client sees its projects and latest
// deliverables (C2); an admin the general dashboard (A1).
export default function Dashboard() {
  const { t } = useTranslation();
  usePageMeta({ title: t('app.pageTitle', { page: t('dashboard.title') }), indexable: false });
  const user = useUser();
  const admin = user.role === 'admin';

  return (
    <>
      <p className="text-sm font-semibold tracking-wide text-brand-700 uppercase">{admin ? t('dashboard.adminSpace') : t('dashboard.clientSpace', { client: user.client_name ?? '' })}</p>
      <div className="mt-1 flex items-start gap-2">
        <h1 className="text-3xl font-bold tracking-tight break-words text-gray-900">{t('dashboard.greeting', { name: user.name })}</h1>
        <HelpLink topic="dashboard" />
      </div>
      {!user.totp_enabled && (
        <div className="mt-6">
          <Notice title={t('dashboard.totpTitle')}>
            {t('dashboard.totpText')}{' '}
            <Link to={ACCOUNT_PATH} className="font-semibold underline underline-offset-4">
              {t('dashboard.totpLink')}
            </Link>
          </Notice>
        </div>
      )}
      <div className="mt-6">
        <FirstSteps userId={user.id} admin={admin} />
      </div>
      <div className="mt-8">
        <Suspense fallback={<Skeleton rows={4} />}>{admin ? <AdminOverview /> : <ClientHome />}</Suspense>
      </div>
      {user.totp_enabled && (
        <p className="mt-8 flex items-center gap-2 text-sm text-gray-700">
          <ShieldIcon className="size-4 text-success-800" />
          {t('dashboard.totpOn')}
        </p>
      )}
    </>
  );
}
