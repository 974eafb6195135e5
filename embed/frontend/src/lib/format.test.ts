import { describe, expect, it } from 'vitest';
import i18n from '../i18n/index.ts';
import { formatDate, formatDateTime, formatDay, formatDuration, formatNumber, formatPercent, formatShortDuration, formatSize, shortHash } from './format.ts';
import { TIME_ZONE } from '../config.ts';

const NB = '\u00a0';

describe('French formats', () => {
  it('writes calendar days as « 25 nov. 2026 », never shifted by the time zone', () => {
    expect(formatDay('2026-11-25')).toBe('25 nov. 2026');
    expect(formatDay('2027-01-01')).toBe('1 janv. 2027');
    expect(formatDay('2026-12-31')).toBe('31 déc. 2026');
    expect(formatDay(null)).toBe('');
    expect(formatDay('pas une date')).toBe('');
  });

  it('writes sizes in powers of 1024 with a decimal comma: « 1,5 Go », « 12,5 Mo »', () => {
    expect(formatSize(1.5 * 1024 ** 3)).toBe(`1,5${NB}Go`);
    expect(formatSize(12.5 * 1024 ** 2)).toBe(`12,5${NB}Mo`);
    expect(formatSize(5 * 1024 ** 2)).toBe(`5${NB}Mo`);
    expect(formatSize(2048)).toBe(`2${NB}Ko`);
    expect(formatSize(820)).toBe(`820${NB}octets`);
    expect(formatSize(1)).toBe(`1${NB}octet`);
  });

  it('writes percentages with a no-break space: « 33 % »', () => {
    expect(formatPercent(33)).toBe(`33${NB}%`);
    expect(formatPercent(66.6)).toBe(`67${NB}%`);
  });

  it('writes durations in words, in their largest unit', () => {
    expect(formatDuration(1)).toBe('1 seconde');
    expect(formatDuration(45)).toBe('45 secondes');
    expect(formatDuration(12 * 60)).toBe('12 minutes');
    expect(formatDuration(5 * 3600)).toBe('5 heures');
    expect(formatDuration(3 * 86400 + 100)).toBe('3 jours');
    expect(formatDuration(86400)).toBe('1 jour');
  });

  it('shortens a SHA-256 to its first and last 8 characters', () => {
    const sha = 'a3f1c2d4e5b6978812345678901234567890abcdefabcdefabcdef0123456789';
    expect(shortHash(sha)).toBe('a3f1c2d4…23456789');
    expect(shortHash('abc')).toBe('abc');
  });

  it('follows the language: « 1.5 GB », « 33% » in English', async () => {
    await i18n.changeLanguage('en');
    expect(formatSize(1.5 * 1024 ** 3)).toBe(`1.5${NB}GB`);
    expect(formatPercent(33)).toBe('33%');
    expect(formatDay('2026-11-25')).toBe('25 Nov 2026');
    expect(formatDuration(120)).toBe('2 minutes');
  });
});

describe('formatShortDuration', () => {
  it('shows the two largest units, French style', () => {
    expect(formatShortDuration(100800)).toBe('1\u00a0j 4\u00a0h');
    expect(formatShortDuration(3 * 3600 + 20 * 60)).toBe('3\u00a0h 20\u00a0min');
    expect(formatShortDuration(45 * 60)).toBe('45\u00a0min');
    expect(formatShortDuration(30)).toBe('30\u00a0s');
    expect(formatShortDuration(2 * 86400)).toBe('2\u00a0j');
  });
});

// format.ts writes French and English dates and numbers by hand (the first use of Intl in a page
// is slow on phones): what it writes must be what Intl writes, for every kind of value.
describe('hand-written formats are those of Intl', () => {
  const locales = { fr: 'fr-FR', en: 'en-GB' } as const;

  it('numbers: rounding, decimals and grouping', async () => {
    const values = [
      0,
      0.04,
      0.05,
      0.5,
      0.95,
      0.96,
      1,
      1.005,
      1.05,
      1.25,
      1.45,
      1.5,
      2.5,
      9.95,
      9.96,
      99.5,
      999,
      999.95,
      1000,
      1234.5678,
      9999.99,
      12345,
      99999.5,
      123456.7,
      1234567,
      987654321.987,
      2 ** 53,
      1e20,
    ];
    for (let i = 0; i < 400; i++) values.push(Math.random() * 10 ** Math.floor(Math.random() * 9), Math.floor(Math.random() * 100000) / 100);
    for (const lang of ['fr', 'en'] as const) {
      await i18n.changeLanguage(lang);
      for (const decimals of [0, 1, 2, 3]) {
        const intl = new Intl.NumberFormat(locales[lang], { maximumFractionDigits: decimals });
        for (const v of values) expect(formatNumber(v, decimals), `${lang} ${v} (${decimals})`).toBe(intl.format(v));
      }
      // Left to Intl, and still right.
      for (const v of [-3, -0, -1.5, 1e-7, 1e21]) expect(formatNumber(v, 1)).toBe(new Intl.NumberFormat(locales[lang], { maximumFractionDigits: 1 }).format(v));
    }
  });

  it("calendar days, dates and times in the portal's time zone, summer time included", async () => {
    expect(TIME_ZONE).toBe('Europe/Paris');
    const instants: number[] = [];
    // Every half hour around each change of time, 1995 to 2100, and random instants.
    for (let year = 1995; year <= 2100; year++) {
      for (const month of [2, 9]) {
        const last = Date.UTC(year, month + 1, 0);
        const sunday = last - new Date(last).getUTCDay() * 86_400_000;
        for (let m = -180; m <= 180; m += 30) instants.push(sunday + 3_600_000 + m * 60_000);
      }
    }
    for (let i = 0; i < 1000; i++) instants.push(Date.UTC(1990, 0, 1) + Math.floor(Math.random() * 120 * 365.25 * 86_400_000));
    for (const lang of ['fr', 'en'] as const) {
      await i18n.changeLanguage(lang);
      const day = new Intl.DateTimeFormat(locales[lang], { day: 'numeric', month: 'short', year: 'numeric', timeZone: TIME_ZONE });
      const time = new Intl.DateTimeFormat(locales[lang], { hour: '2-digit', minute: '2-digit', timeZone: TIME_ZONE });
      const utcDay = new Intl.DateTimeFormat(locales[lang], { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
      for (const ms of instants) {
        const iso = new Date(ms).toISOString();
        expect(formatDate(iso), iso).toBe(day.format(ms));
        expect(formatDateTime(iso), iso).toBe(i18n.t('format.dateTime', { date: day.format(ms), time: time.format(ms) }));
        expect(formatDay(iso.slice(0, 10)), iso).toBe(utcDay.format(Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10)))));
      }
    }
  });
});
