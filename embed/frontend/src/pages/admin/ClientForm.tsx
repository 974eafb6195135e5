import type { ReactNode } from 'react';
import { useTranslation } from '../../i18n/index.ts';
import type { ClientInput } from '../../api.ts';
import { FormField, FormSubmitRow, TextAreaField } from '../../components/FormField.tsx';
import { LiveAlert } from '../../components/LiveAlert.tsx';
import { useFieldForm, type FieldErrors } from '../../lib/form.ts';
import './texts.ts';

const FIELDS = ['name', 'contact_name', 'contact_email', 'phone', 'address', 'notes'] as const;
type Field = (typeof FIELDS)[number];

export const emptyClient: ClientInput = { name: '', contact_name: '', contact_email: '', phone: '', address: '', notes: '' };

const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

// The fields of a client company; used to create one (in a dialog) and to edit one.
export function ClientForm({
  initial,
  submitLabel,
  onSubmit,
  actions,
}: {
  initial: ClientInput;
  submitLabel: string;
  /** Saves; throws the API's error, shown next to its field or above the form. */
  onSubmit: (input: ClientInput) => Promise<void>;
  /** Buttons placed beside the submit button (e.g. Cancel). */
  actions?: ReactNode;
}) {
  const { t } = useTranslation();
  const { error, saving, bind, submit } = useFieldForm<Field, ClientInput>(FIELDS, initial);

  const onFormSubmit = submit(
    (values) => {
      const errors: FieldErrors<Field> = {};
      if (!values.name.trim()) errors.name = t('clients.form.nameRequired');
      if (values.contact_email.trim() && !EMAIL_RE.test(values.contact_email.trim())) errors.contact_email = t('validation.emailInvalid');
      return errors;
    },
    (values) => onSubmit(Object.fromEntries(FIELDS.map((k) => [k, values[k].trim()])) as unknown as ClientInput),
  );

  return (
    <>
      <LiveAlert error={error} />
      <form noValidate onSubmit={onFormSubmit} className="grid gap-5 sm:grid-cols-2">
        <FormField label={t('clients.form.name')} required maxLength={200} autoComplete="organization" className="sm:col-span-2" {...bind('name')} />
        <FormField label={t('clients.form.contactName')} maxLength={200} autoComplete="off" {...bind('contact_name')} />
        <FormField label={t('clients.form.contactEmail')} type="email" inputMode="email" autoComplete="off" spellCheck={false} {...bind('contact_email')} />
        <FormField label={t('clients.form.phone')} type="tel" maxLength={50} autoComplete="off" {...bind('phone')} />
        <TextAreaField label={t('clients.form.address')} rows={3} maxLength={500} className="sm:col-span-2" {...bind('address')} />
        <TextAreaField label={t('clients.form.notes')} hint={t('clients.form.notesHint')} rows={4} maxLength={5000} className="sm:col-span-2" {...bind('notes')} />
        <FormSubmitRow actions={actions} saving={saving} className="sm:col-span-2">
          {submitLabel}
        </FormSubmitRow>
      </form>
    </>
  );
}
