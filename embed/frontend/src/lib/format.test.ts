import { describe, expect, it } from 'vitest';
import i18n from '../i18n/index.ts';
import { formatDay, formatDuration, formatPercent, formatShortDuration, formatSize, shortHash } from './format.ts';

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
