import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from '../../i18n/index.ts';
import { accountApi, type ApiError } from '../../api.ts';
import { useUser } from '../../auth/AuthContext.tsx';
import { Button } from '../../components/Button.tsx';
import { LiveAlert } from '../../components/LiveAlert.tsx';
import { Section } from '../../components/PageHeader.tsx';
import { NewPasswordFields, PasswordField, passwordLongEnough } from '../../components/PasswordField.tsx';
import { useToast } from '../../components/Toast.tsx';
import { splitError } from '../../lib/hooks.ts';
import './texts.ts';

export function PasswordSection() {
  const { t } = useTranslation();
  const user = useUser();
  const toast = useToast();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<ApiError | null>(null);
  const [saving, setSaving] = useState(false);
  const refs = {
    current_password: useRef<HTMLInputElement>(null),
    new_password: useRef<HTMLInputElement>(null),
    confirmation: useRef<HTMLInputElement>(null),
  };

  const clear = (k: string) => setFieldErrors((f) => (f[k] ? { ...f, [k]: '' } : f));

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (saving) return;
    const errors: Record<string, string> = {};
    if (!current) errors.current_password = t('account.password.currentRequired');
    if (!next) errors.new_password = t('account.password.newRequired');
    else if (!passwordLongEnough(next)) errors.new_password = t('password.tooShort');
    else if (confirmation !== next) errors.confirmation = t('password.mismatch');
    setFieldErrors(errors);
    setError(null);
    const first = (['current_password', 'new_password', 'confirmation'] as const).find((k) => errors[k]);
    if (first) return refs[first].current?.focus();

    setSaving(true);
    try {
      await accountApi.changePassword(current, next);
      setCurrent('');
      setNext('');
      setConfirmation('');
      toast(t('account.password.saved'));
    } catch (err) {
      const { field, general } = splitError(err, ['current_password', 'new_password']);
      setFieldErrors(field);
      setError(general);
      const k = Object.keys(field)[0] as keyof typeof refs | undefined;
      if (k) refs[k].current?.focus();
    } finally {
      setSaving(false);
    }
  }

  return (
    <Section id="mot-de-passe" title={t('account.password.title')} description={t('account.password.description')}>
      <LiveAlert error={error} />
      <form noValidate onSubmit={submit} className="max-w-md space-y-5">
        <input type="email" name="username" autoComplete="username" value={user.email} readOnly hidden />
        <PasswordField
          label={t('account.password.current')}
          name="current-password"
          autoComplete="current-password"
          value={current}
          onChange={(e) => {
            setCurrent(e.target.value);
            clear('current_password');
          }}
          error={fieldErrors.current_password}
          inputRef={refs.current_password}
        />
        <NewPasswordFields
          labels={{ password: t('account.password.new'), confirmation: t('account.password.confirmation') }}
          password={next}
          confirmation={confirmation}
          onPasswordChange={(v) => {
            setNext(v);
            clear('new_password');
          }}
          onConfirmationChange={(v) => {
            setConfirmation(v);
            clear('confirmation');
          }}
          errors={{ password: fieldErrors.new_password, confirmation: fieldErrors.confirmation }}
          passwordRef={refs.new_password}
          confirmationRef={refs.confirmation}
        />
        <Button type="submit" variant="primary" loading={saving}>
          {t('account.password.submit')}
        </Button>
      </form>
    </Section>
  );
}
