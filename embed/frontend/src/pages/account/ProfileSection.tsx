import { useRef, useState, type FormEvent } from 'react';
import { accountApi, type ApiError, type Language } from '../../api.ts';
import { useAuth, useUser } from '../../auth/AuthContext.tsx';
import { Button } from '../../components/Button.tsx';
import { FormField, LanguageSelectField } from '../../components/FormField.tsx';
import { LiveAlert } from '../../components/LiveAlert.tsx';
import { Section } from '../../components/PageHeader.tsx';
import { useToast } from '../../components/Toast.tsx';
import { changeLanguage, useTranslation } from '../../i18n/index.ts';
import { splitError } from '../../lib/hooks.ts';
import './texts.ts';

export function ProfileSection() {
  const { t, i18n } = useTranslation();
  const user = useUser();
  const { updateUser } = useAuth();
  const toast = useToast();
  const [name, setName] = useState(user.name);
  const [language, setLanguage] = useState<Language>(user.language ?? 'fr');
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<ApiError | null>(null);
  const [saving, setSaving] = useState(false);
  const nameRef = useRef<HTMLInputElement>(null);

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (saving) return;
    setError(null);
    if (!name.trim()) {
      setFieldErrors({ name: t('account.profile.nameRequired') });
      nameRef.current?.focus();
      return;
    }
    setFieldErrors({});
    setSaving(true);
    try {
      const updated = await accountApi.update({ name: name.trim(), language });
      await changeLanguage(updated.language);
      updateUser(updated);
      setName(updated.name);
      toast(i18n.t('account.profile.saved')); // in the language just chosen
    } catch (err) {
      const { field, general } = splitError(err, ['name', 'language']);
      setFieldErrors(field);
      setError(general);
      if (field.name) nameRef.current?.focus();
    } finally {
      setSaving(false);
    }
  }

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
      <form noValidate onSubmit={submit} className="grid gap-5 sm:grid-cols-2">
        <FormField
          label={t('account.profile.name')}
          name="name"
          autoComplete="name"
          required
          maxLength={200}
          value={name}
          onChange={(e) => setName(e.target.value)}
          error={fieldErrors.name}
          inputRef={nameRef}
        />
        <LanguageSelectField label={t('account.profile.language')} name="language" value={language} onLanguage={setLanguage} error={fieldErrors.language} />
        <div className="sm:col-span-2">
          <Button type="submit" variant="primary" loading={saving}>
            {t('account.profile.submit')}
          </Button>
        </div>
      </form>
    </Section>
  );
}
