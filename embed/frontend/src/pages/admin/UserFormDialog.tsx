import { useTranslation } from '../../i18n/index.ts';
import type { Role, User, UserDetail, UserInput } from '../../api.ts';
import { Dialog, DialogFooter } from '../../components/Dialog.tsx';
import { EmailField, FormField, LanguageSelectField } from '../../components/FormField.tsx';
import { LiveAlert } from '../../components/LiveAlert.tsx';
import { useFieldForm, type FieldErrors } from '../../lib/form.ts';
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
  const { values, setValues, fieldErrors, error, saving, bind, submit } = useFieldForm(FIELDS, { name: user?.name ?? '', email: user?.email ?? '', language: user?.language ?? 'fr' });

  const validate = (v: typeof values) => {
    const errors: FieldErrors<(typeof FIELDS)[number]> = {};
    if (!v.name.trim()) errors.name = t('users.form.nameRequired');
    if (!v.email.trim()) errors.email = t('validation.emailRequired');
    else if (!EMAIL_RE.test(v.email.trim())) errors.email = t('validation.emailInvalid');
    return errors;
  };

  const save = async (v: typeof values) => {
    await onSave({ name: v.name.trim(), email: v.email.trim(), language: v.language, role, client_id: role === 'client' ? clientId : undefined });
  };

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
      <form noValidate onSubmit={submit(validate, save)} className="space-y-5">
        <FormField {...bind('name')} label={t('users.form.name')} required maxLength={200} autoComplete="off" />
        <EmailField {...bind('email')} label={t('users.form.email')} required autoComplete="off" />
        <LanguageSelectField
          label={t('users.form.language')}
          hint={t('users.form.languageHint')}
          name="language"
          value={values.language}
          onLanguage={(language) => setValues((v) => ({ ...v, language }))}
          error={fieldErrors.language}
        />
        <DialogFooter onCancel={onClose} busy={saving} label={invite ? t('users.form.sendInvitation') : t('users.form.save')} />
      </form>
    </Dialog>
  );
}
