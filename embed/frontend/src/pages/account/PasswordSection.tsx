import { useTranslation } from '../../i18n/index.ts';
import { accountApi } from '../../api.ts';
import { useUser } from '../../auth/AuthContext.tsx';
import { Button } from '../../components/Button.tsx';
import { LiveAlert } from '../../components/LiveAlert.tsx';
import { Section } from '../../components/PageHeader.tsx';
import { NewPasswordFields, PasswordField, passwordLongEnough } from '../../components/PasswordField.tsx';
import { useToast } from '../../components/Toast.tsx';
import { useFieldForm, type FieldErrors } from '../../lib/form.ts';
import './texts.ts';

const FIELDS = ['current_password', 'new_password', 'confirmation'] as const;
const EMPTY = { current_password: '', new_password: '', confirmation: '' };

export function PasswordSection() {
  const { t } = useTranslation();
  const user = useUser();
  const toast = useToast();
  const { setValues, error, saving, bind, submit } = useFieldForm(FIELDS, EMPTY);

  const validate = (v: typeof EMPTY) => {
    const errors: FieldErrors<(typeof FIELDS)[number]> = {};
    if (!v.current_password) errors.current_password = t('account.password.currentRequired');
    if (!v.new_password) errors.new_password = t('account.password.newRequired');
    else if (!passwordLongEnough(v.new_password)) errors.new_password = t('password.tooShort');
    else if (v.confirmation !== v.new_password) errors.confirmation = t('password.mismatch');
    return errors;
  };

  const save = async (v: typeof EMPTY) => {
    await accountApi.changePassword(v.current_password, v.new_password);
    setValues(EMPTY);
    toast(t('account.password.saved'));
  };

  return (
    <Section id="mot-de-passe" title={t('account.password.title')} description={t('account.password.description')}>
      <LiveAlert error={error} />
      <form noValidate onSubmit={submit(validate, save)} className="max-w-md space-y-5">
        <input type="email" name="username" autoComplete="username" value={user.email} readOnly hidden />
        <PasswordField {...bind('current_password')} label={t('account.password.current')} name="current-password" autoComplete="current-password" />
        <NewPasswordFields labels={{ password: t('account.password.new'), confirmation: t('account.password.confirmation') }} password={bind('new_password')} confirmation={bind('confirmation')} />
        <Button type="submit" variant="primary" loading={saving}>
          {t('account.password.submit')}
        </Button>
      </form>
    </Section>
  );
}
