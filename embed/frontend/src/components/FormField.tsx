import { useEffect, useId, useState, type ChangeEvent, type InputHTMLAttributes, type ReactNode, type Ref, type SelectHTMLAttributes, type TextareaHTMLAttributes } from 'react';
import type { Language } from '../api.ts';
import { useTranslation } from '../i18n/index.ts';
import { Button } from './Button.tsx';
import { AlertIcon } from './icons.tsx';

interface ShellProps {
  label: string;
  error?: string | null;
  hint?: ReactNode;
  /** Marks the field as required in its label (the text says it: colour alone never does). */
  required?: boolean;
  className?: string;
}

interface ShellIds {
  id: string;
  describedBy: string | undefined;
}

const controlClass = (error: string | null | undefined) =>
  `block w-full rounded-lg border bg-white px-3.5 text-base text-gray-900 placeholder:text-gray-500 focus:border-brand-700 focus-visible:outline-offset-0 disabled:bg-gray-100 disabled:text-gray-600 ${
    error ? 'border-danger-700' : 'border-gray-500'
  }`;

// The label, hint and error of any form control, wired for screen readers.
function FieldShell({ label, error, hint, required, className = '', children }: ShellProps & { children: (ids: ShellIds) => ReactNode }) {
  const id = useId();
  const hintId = `${id}-aide`;
  const errorId = `${id}-erreur`;
  const describedBy = [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className={className}>
      <label htmlFor={id} className="block text-sm font-semibold text-gray-900">
        {label}
        {required && (
          <span className="font-normal text-gray-600">
            {' '}
            <RequiredMark />
          </span>
        )}
      </label>
      {hint && (
        <div id={hintId} className="mt-1 text-sm text-gray-600">
          {hint}
        </div>
      )}
      {children({ id, describedBy })}
      {error && (
        <p id={errorId} className="mt-1.5 flex items-start gap-1.5 text-sm font-medium text-danger-700">
          <AlertIcon className="mt-0.5 size-4 shrink-0" />
          <span>{error}</span>
        </p>
      )}
    </div>
  );
}

// "(obligatoire)" in the current language.
function RequiredMark() {
  const { t } = useTranslation();
  return <>{t('form.required')}</>;
}

interface FormFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'id'>, ShellProps {
  /** Something placed at the right end of the input (e.g. show-password button). */
  addon?: ReactNode;
  inputRef?: Ref<HTMLInputElement>;
}

/** "25/11/2026" (or "25-11-2026", "25.11.2026", "2026-11-25") → "2026-11-25"; "" → ""; else null. */
export function parseDay(text: string): string | null {
  const s = text.trim();
  if (s === '') return '';
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(s);
  const dmy = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(s);
  const [y, mo, d] = iso ? [iso[1], iso[2], iso[3]] : dmy ? [dmy[3], dmy[2], dmy[1]] : [];
  if (!y) return null;
  const date = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
  if (date.getUTCFullYear() !== Number(y) || date.getUTCMonth() !== Number(mo) - 1 || date.getUTCDate() !== Number(d)) return null;
  return date.toISOString().slice(0, 10);
}

/** "2026-11-25" → "25/11/2026" (the day first, in French as in the portal's English). */
function showDay(iso: unknown): string {
  const m = typeof iso === 'string' ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso) : null;
  return m ? `${m[3]}/${m[2]}/${m[1]}` : '';
}

/**
 * A day typed as « jj/mm/aaaa » rather than the browser's date input, whose order and labels
 * follow the browser's language (« mm/dd/yyyy » in a French interface on an English system). The
 * caller still reads and gives ISO days ("2026-11-25"): onChange fires with one when the text is
 * a whole valid day, or "" when emptied.
 */
function DayInput({ value, onChange, name, min: _min, max: _max, type: _type, ...input }: InputHTMLAttributes<HTMLInputElement> & { inputRef?: Ref<HTMLInputElement> }) {
  const { t } = useTranslation();
  const [text, setText] = useState(() => showDay(value));
  // A new value from the caller (a reset, a link): shown, unless it is what the text already says.
  useEffect(() => {
    setText((cur) => (parseDay(cur) === (value ?? '') ? cur : showDay(value)));
  }, [value]);
  return (
    <input
      {...input}
      type="text"
      name={name}
      inputMode="numeric"
      autoComplete="off"
      placeholder={t('form.dayPlaceholder')}
      value={text}
      onChange={(e) => {
        setText(e.target.value);
        const iso = parseDay(e.target.value);
        if (iso !== null && iso !== (value ?? ''))
          onChange?.({ ...e, target: { ...e.target, name: name ?? '', value: iso }, currentTarget: { ...e.currentTarget, name: name ?? '', value: iso } } as ChangeEvent<HTMLInputElement>);
      }}
    />
  );
}

