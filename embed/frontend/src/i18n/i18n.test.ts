import { describe, expect, it } from 'vitest';
import frCore from './fr.json';
import enCore from './en.json';
import frErrors from './fr.apiErrors.json';
import enErrors from './en.apiErrors.json';
import frAdmin from './fr.admin.json';
import enAdmin from './en.admin.json';
import frAccount from './fr.account.json';
import enAccount from './en.account.json';
import frProjects from './fr.projects.json';
import enProjects from './en.projects.json';
import i18n, { changeLanguage } from './index.ts';
import { LANGUAGE_STORAGE_KEY } from '../config.ts';

// A language's texts: the main file, the API's error texts and the texts of some pages (files of
// their own, loaded when needed).
const fr = { ...frCore, ...frErrors, ...frAdmin, ...frAccount, ...frProjects };
const en = { ...enCore, ...enErrors, ...enAdmin, ...enAccount, ...enProjects };

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

describe('t', () => {
  it('fills in {{placeholders}}, keeps one whose value is not given, and answers an unknown key with the key', () => {
    expect(i18n.t('errors.reference', { id: 'req-42' })).toMatch(/^Référence de l'incident\s:\sreq-42$/);
    expect(i18n.t('errors.reference')).toMatch(/\s:\s\{\{id\}\}$/);
    expect(i18n.t('errors.reference', { id: undefined })).toMatch(/\s:\s$/);
    expect(i18n.t('app.title')).toBe('Portail client — BIGDATA CENTER');
    expect(i18n.t('nothing.here')).toBe('nothing.here');
    expect(i18n.t('errors')).toBe('errors');
  });

  it('chooses the plural form as French and English count (0 and 1 are singular in French)', async () => {
    expect(i18n.t('projects.count', { count: 0 })).toBe('0 projet');
    expect(i18n.t('projects.count', { count: 1 })).toBe('1 projet');
    expect(i18n.t('projects.count', { count: 2 })).toBe('2 projets');
    // French "many" (a round million) has no form of its own here: the plural.
    expect(i18n.t('projects.count', { count: 1_000_000 })).toBe('1000000 projets');
    await changeLanguage('en');
    expect(i18n.t('projects.count', { count: 0 })).toBe('0 projects');
    expect(i18n.t('projects.count', { count: 1 })).toBe('1 project');
    expect(i18n.t('projects.count', { count: 2 })).toBe('2 projects');
  });

  it('follows Intl.PluralRules for French and English', async () => {
    for (const lang of ['fr', 'en'] as const) {
      await changeLanguage(lang);
      const rules = new Intl.PluralRules(lang);
      for (const n of [0, 1, 1.5, 2, 5, 21, 100, 1000, 1_000_000, 2_000_000, 1_500_000]) {
        const category = rules.select(n);
        const expected = i18n.t(`format.duration.days_${category === 'many' ? 'other' : category}`, { count: n });
        expect(i18n.t('format.duration.days', { count: n }), `${lang} ${n}`).toBe(expected);
      }
    }
  });

  it('switches at once to a language already loaded, and tells useTranslation', async () => {
    await changeLanguage('en');
    await changeLanguage('fr');
    let calls = 0;
    const off = i18n.onLanguageChanged(() => calls++);
    void changeLanguage('en');
    expect(i18n.language).toBe('en');
    expect(calls).toBe(1);
    off();
  });
});

// The texts of some pages are files of their own, loaded by a texts.ts module beside the pages.
const PAGE_TEXTS = [
  { module: '../pages/admin/texts.ts', texts: [frAdmin, enAdmin], where: /^\.\.\/pages\/admin\// },
  { module: '../pages/account/texts.ts', texts: [frAccount, enAccount], where: /^\.\.\/pages\/(account\/|Account\.tsx$)/ },
  { module: '../pages/projects/texts.ts', texts: [frProjects, enProjects], where: /^\.\.\/pages\/projects\// },
];
const sources = import.meta.glob(['../**/*.{ts,tsx}', '!../**/*.test.{ts,tsx}', '!../test/**'], { query: '?raw', import: 'default', eager: true });

describe.each(PAGE_TEXTS)('texts loaded with their pages ($module)', ({ module, texts: [frPart, enPart], where }) => {
  const namespaces = Object.keys(frPart);
  const uses = new RegExp(`['\`"](${namespaces.join('|')})\\.[a-zA-Z]`);

  // Every source file that uses one of their keys must load them: otherwise it would show keys
  // (« users.title ») wherever it is reached before one of those pages has been opened.
  it('are loaded by every module that uses them, all beside those pages', () => {
    const users = Object.entries(sources).filter(([, text]) => uses.test(text as string));
    expect(users.length).toBeGreaterThan(0);
    for (const [path, text] of users) {
      expect(path, `${path} uses ${namespaces.join(', ')}`).toMatch(where);
      const relative = path.replace(/[^/]+$/, '') === module.replace(/[^/]+$/, '') ? './texts.ts' : `./${module.split('/').slice(-2).join('/')}`;
      expect(text as string, `${path} imports ${relative}`).toContain(`import '${relative}';`);
    }
  });

  it('are shown once their module is loaded, in both languages', async () => {
    await import(/* @vite-ignore */ module);
    const key = (lang: Record<string, unknown>) => {
      const [ns, node] = Object.entries(lang)[0];
      const [leaf, value] = Object.entries(node as Record<string, unknown>).find(([, v]) => typeof v === 'string')!;
      return { key: `${ns}.${leaf}`, value };
    };
    const f = key(frPart);
    expect(i18n.t(f.key)).toBe(f.value);
    await changeLanguage('en');
    expect(i18n.t(f.key)).toBe(key(enPart).value);
    await changeLanguage('fr');
  });
});
