import type { ReactNode } from 'react';
import { Spinner } from './icons.tsx';

// The primary button: white on the brand red (≈ 9:1), 48 px high, with a loading state.
export function SubmitButton({ loading, loadingLabel, children }: { loading: boolean; loadingLabel: string; children: ReactNode }) {
  return (
    <button
      type="submit"
      disabled={loading}
      aria-busy={loading || undefined}
      className="inline-flex min-h-12 w-full items-center justify-center gap-2 rounded-lg bg-brand-700 px-5 text-base font-semibold text-white shadow-sm transition-colors hover:bg-brand-800 active:bg-brand-900 disabled:cursor-wait disabled:bg-brand-800"
    >
      {loading && <Spinner />}
      {loading ? loadingLabel : children}
    </button>
  );
}
