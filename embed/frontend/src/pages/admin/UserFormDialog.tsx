import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from '../../i18n/index.ts';
import type { ApiError, Language, Role, User, UserDetail, UserInput } from '../../api.ts';
import { Button } from '../../components/Button.tsx';
import { Dialog, DialogActions } from '../../components/Dialog.tsx';
import { EmailField, FormField, LanguageSelectField } from '../../components/FormField.tsx';
import { LiveAlert } from '../../components/LiveAlert.tsx';
import { splitError } from '../../lib/hooks.ts';
import './texts.ts';

// Fields shown in the form; an error on another one (role, client) goes above it.
const FIELDS = ['name', 'email', 'language'] as const;
const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

interface Props {
  /** Invite a new account (role and client given), or edit `user`. */
  mode: 'invite' | 'edit';
  role: Role;
  clientId?: number | null;
  clientName?: string | null;
  user?: User;
  onClose: () => void;
  onSave: (input: UserInput) => Promise<UserDetail>;
}

// Inviting a user (an e-mail with a link to choose a password goes out) or editing one.
export function UserFormDialog({ mode, role, clientId, clientName, user, onClose, onSave }: Props) {
  const { t } = useTranslation();
  const [name, setName] = useState(user?.name ?? '');
  const [email, setEmail] = useState(user?.email ?? '');
  const [language, setLanguage] = useState<Language>(user?.language ?? 'fr');
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<ApiError | null>(null);
  const [saving, setSaving] = useState(false);
  const nameRef = useRef<HTMLInputElement>(null);
  const emailRef = useRef<HTMLInputElement>(null);

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (saving) return;
    const errors: Record<string, string> = {};
    if (!name.trim()) errors.name = t('users.form.nameRequired');
    if (!email.trim()) errors.email = t('validation.emailRequired');
    else if (!EMAIL_RE.test(email.trim())) errors.email = t('validation.emailInvalid');
    setFieldErrors(errors);
    setError(null);
    if (errors.name) return nameRef.current?.focus();
    if (errors.email) return emailRef.current?.focus();

    setSaving(true);
    try {
      await onSave({ name: name.trim(), email: email.trim(), language, role, client_id: role === 'client' ? clientId : undefined });
    } catch (err) {
      const { field, general } = splitError(err, FIELDS);
      setFieldErrors(field);
      setError(general);
      if (field.name) nameRef.current?.focus();
      else if (field.email) emailRef.current?.focus();
      setSaving(false);
    }
  }

  const invite = mode === 'invite';
  const title = invite ? t(role === 'admin' ? 'users.form.inviteAdminTitle' : 'users.form.inviteTitle') : t('users.form.editTitle', { name: user?.name });
  const description = invite
    ? role === 'admin'
      ? t('users.form.inviteAdminText')
      : t('users.form.inviteText', { client: clientName ?? '' })
    : user && !user.password_set
      ? t('users.form.editPendingText')
      : undefined;

  return (
    <Dialog title={title} description={description} onClose={onClose}>
      <LiveAlert error={error} />
      <form noValidate onSubmit={submit} className="space-y-5">
        <FormField
          label={t('users.form.name')}
          name="name"
          required
          maxLength={200}
          autoComplete="off"
          value={name}
          onChange={(e) => setName(e.target.value)}
          error={fieldErrors.name}
          inputRef={nameRef}
        />
        <EmailField label={t('users.form.email')} name="email" required autoComplete="off" value={email} onChange={(e) => setEmail(e.target.value)} error={fieldErrors.email} inputRef={emailRef} />
        <LanguageSelectField label={t('users.form.language')} hint={t('users.form.languageHint')} name="language" value={language} onLanguage={setLanguage} error={fieldErrors.language} />
        <DialogActions>
          <Button onClick={onClose}>{t('dialog.cancel')}</Button>
          <Button type="submit" variant="primary" loading={saving}>
            {invite ? t('users.form.sendInvitation') : t('users.form.save')}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
