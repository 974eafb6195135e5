import i18n from '../i18n/index.ts';
import { TIME_ZONE } from '../config.ts';

function locale(): string {
  return i18n.language === 'en' ? 'en-GB' : 'fr-FR';
}

/** "25 nov. 2026" (French) or "25 Nov 2026" (English), in the portal's time zone. */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return new Intl.DateTimeFormat(locale(), { day: 'numeric', month: 'short', year: 'numeric', timeZone: TIME_ZONE }).format(d);
}

/** "25 nov. 2026 à 14:05" (French), in the portal's time zone. */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const time = new Intl.DateTimeFormat(locale(), { hour: '2-digit', minute: '2-digit', timeZone: TIME_ZONE }).format(d);
  return i18n.t('format.dateTime', { date: formatDate(iso), time });
}

/** A TOTP secret in groups of four for typing by hand: "JBSW Y3DP EHPK 3PXP". */
export function groupSecret(secret: string): string {
  return secret.replace(/\s+/g, '').replace(/(.{4})/g, '$1 ').trim();
}
