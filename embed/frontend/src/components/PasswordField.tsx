import { useId, useState, type ComponentProps } from 'react';
import type { FieldBinding } from '../lib/form.ts';
import { useTranslation } from '../i18n/index.ts';
import { PASSWORD_GOOD_LENGTH, PASSWORD_MIN_LENGTH } from '../config.ts';
import { FormField } from './FormField.tsx';
import { CheckCircleIcon } from './icons.tsx';

type PasswordFieldProps = Omit<ComponentProps<typeof FormField>, 'type' | 'addon'>;

// A password input with a show / hide button.
export function PasswordField(props: PasswordFieldProps) {
  const { t } = useTranslation();
  const [visible, setVisible] = useState(false);
  return (
    <FormField
      {...props}
      type={visible ? 'text' : 'password'}
      autoCapitalize="none"
      spellCheck={false}
      addon={
        <button
          type="button"
          onClick={() => setVisible((v) => !v)}
          aria-pressed={visible}
          aria-label={`${visible ? t('signIn.hidePasswordLabel') : t('signIn.showPasswordLabel')} (${props.label})`}
          className="min-h-11 rounded-md px-3 text-sm font-semibold text-brand-700 hover:bg-brand-50 hover:text-brand-800"
        >
          {visible ? t('signIn.hidePassword') : t('signIn.showPassword')}
        </button>
      }
    />
  );
}

export function passwordLongEnough(password: string): boolean {
  return [...password].length >= PASSWORD_MIN_LENGTH;
}

function Hint({ met, children, advice = false }: { met: boolean; children: string; advice?: boolean }) {
  const { t } = useTranslation();
  return (
    <li className={`flex items-start gap-2 ${met ? 'text-success-800' : 'text-gray-700'}`}>
      {met ? (
        <CheckCircleIcon className="mt-0.5 size-4 shrink-0" />
      ) : (
        <span aria-hidden="true" className={`mt-1 size-3.5 shrink-0 rounded-full border-2 ${advice ? 'border-dashed' : ''} border-gray-500`} />
      )}
      <span>
        {children}
        <span className="sr-only"> — {met ? t('password.met') : t('password.notMet')}</span>
      </span>
    </li>
  );
}

/** Live hints under a new password: length (8 minimum, 12 advised) and whether both entries match. */
export function PasswordHints({ id, password, confirmation }: { id?: string; password: string; confirmation?: string }) {
  const { t } = useTranslation();
  const fallbackId = useId();
  const length = [...password].length;
  return (
    <ul id={id ?? fallbackId} className="mt-2 space-y-1.5 text-sm">
      <Hint met={length >= PASSWORD_MIN_LENGTH}>{t('password.minLength', { min: PASSWORD_MIN_LENGTH, count: length })}</Hint>
      <Hint met={length >= PASSWORD_GOOD_LENGTH} advice>
        {t('password.goodLength', { good: PASSWORD_GOOD_LENGTH })}
      </Hint>
      {confirmation !== undefined && <Hint met={confirmation.length > 0 && confirmation === password}>{t('password.match')}</Hint>}
    </ul>
  );
}

interface NewPasswordFieldsProps {
  labels: { password: string; confirmation: string };
  /** From useFieldForm's bind: value, change handler, error and ref of each field. */
  password: FieldBinding;
  confirmation: FieldBinding;
}

/** A new password and its confirmation, with the live hints password managers and people both need. */
export function NewPasswordFields({ labels, password, confirmation }: NewPasswordFieldsProps) {
  const { t } = useTranslation();
  const matches = confirmation.value === password.value;
  return (
    <>
      <PasswordField {...password} label={labels.password} name="new-password" autoComplete="new-password" hint={<PasswordHints password={password.value} />} />
      <PasswordField
        {...confirmation}
        label={labels.confirmation}
        name="confirm-password"
        autoComplete="new-password"
        hint={confirmation.value ? (matches ? t('password.matches') : t('password.differs')) : undefined}
      />
    </>
  );
}
