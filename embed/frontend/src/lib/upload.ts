// Uploads of deliverables (A5): the raw file as the request body (the server streams it to disk),
// through XMLHttpRequest because fetch reports no upload progress. The caller gets the progress
// (bytes, percentage, remaining time) and can cancel.
import i18n from '../i18n/index.ts';
import { API_BASE, ApiError, errorFromBody, getCsrfToken, idempotencyKey, settleIdempotencyKey, type Deliverable } from '../api.ts';

export interface UploadProgress {
  loaded: number;
  total: number;
  /** 0–100, whole. */
  percent: number;
  /** Estimated from the average speed so far; null until there is enough to estimate. */
  remainingSeconds: number | null;
}

export interface UploadHandle<T = Deliverable> {
  /** The deliverable (or attachment) as it is after the upload; rejects with an ApiError (code "aborted" when cancelled). */
  done: Promise<T>;
  abort: () => void;
}

/** The estimate waits for this much time and data, so that the first packets do not mislead it. */
const MIN_ELAPSED_MS = 500;

export function isAborted(e: unknown): boolean {
  return e instanceof ApiError && e.code === 'aborted';
}

/**
 * Sends `file` to `path` (under /api/v1), e.g. `/admin/projects/3/deliverables?title=…`.
 * `now` is for tests.
 */
export function uploadFile<T = Deliverable>(path: string, file: File, onProgress: (p: UploadProgress) => void, now: () => number = () => Date.now()): UploadHandle<T> {
  const xhr = new XMLHttpRequest();
  const started = now();
  // The same file sent again to the same place after an unknown outcome is the same action.
  const action = `UPLOAD ${path} ${file.name} ${file.size} ${file.lastModified}`;
  const done = new Promise<T>((resolve, reject) => {
    xhr.open('POST', API_BASE + path);
    xhr.setRequestHeader('Idempotency-Key', idempotencyKey(action));
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.setRequestHeader('Content-Type', 'application/octet-stream');
    xhr.setRequestHeader('X-File-Name', encodeURIComponent(file.name));
    const csrf = getCsrfToken();
    if (csrf) xhr.setRequestHeader('X-CSRF-Token', csrf);

    xhr.upload.onprogress = (e) => {
      const total = e.lengthComputable && e.total > 0 ? e.total : file.size;
      const loaded = Math.min(e.loaded, total);
      const elapsed = now() - started;
      let remainingSeconds: number | null = null;
      if (loaded >= total) remainingSeconds = 0;
      else if (elapsed >= MIN_ELAPSED_MS && loaded > 0) remainingSeconds = ((total - loaded) / loaded) * (elapsed / 1000);
      onProgress({ loaded, total, percent: total > 0 ? Math.floor((loaded / total) * 100) : 0, remainingSeconds });
    };

    xhr.onload = () => {
      settleIdempotencyKey(action, xhr.status);
      let data: unknown;
      try {
        data = xhr.responseText ? JSON.parse(xhr.responseText) : null;
      } catch {
        data = null;
      }
      if (xhr.status >= 200 && xhr.status < 300 && data) {
        resolve(data as T);
        return;
      }
      if (data && typeof data === 'object' && 'error' in data) {
        reject(errorFromBody(xhr.status, data, path));
        return;
      }
      // A proxy's page (413 from a front server…): nothing readable came back.
      reject(new ApiError(i18n.t(xhr.status === 413 ? 'upload.tooLarge' : 'upload.failed'), 'upload_failed', xhr.status));
    };
    xhr.onerror = () => reject(new ApiError(i18n.t('upload.interrupted'), 'network_error', 0));
    xhr.onabort = () => reject(new ApiError(i18n.t('upload.cancelled'), 'aborted', 0));
    xhr.send(file);
  });
  return { done, abort: () => xhr.abort() };
}

/** The address of a new deliverable's upload: its title, step and note travel in the query string. */
export function newDeliverablePath(projectId: number, fields: { title: string; note: string; milestoneId: number | null }): string {
  const q = new URLSearchParams();
  if (fields.title) q.set('title', fields.title);
  if (fields.note) q.set('note', fields.note);
  if (fields.milestoneId) q.set('milestone_id', String(fields.milestoneId));
  const s = q.toString();
  return `/admin/projects/${projectId}/deliverables${s ? `?${s}` : ''}`;
}

export function newVersionPath(deliverableId: number, note: string): string {
  return `/admin/deliverables/${deliverableId}/versions${note ? `?${new URLSearchParams({ note }).toString()}` : ''}`;
}
