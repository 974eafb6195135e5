import type { ApiError } from '../api.ts';
import { ErrorNotice } from './ErrorNotice.tsx';

// A region that is always in the page, so that screen readers announce the error
// as soon as it appears in it.
export function LiveAlert({ error }: { error: ApiError | null }) {
  return (
    <div role="alert" aria-live="assertive" aria-atomic="true">
      {error && (
        <div className="mb-6">
          <ErrorNotice error={error} />
        </div>
      )}
    </div>
  );
}
