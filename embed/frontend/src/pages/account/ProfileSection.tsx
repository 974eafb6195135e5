import { accountApi } from '../../api.ts';
import { useAuth, useUser } from '../../auth/AuthContext.tsx';
import { Button } from '../../components/Button.tsx';
import { FormField, LanguageSelectField } from '../../components/FormField.tsx';
import { LiveAlert } from '../../components/LiveAlert.tsx';
import { Section } from '../../components/PageHeader.tsx';
import { useToast } from '../../components/Toast.tsx';
import { changeLanguage, useTranslation } from '../../i18n/index.ts';
import { useFieldForm, type FieldErrors } from '../../lib/form.ts';
import './texts.ts';

const FIELDS = ['name', 'language'] as const;

export function ProfileSection() {
  const { t, i18n } = useTranslation();
  const user = useUser();
  const { updateUser } = useAuth();
  const toast = useToast();
  const { values, setValues, fieldErrors, error, saving, bind, submit } = useFieldForm(FIELDS, { name: user.name, language: user.language ?? 'fr' });

  const validate = (v: typeof values): FieldErrors<(typeof FIELDS)[number]> => (v.name.trim() ? {} : { name: t('account.profile.nameRequired') });

  const save = async (v: typeof values) => {
    const updated = await accountApi.update({ name: v.name.trim(), language: v.language });
    await changeLanguage(updated.language);
    updateUser(updated);
    setValues((w) => ({ ...w, name: updated.name }));
    toast(i18n.t('account.profile.saved')); // in the language just chosen
  };

  return (
    <Section id="profil" title={t('account.profile.title')} description={t('account.profile.description')}>
      <dl className="mb-5 grid gap-x-6 gap-y-3 text-sm sm:grid-cols-2">
        <div>
          <dt className="font-semibold text-gray-900">{t('account.profile.email')}</dt>
          <dd className="text-gray-700 wrap-anywhere">{user.email}</dd>
        </div>
        <div>
          <dt className="font-semibold text-gray-900">{t('account.profile.space')}</dt>
          <dd className="text-gray-700">{user.role === 'admin' ? t('shell.staff') : user.client_name}</dd>
        </div>
      </dl>
      <LiveAlert error={error} />
      <form noValidate onSubmit={submit(validate, save)} className="grid gap-5 sm:grid-cols-2">
        <FormField {...bind('name')} label={t('account.profile.name')} autoComplete="name" required maxLength={200} />
        <LanguageSelectField
          label={t('account.profile.language')}
          name="language"
          value={values.language}
          onLanguage={(language) => setValues((v) => ({ ...v, language }))}
          error={fieldErrors.language}
        />
        <div className="sm:col-span-2">
          <Button type="submit" variant="primary" loading={saving}>
            {t('account.profile.submit')}
          </Button>
        </div>
      </form>
    </Section>
  );
}
