import type { Ref } from 'react';
import { useTranslation } from '../i18n/index.ts';
import { EmailField } from './FormField.tsx';

/**
 * The e-mail address that names an account (sign-in, forgotten password), marked as the username
 * so that password managers fill it and pair it with the password.
 */
export function AccountEmailField({ value, onChange, error, inputRef }: { value: string; onChange: (value: string) => void; error?: string | null; inputRef?: Ref<HTMLInputElement> }) {
  const { t } = useTranslation();
  return (
    <EmailField
      label={t('signIn.email')}
      name="email"
      autoComplete="username"
      placeholder={t('signIn.emailPlaceholder')}
      value={value}
      onChange={(e) => onChange(e.target.value)}
      error={error}
      inputRef={inputRef}
    />
  );
}
