import { useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from '../../i18n/index.ts';
import type { ApiError, ClientInput } from '../../api.ts';
import { Button } from '../../components/Button.tsx';
import { FormField, TextAreaField } from '../../components/FormField.tsx';
import { LiveAlert } from '../../components/LiveAlert.tsx';
import { splitError } from '../../lib/hooks.ts';

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
  const [values, setValues] = useState<ClientInput>(initial);
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<Field, string>>>({});
  const [error, setError] = useState<ApiError | null>(null);
  const [saving, setSaving] = useState(false);
  const refs = useRef<Partial<Record<Field, HTMLInputElement | HTMLTextAreaElement | null>>>({});

  const set = (k: Field) => (e: { target: { value: string } }) => {
    setValues((v) => ({ ...v, [k]: e.target.value }));
    setFieldErrors((f) => (f[k] ? { ...f, [k]: undefined } : f));
  };
  const bind = (k: Field) => ({
    name: k,
    value: values[k],
    onChange: set(k),
    error: fieldErrors[k],
    inputRef: (el: HTMLInputElement | HTMLTextAreaElement | null) => {
      refs.current[k] = el;
    },
  });

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (saving) return;
    const errors: Partial<Record<Field, string>> = {};
    if (!values.name.trim()) errors.name = t('clients.form.nameRequired');
    if (values.contact_email.trim() && !EMAIL_RE.test(values.contact_email.trim())) errors.contact_email = t('validation.emailInvalid');
    setFieldErrors(errors);
    setError(null);
    const first = FIELDS.find((k) => errors[k]);
    if (first) return refs.current[first]?.focus();

    setSaving(true);
    try {
      const trimmed = Object.fromEntries(FIELDS.map((k) => [k, values[k].trim()])) as unknown as ClientInput;
      await onSubmit(trimmed);
    } catch (err) {
      const { field, general } = splitError(err, FIELDS);
      setFieldErrors(field);
      setError(general);
      const k = FIELDS.find((f) => field[f]);
      if (k) refs.current[k]?.focus();
    } finally {
      setSaving(false);
    }
  }

  return (
    <>
      <LiveAlert error={error} />
      <form noValidate onSubmit={submit} className="grid gap-5 sm:grid-cols-2">
        <FormField label={t('clients.form.name')} required maxLength={200} autoComplete="organization" className="sm:col-span-2" {...bind('name')} />
        <FormField label={t('clients.form.contactName')} maxLength={200} autoComplete="off" {...bind('contact_name')} />
        <FormField label={t('clients.form.contactEmail')} type="email" inputMode="email" autoComplete="off" spellCheck={false} {...bind('contact_email')} />
        <FormField label={t('clients.form.phone')} type="tel" maxLength={50} autoComplete="off" {...bind('phone')} />
        <TextAreaField label={t('clients.form.address')} rows={3} maxLength={500} className="sm:col-span-2" {...bind('address')} />
        <TextAreaField label={t('clients.form.notes')} hint={t('clients.form.notesHint')} rows={4} maxLength={5000} className="sm:col-span-2" {...bind('notes')} />
        <div className="flex flex-col-reverse gap-3 sm:col-span-2 sm:flex-row sm:justify-end">
          {actions}
          <Button type="submit" variant="primary" loading={saving}>
            {submitLabel}
          </Button>
        </div>
      </form>
    </>
  );
}
