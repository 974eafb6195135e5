import { useEffect } from 'react';
import { useLocation } from 'react-router';
import { useTranslation } from '../i18n/index.ts';
import { accountApi } from '../api.ts';
import { useAuth, useUser } from '../auth/AuthContext.tsx';
import { Notice } from '../components/Notice.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { usePageMeta } from '../pageMeta.ts';
import { CalendarSection } from './account/CalendarSection.tsx';
import { NotificationsSection } from './account/NotificationsSection.tsx';
import { PasswordSection } from './account/PasswordSection.tsx';
import { ProfileSection } from './account/ProfileSection.tsx';
import { SessionsSection } from './account/SessionsSection.tsx';
import { TwoFactorSection } from './account/TwoFactorSection.tsx';
import './account/texts.ts';

// /mon-compte: the signed-in user's own account.
export default function Account() {
  const { t } = useTranslation();
  usePageMeta({ title: t('app.pageTitle', { page: t('account.title') }), indexable: false });
  const user = useUser();
  const { updateUser } = useAuth();
  const totpRequired = (useLocation().state as { totpRequired?: string } | null)?.totpRequired;

  // The session's copy of the account may be old (changed in another tab): refresh it quietly.
  useEffect(() => {
    accountApi.get().then(updateUser, () => {});
  }, [updateUser]);

  // /mon-compte#notifications (from the bell, the e-mails): go to that section once it is there.
  useEffect(() => {
    const id = window.location.hash.slice(1);
    if (!id) return;
    const timer = setTimeout(() => document.getElementById(id)?.scrollIntoView?.({ block: 'start' }), 300);
    return () => clearTimeout(timer);
  }, []);

  return (
    <>
      <PageHeader help="account" title={t('account.title')}>
        {t('account.intro')}
      </PageHeader>
      {totpRequired && !user.totp_enabled && (
        <div className="mb-6">
          <Notice title={t('account.totpRequiredTitle')}>{totpRequired}</Notice>
        </div>
      )}
      <div className="space-y-6">
        <ProfileSection />
        <PasswordSection />
        <TwoFactorSection />
        <NotificationsSection />
        <CalendarSection />
        <SessionsSection />
      </div>
    </>
  );
}