// A labelled input with its hint and its error (a day: see DayInput).
export function FormField({ label, error, hint, addon, inputRef, className = '', required, ...input }: FormFieldProps) {
  const { t } = useTranslation();
  const day = input.type === 'date';
  if (day) hint ??= t('form.dayHint');
  const Input = day ? DayInput : 'input';
  return (
    <FieldShell label={label} error={error} hint={hint} required={required} className={className}>
      {({ id, describedBy }) => (
        <div className="relative mt-1.5">
          <Input
            id={id}
            ref={inputRef}
            aria-invalid={error ? true : undefined}
            aria-describedby={describedBy}
            aria-required={required || undefined}
            className={`h-12 ${controlClass(error)} ${addon ? 'pr-24' : ''}`}
            {...input}
          />
          {addon && <div className="absolute inset-y-0 right-0 flex items-center pr-1">{addon}</div>}
        </div>
      )}
    </FieldShell>
  );
}

interface TextAreaFieldProps extends Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'id'>, ShellProps {
  inputRef?: Ref<HTMLTextAreaElement>;
}

export function TextAreaField({ label, error, hint, inputRef, className = '', required, rows = 3, ...input }: TextAreaFieldProps) {
  return (
    <FieldShell label={label} error={error} hint={hint} required={required} className={className}>
      {({ id, describedBy }) => (
        <textarea
          id={id}
          ref={inputRef}
          rows={rows}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
          aria-required={required || undefined}
          className={`mt-1.5 min-h-12 py-2.5 ${controlClass(error)}`}
          {...input}
        />
      )}
    </FieldShell>
  );
}

export interface SelectOption {
  value: string;
  label: string;
}

interface SelectFieldProps extends Omit<SelectHTMLAttributes<HTMLSelectElement>, 'id'>, ShellProps {
  inputRef?: Ref<HTMLSelectElement>;
  options: SelectOption[];
}

/** A select's choices, from their values and labels. */
export function SelectOptions({ options }: { options: readonly SelectOption[] }) {
  return options.map((o) => (
    <option key={o.value} value={o.value}>
      {o.label}
    </option>
  ));
}

export function SelectField({ label, error, hint, inputRef, className = '', required, options, ...select }: SelectFieldProps) {
  return (
    <FieldShell label={label} error={error} hint={hint} required={required} className={className}>
      {({ id, describedBy }) => (
        <select id={id} ref={inputRef} aria-invalid={error ? true : undefined} aria-describedby={describedBy} className={`mt-1.5 h-12 ${controlClass(error)}`} {...select}>
          <SelectOptions options={options} />
        </select>
      )}
    </FieldShell>
  );
}

// A form's submit button, with its companions (e.g. Cancel) beside it; stacked on a phone, the
// submit button on top where the thumb reaches it.
export function FormSubmitRow({ actions, saving, className = '', children }: { actions?: ReactNode; saving: boolean; className?: string; children: ReactNode }) {
  return (
    <div className={`flex flex-col-reverse gap-3 sm:flex-row sm:justify-end ${className}`}>
      {actions}
      <Button type="submit" variant="primary" loading={saving}>
        {children}
      </Button>
    </div>
  );
}

/** A form set in the flow of a page (not a dialog's): its submit button, then Cancel beside it. */
export function SubmitWithCancel({ saving, onCancel, className = 'gap-3', children }: { saving: boolean; onCancel: () => void; className?: string; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <div className={`flex flex-wrap ${className}`}>
      <Button type="submit" variant="primary" loading={saving}>
        {children}
      </Button>
      <Button onClick={onCancel}>{t('dialog.cancel')}</Button>
    </div>
  );
}

/** An e-mail address: the phone shows its e-mail keyboard, nothing capitalises or corrects it. */
export function EmailField(props: Omit<FormFieldProps, 'type' | 'inputMode' | 'autoCapitalize' | 'spellCheck'>) {
  return <FormField {...props} type="email" inputMode="email" autoCapitalize="none" spellCheck={false} />;
}

/** The language of a person's interface, e-mails and reports. */
export function LanguageSelectField({ onLanguage, ...props }: Omit<SelectFieldProps, 'options' | 'onChange'> & { onLanguage: (language: Language) => void }) {
  const { t } = useTranslation();
  return (
    <SelectField
      {...props}
      onChange={(e) => onLanguage(e.target.value as Language)}
      options={[
        { value: 'fr', label: t('language.fr') },
        { value: 'en', label: t('language.en') },
      ]}
    />
  );
}
