import { useState } from 'react';
import { useTranslation } from '../../i18n/index.ts';
import { authApi } from '../../api.ts';
import { useAuth } from '../../auth/AuthContext.tsx';
import { Button } from '../../components/Button.tsx';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { SignOutIcon } from '../../components/icons.tsx';
import { Section } from '../../components/PageHeader.tsx';
import './texts.ts';

export function SessionsSection() {
  const { t } = useTranslation();
  const { signedOut } = useAuth();
  const [confirming, setConfirming] = useState(false);

  async function logoutEverywhere() {
    await authApi.logoutEverywhere();
    signedOut({ kind: 'success', text: t('account.sessions.done') });
  }

  return (
    <Section id="sessions" title={t('account.sessions.title')} description={t('account.sessions.description')}>
      <Button onClick={() => setConfirming(true)} icon={<SignOutIcon className="size-4" />}>
        {t('account.sessions.button')}
      </Button>
      {confirming && (
        <ConfirmDialog title={t('account.sessions.confirmTitle')} confirmLabel={t('account.sessions.confirm')} onConfirm={logoutEverywhere} onClose={() => setConfirming(false)}>
          {t('account.sessions.confirmText')}
        </ConfirmDialog>
      )}
    </Section>
  );
}
