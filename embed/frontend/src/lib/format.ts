import i18n from '../i18n/index.ts';
import { TIME_ZONE } from '../config.ts';

type Lang = 'fr' | 'en';

function lang(): Lang {
  return i18n.language === 'en' ? 'en' : 'fr';
}

function locale(): string {
  return lang() === 'en' ? 'en-GB' : 'fr-FR';
}

// Dates and numbers in French and English are written here by hand, exactly as Intl writes them
// (format.test.ts checks it, value by value): on a phone, the first use of Intl in a page loads the
// locale's data from ICU, a task of 100 to 250 ms that freezes the page just as it shows. Intl
// stays for what this file does not know (other time zones, dates before 1996, negative
// numbers), its formatters built once per locale and options, then reused.
const dateFormats = new Map<string, Intl.DateTimeFormat>();
const numberFormats = new Map<string, Intl.NumberFormat>();

const DAY: Intl.DateTimeFormatOptions = { day: 'numeric', month: 'short', year: 'numeric' };
const TIME: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit' };

function dateFormat(kind: 'day' | 'time', timeZone: string): Intl.DateTimeFormat {
  const loc = locale();
  const key = `${loc}|${kind}|${timeZone}`;
  let f = dateFormats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(loc, { ...(kind === 'day' ? DAY : TIME), timeZone });
    dateFormats.set(key, f);
  }
  return f;
}

function numberFormat(maxDecimals: number): Intl.NumberFormat {
  const loc = locale();
  const key = `${loc}|${maxDecimals}`;
  let f = numberFormats.get(key);
  if (!f) {
    f = new Intl.NumberFormat(loc, { maximumFractionDigits: maxDecimals });
    numberFormats.set(key, f);
  }
  return f;
}

const monthNames = new Map<Lang, string[]>();

/** « nov. » (French), « Nov » (English): month 0 to 11, from the translations. */
function monthName(month: number): string {
  const l = lang();
  let names = monthNames.get(l);
  if (!names) {
    names = i18n.t('format.monthsShort').split('|');
    if (names.length === 12) monthNames.set(l, names);
  }
  return names[month] ?? '';
}

const HOUR = 3_600_000;
const DAY_MS = 24 * HOUR;

/** Midnight UTC of the last Sunday of `month` (0 to 11) in `year`. */
function lastSunday(year: number, month: number): number {
  const last = Date.UTC(year, month + 1, 0);
  return last - new Date(last).getUTCDay() * DAY_MS;
}

/**
 * Minutes ahead of UTC in `zone` at the instant `ms`, for the zones whose rules this file knows:
 * UTC, and Paris since 1996 (the EU's summer time, from 01:00 UTC on the last Sunday of March to
 * 01:00 UTC on the last Sunday of October). null for any other zone or date: Intl then.
 */
function zoneOffset(zone: string, ms: number): number | null {
  if (zone === 'UTC') return 0;
  if (zone !== 'Europe/Paris') return null;
  const year = new Date(ms).getUTCFullYear();
  if (year < 1996 || year > 9999) return null;
  const summer = ms >= lastSunday(year, 2) + HOUR && ms < lastSunday(year, 9) + HOUR;
  return summer ? 120 : 60;
}

/** The wall-clock date and time in `zone` as the UTC fields of a Date; null when unknown here. */
function wallClock(d: Date, zone: string): Date | null {
  const offset = zoneOffset(zone, d.getTime());
  return offset === null ? null : new Date(d.getTime() + offset * 60_000);
}

/** « 25 nov. 2026 », « 25 Nov 2026 » from the UTC fields of `d`. */
function dayText(d: Date): string {
  return `${d.getUTCDate()} ${monthName(d.getUTCMonth())} ${d.getUTCFullYear()}`;
}

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));

/** "25 nov. 2026" (French) or "25 Nov 2026" (English), in the portal's time zone. */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const wall = wallClock(d, TIME_ZONE);
  return wall ? dayText(wall) : dateFormat('day', TIME_ZONE).format(d);
}

/** "25 nov. 2026 à 14:05" (French), in the portal's time zone. */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const wall = wallClock(d, TIME_ZONE);
  const time = wall ? `${pad2(wall.getUTCHours())}:${pad2(wall.getUTCMinutes())}` : dateFormat('time', TIME_ZONE).format(d);
  return i18n.t('format.dateTime', { date: formatDate(iso), time });
}

/** A TOTP secret in groups of four for typing by hand: "JBSW Y3DP EHPK 3PXP". */
export function groupSecret(secret: string): string {
  return secret
    .replace(/\s+/g, '')
    .replace(/(.{4})/g, '$1 ')
    .trim();
}

/** A calendar day "YYYY-MM-DD" (deadlines, due dates) as "25 nov. 2026": never shifted by a time zone. */
export function formatDay(day: string | null | undefined): string {
  const m = day ? /^(\d{4})-(\d{2})-(\d{2})/.exec(day) : null;
  if (!m) return '';
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  if (Number.isNaN(d.getTime())) return '';
  return d.getUTCFullYear() >= 1000 ? dayText(d) : dateFormat('day', 'UTC').format(d);
}

/**
 * n written as Intl.NumberFormat writes it in French or English with at most `maxDecimals`
 * decimals (rounded half up on its shortest decimal form, as ICU does; digits grouped by three
 * with a narrow no-break space or a comma); null when n is not a plain non-negative number.
 */
function plainNumber(n: number, maxDecimals: number, l: Lang): string | null {
  if (!(n >= 0) || Object.is(n, -0) || n >= 1e21 || !Number.isInteger(maxDecimals) || maxDecimals < 0 || maxDecimals > 20) return null;
  const text = String(n);
  if (text.includes('e')) return null;
  const dot = text.indexOf('.');
  let int = dot < 0 ? text : text.slice(0, dot);
  let frac = dot < 0 ? '' : text.slice(dot + 1);
  if (frac.length > maxDecimals) {
    const up = frac.charCodeAt(maxDecimals) >= 53; // '5'
    frac = frac.slice(0, maxDecimals);
    if (up) {
      const digits = (int + frac).split('');
      let i = digits.length - 1;
      for (; i >= 0 && digits[i] === '9'; i--) digits[i] = '0';
      if (i >= 0) digits[i] = String(Number(digits[i]) + 1);
      const all = (i < 0 ? '1' : '') + digits.join('');
      int = all.slice(0, all.length - frac.length);
      frac = all.slice(all.length - frac.length);
    }
  }
  frac = frac.replace(/0+$/, '');
  int = int.replace(/\B(?=(\d{3})+$)/g, l === 'fr' ? '\u202f' : ',');
  return frac ? `${int}${l === 'fr' ? ',' : '.'}${frac}` : int;
}

/** A number with the language's decimal comma or point: 12,5 (French), 12.5 (English). */
export function formatNumber(n: number, maxDecimals = 0): string {
  return plainNumber(n, maxDecimals, lang()) ?? numberFormat(maxDecimals).format(n);
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
