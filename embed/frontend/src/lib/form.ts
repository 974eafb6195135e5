import { useRef, useState, type FormEvent } from 'react';
import type { ApiError } from '../api.ts';
import { splitError } from './hooks.ts';

type FieldElement = HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;
export type FieldErrors<F extends string> = Partial<Record<F, string>>;
/** What `bind(k)` gives a field: spread it, then override what differs (e.g. the name). */
export type FieldBinding = ReturnType<ReturnType<typeof useFieldForm>['bind']>;

/**
 * The state every form of the portal keeps: text values, one error per field, the error for the
 * alert above the form, and whether it is saving. `bind(k)` gives a FormField / TextAreaField /
 * SelectField its name, value, change handler (which clears that field's error), error and ref.
 * `submit(validate, save)` checks in the browser first, then saves; either way the first field in
 * error (in `fields` order) takes the focus, so a keyboard or screen-reader user lands on it.
 */
export function useFieldForm<F extends string, V extends Record<F, string>>(fields: readonly F[], initial: V | (() => V)) {
  const [values, setValues] = useState<V>(initial);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors<F>>({});
  const [error, setError] = useState<ApiError | null>(null);
  const [saving, setSaving] = useState(false);
  const refs = useRef<Partial<Record<F, FieldElement | null>>>({});

  const focusFirst = (errors: FieldErrors<F>) => {
    const first = fields.find((k) => errors[k]);
    if (first) refs.current[first]?.focus();
    return first !== undefined;
  };

  const bind = (k: F) => ({
    name: k,
    value: values[k],
    onChange: (e: { target: { value: string } }) => {
      setValues((v) => ({ ...v, [k]: e.target.value }));
      setFieldErrors((f) => (f[k] ? { ...f, [k]: undefined } : f));
    },
    error: fieldErrors[k],
    inputRef: (el: FieldElement | null) => {
      refs.current[k] = el;
    },
  });

  const submit = (validate: (v: V) => FieldErrors<F>, save: (v: V) => Promise<void>) => async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (saving) return;
    const errors = validate(values);
    setFieldErrors(errors);
    setError(null);
    if (focusFirst(errors)) return;
    setSaving(true);
    try {
      await save(values);
    } catch (err) {
      const { field, general } = splitError(err, fields);
      setFieldErrors(field as FieldErrors<F>);
      setError(general);
      focusFirst(field as FieldErrors<F>);
    } finally {
      setSaving(false);
    }
  };

  return { values, setValues, fieldErrors, error, saving, bind, submit };
}
