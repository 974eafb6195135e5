import { useQuery, useQueryClient, type QueryKey } from '@tanstack/react-query';
import { toApiError, type ApiError } from '../../api.ts';

/** A query as the retour pages read it: its data, its error, whether it loads, reload, replace. */
export interface Loaded<T> {
  data: T | null;
  error: ApiError | null;
  loading: boolean;
  reload: () => void;
  setData: (data: T) => void;
}

export function useLoaded<T>(queryKey: QueryKey, queryFn: () => Promise<T>, enabled = true): Loaded<T> {
  const client = useQueryClient();
  const q = useQuery({ queryKey, queryFn, enabled });
  return {
    data: q.data ?? null,
    error: q.error ? toApiError(q.error) : null,
    loading: q.isPending && enabled,
    reload: () => void q.refetch(),
    setData: (data: T) => client.setQueryData(queryKey, data),
  };
}
