import { useId, type InputHTMLAttributes, type ReactNode, type Ref, type SelectHTMLAttributes, type TextareaHTMLAttributes } from 'react';
import { useTranslation } from '../i18n/index.ts';
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

// A labelled input with its hint and its error.
export function FormField({ label, error, hint, addon, inputRef, className = '', required, ...input }: FormFieldProps) {
  return (
    <FieldShell label={label} error={error} hint={hint} required={required} className={className}>
      {({ id, describedBy }) => (
        <div className="relative mt-1.5">
          <input
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

interface SelectFieldProps extends Omit<SelectHTMLAttributes<HTMLSelectElement>, 'id'>, ShellProps {
  inputRef?: Ref<HTMLSelectElement>;
  options: { value: string; label: string }[];
}

export function SelectField({ label, error, hint, inputRef, className = '', required, options, ...select }: SelectFieldProps) {
  return (
    <FieldShell label={label} error={error} hint={hint} required={required} className={className}>
      {({ id, describedBy }) => (
        <select id={id} ref={inputRef} aria-invalid={error ? true : undefined} aria-describedby={describedBy} className={`mt-1.5 h-12 ${controlClass(error)}`} {...select}>
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </FieldShell>
  );
}
