import type React from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useUser } from '../auth/AuthContext.tsx';
import { ACCOUNT_PATH, ADMIN_CLIENTS_PATH, ADMIN_USERS_PATH } from '../config.ts';
import { BuildingIcon, ChevronRightIcon, ShieldIcon, UserIcon, UsersIcon } from '../components/icons.tsx';
import { Notice } from '../components/Notice.tsx';
import { usePageMeta } from '../pageMeta.ts';

function Shortcut({ to, icon, title, text }: { to: string; icon: React.ReactNode; title: string; text: string }) {
  return (
    <li>
      <Link
        to={to}
        className="group flex h-full items-start gap-4 rounded-2xl bg-white p-5 shadow-sm ring-1 ring-gray-200 transition hover:ring-brand-300"
      >
        <span className="flex size-11 shrink-0 items-center justify-center rounded-xl bg-brand-50 text-brand-700">{icon}</span>
        <span className="min-w-0 flex-1">
          <span className="flex items-center gap-1 font-semibold text-gray-900 group-hover:text-brand-800">
            {title}
            <ChevronRightIcon className="size-4" />
          </span>
          <span className="mt-1 block text-sm text-gray-700">{text}</span>
        </span>
      </Link>
    </li>
  );
}

// The home page of the signed-in area. Projects, deliverables and messages come in later issues.
export default function Dashboard() {
  const { t } = useTranslation();
  usePageMeta({ title: t('app.pageTitle', { page: t('dashboard.title') }), indexable: false });
  const user = useUser();
  const admin = user.role === 'admin';

  return (
    <>
      <p className="text-sm font-semibold tracking-wide text-brand-700 uppercase">
        {admin ? t('dashboard.adminSpace') : t('dashboard.clientSpace', { client: user.client_name ?? '' })}
      </p>
      <h1 className="mt-1 text-3xl font-bold tracking-tight break-words text-gray-900">{t('dashboard.greeting', { name: user.name })}</h1>
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
      {admin ? (
        <ul className="mt-8 grid gap-4 sm:grid-cols-2 xl:grid-cols-3">
          <Shortcut to={ADMIN_CLIENTS_PATH} icon={<BuildingIcon />} title={t('nav.clients')} text={t('dashboard.clientsText')} />
          <Shortcut to={ADMIN_USERS_PATH} icon={<UsersIcon />} title={t('nav.users')} text={t('dashboard.usersText')} />
          <Shortcut to={ACCOUNT_PATH} icon={<UserIcon />} title={t('nav.account')} text={t('dashboard.accountText')} />
        </ul>
      ) : (
        <section className="mt-8 rounded-2xl border border-dashed border-gray-400 bg-white p-6 sm:p-8">
          <h2 className="text-lg font-semibold text-gray-900">{t('dashboard.placeholderTitle')}</h2>
          <p className="mt-2 text-gray-700">{t('dashboard.placeholderText')}</p>
        </section>
      )}
      {user.totp_enabled && (
        <p className="mt-8 flex items-center gap-2 text-sm text-gray-700">
          <ShieldIcon className="size-4 text-success-800" />
          {t('dashboard.totpOn')}
        </p>
      )}
    </>
  );
}
