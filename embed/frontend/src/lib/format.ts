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

/** A calendar day "YYYY-MM-DD" (deadlines, due dates) as "25 nov. 2026": never shifted by a time zone. */
export function formatDay(day: string | null | undefined): string {
  const m = day ? /^(\d{4})-(\d{2})-(\d{2})/.exec(day) : null;
  if (!m) return '';
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return new Intl.DateTimeFormat(locale(), { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(d);
}

/** A number with the language's decimal comma or point: 12,5 (French), 12.5 (English). */
export function formatNumber(n: number, maxDecimals = 0): string {
  return new Intl.NumberFormat(locale(), { maximumFractionDigits: maxDecimals }).format(n);
}

const SIZE_UNITS = ['bytes', 'kb', 'mb', 'gb', 'tb'] as const;

/** A size as people read it, in powers of 1024 like the server's messages: « 1,5 Go », « 12,5 Mo », « 820 octets ». */
export function formatSize(bytes: number): string {
  let value = Math.max(0, bytes);
  let unit = 0;
  while (value >= 1024 && unit < SIZE_UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  const rounded = unit === 0 ? value : Math.round(value * 10) / 10;
  const text = formatNumber(rounded, 1);
  return unit === 0 ? i18n.t('format.size.bytes', { value: text, count: rounded }) : i18n.t(`format.size.${SIZE_UNITS[unit]}`, { value: text });
}

/** « 33 % » (French, with a no-break space), « 33% » (English). */
export function formatPercent(percent: number): string {
  return i18n.t('format.percent', { value: formatNumber(Math.round(percent)) });
}

/** A duration in words, in its largest sensible unit: « 45 secondes », « 12 minutes », « 5 heures », « 3 jours ». */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return i18n.t('format.duration.seconds', { count: s });
  if (s < 3600) return i18n.t('format.duration.minutes', { count: Math.round(s / 60) });
  if (s < 86400) return i18n.t('format.duration.hours', { count: Math.round(s / 3600) });
  return i18n.t('format.duration.days', { count: Math.floor(s / 86400) });
}

/** A SHA-256 short enough to read and compare: its first and last 8 characters. */
export function shortHash(sha: string): string {
  return sha.length > 20 ? `${sha.slice(0, 8)}…${sha.slice(-8)}` : sha;
}

/** A duration in short units, its two largest parts: « 1 j 4 h », « 3 h 20 min », « 45 min », « 30 s ». */
export function formatShortDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const u = (k: string, n: number) => i18n.t(`format.short.${k}`, { n: formatNumber(n) });
  if (s < 60) return u('s', s);
  const minutes = Math.round(s / 60);
  if (minutes < 60) return u('min', minutes);
  const hours = Math.floor(s / 3600);
  if (hours < 24) {
    const rest = Math.round((s - hours * 3600) / 60);
    return rest > 0 && rest < 60 ? `${u('h', hours)} ${u('min', rest)}` : u('h', rest >= 60 ? hours + 1 : hours);
  }
  const days = Math.floor(s / 86400);
  const h = Math.round((s - days * 86400) / 3600);
  if (h >= 24) return u('d', days + 1);
  return h > 0 ? `${u('d', days)} ${u('h', h)}` : u('d', days);
}
