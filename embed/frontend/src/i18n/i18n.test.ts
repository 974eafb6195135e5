import { describe, expect, it } from 'vitest';
import fr from './fr.json';
import en from './en.json';
import i18n, { changeLanguage } from './index.ts';
import { LANGUAGE_STORAGE_KEY } from '../config.ts';

function leaves(obj: unknown, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(obj as Record<string, unknown>)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (v && typeof v === 'object') for (const [kk, vv] of leaves(v, key)) out.set(kk, vv);
    else out.set(key, String(v));
  }
  return out;
}

function placeholders(s: string): string[] {
  return [...s.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();
}

describe('translations', () => {
  const frLeaves = leaves(fr);
  const enLeaves = leaves(en);

  it('fr and en have exactly the same keys', () => {
    expect([...enLeaves.keys()].sort()).toEqual([...frLeaves.keys()].sort());
  });

  it('no translation is empty, and both languages use the same {{placeholders}}', () => {
    for (const [key, value] of frLeaves) {
      expect(value.trim(), `fr ${key}`).not.toBe('');
      expect(enLeaves.get(key)?.trim(), `en ${key}`).not.toBe('');
      expect(placeholders(enLeaves.get(key) ?? ''), key).toEqual(placeholders(value));
    }
  });

  it('French is the default language and fills in the company name', () => {
    expect(i18n.language).toBe('fr');
    expect(document.documentElement.lang).toBe('fr');
    expect(i18n.t('app.title')).toBe('Portail client — BIGDATA CENTER');
  });

  it('remembers the chosen language in localStorage', async () => {
    await changeLanguage('en');
    expect(window.localStorage.getItem(LANGUAGE_STORAGE_KEY)).toBe('en');
    expect(document.documentElement.lang).toBe('en');
    expect(i18n.t('signIn.submit')).toBe('Sign in');
  });
});
