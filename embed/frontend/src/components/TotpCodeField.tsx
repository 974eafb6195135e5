import type { Ref } from 'react';
import { useTranslation } from '../i18n/index.ts';
import { FormField } from './FormField.tsx';

interface TotpCodeFieldProps {
  name: string;
  value: string;
  /** Receives digits only, at most six: what a person pastes may carry spaces or dashes. */
  onChange: (code: string) => void;
  error?: string | null;
  inputRef?: Ref<HTMLInputElement>;
  className?: string;
}

// The six-digit code from an authenticator app, at sign-in and when setting up two-factor.
export function TotpCodeField({ name, value, onChange, error, inputRef, className }: TotpCodeFieldProps) {
  const { t } = useTranslation();
  return (
    <FormField
      label={t('signIn.totpCode')}
      hint={t('signIn.totpHint')}
      name={name}
      type="text"
      inputMode="numeric"
      autoComplete="one-time-code"
      pattern="[0-9]*"
      maxLength={6}
      value={value}
      onChange={(e) => onChange(e.target.value.replace(/\D/g, '').slice(0, 6))}
      error={error}
      inputRef={inputRef}
      className={className}
    />
  );
}
