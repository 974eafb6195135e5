import { HOME_PATH, RETURN_PARAM, SIGN_IN_PATH } from '../config.ts';

// Only a path on this site is accepted as a return address (no open redirect).
export function safeReturnPath(value: string | null | undefined): string {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return HOME_PATH;
  // eslint-disable-next-line no-control-regex -- control characters are what it refuses
  if (/[\u0000-\u001f]/.test(value)) return HOME_PATH;
  const path = value.split(/[?#]/)[0];
  if (path === SIGN_IN_PATH || path === `${SIGN_IN_PATH}/`) return HOME_PATH;
  return value;
}

export function signInPathFor(wanted: string): string {
  if (safeReturnPath(wanted) === HOME_PATH && wanted !== HOME_PATH) return SIGN_IN_PATH;
  return `${SIGN_IN_PATH}?${RETURN_PARAM}=${encodeURIComponent(wanted)}`;
}
