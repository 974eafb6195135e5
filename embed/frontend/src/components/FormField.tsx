import { useId, type InputHTMLAttributes, type ReactNode, type Ref } from 'react';
import { AlertIcon } from './icons.tsx';

interface FormFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'id'> {
  label: string;
  error?: string | null;
  hint?: string;
  /** Something placed at the right end of the input (e.g. show-password button). */
  addon?: ReactNode;
  inputRef?: Ref<HTMLInputElement>;
}

// A labelled input with its hint and its error, wired for screen readers.
export function FormField({ label, error, hint, addon, inputRef, className = '', ...input }: FormFieldProps) {
  const id = useId();
  const hintId = `${id}-aide`;
  const errorId = `${id}-erreur`;
  const describedBy = [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(' ') || undefined;

  return (
    <div className={className}>
      <label htmlFor={id} className="block text-sm font-semibold text-gray-900">
        {label}
      </label>
      {hint && (
        <p id={hintId} className="mt-1 text-sm text-gray-600">
          {hint}
        </p>
      )}
      <div className="relative mt-1.5">
        <input
          id={id}
          ref={inputRef}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
          className={`block h-12 w-full rounded-lg border bg-white px-3.5 text-base text-gray-900 placeholder:text-gray-500 focus:border-brand-700 focus-visible:outline-offset-0 ${
            error ? 'border-danger-700' : 'border-gray-500'
          } ${addon ? 'pr-24' : ''}`}
          {...input}
        />
        {addon && <div className="absolute inset-y-0 right-0 flex items-center pr-1">{addon}</div>}
      </div>
      {error && (
        <p id={errorId} className="mt-1.5 flex items-start gap-1.5 text-sm font-medium text-danger-700">
          <AlertIcon className="mt-0.5 size-4 shrink-0" />
          <span>{error}</span>
        </p>
      )}
    </div>
  );
}
