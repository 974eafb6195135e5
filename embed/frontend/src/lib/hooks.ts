import { startTransition, useCallback, useEffect, useMemo, useRef, useState } from 'react';
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

export interface Loaded<T> {
  data: T | null;
  error: ApiError | null;
  loading: boolean;
  reload: () => void;
  /** Replaces the data after a change made on the page (no new request). */
  setData: (data: T) => void;
}

/** Loads data from the API when `key` changes; an older answer never overwrites a newer one. */
export function useApi<T>(load: () => Promise<T>, key: string): Loaded<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  useEffect(() => {
    let current = true;
    setLoading(true);
    setError(null);
    loadRef.current().then(
      (d) => {
        if (!current) return;
        // A transition: a long list is rendered in short slices, the page stays responsive.
        startTransition(() => {
          setData(d);
          setLoading(false);
        });
      },
      (e: unknown) => {
        if (!current) return;
        setError(toApiError(e));
        setLoading(false);
      },
    );
    return () => {
      current = false;
    };
  }, [key, tick]);

  const reload = useCallback(() => setTick((t) => t + 1), []);
  // The same object while nothing changes: a memoised child given it does not render again.
  return useMemo(() => ({ data, error, loading, reload, setData }), [data, error, loading, reload]);
}

/** Errors of a form: the one of each field (the API's `field`) and the rest for the alert. */
export function splitError(error: unknown, fields: readonly string[]): { field: Record<string, string>; general: ApiError | null } {
  const e = toApiError(error);
  if (e.field && fields.includes(e.field)) return { field: { [e.field]: e.message }, general: null };
  return { field: {}, general: e };
}
