import { useEffect, useState } from 'react';
import { toApiError, type ApiError } from '../api.ts';

/** value, once it has stopped changing for `ms` milliseconds (search boxes). */
export function useDebounced<T>(value: T, ms = 300): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}

/** Errors of a form: the one of each field (the API's `field`) and the rest for the alert. */
export function splitError(error: unknown, fields: readonly string[]): { field: Record<string, string>; general: ApiError | null } {
  const e = toApiError(error);
  if (e.field && fields.includes(e.field)) return { field: { [e.field]: e.message }, general: null };
  return { field: {}, general: e };
}
