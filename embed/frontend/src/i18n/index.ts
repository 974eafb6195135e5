// The interface's translations (French first, English second): t(key, values), useTranslation(),
// changeLanguage(). A small module of its own rather than a general i18n library: the portal needs
// nested keys, {{placeholders}} (with the company name always available as {{company}}),
// plurals by `count` (key_one, key_other, key_many, key_zero) and a fallback to French, and this
// costs a phone a fraction of the library's start-up and per-string time (both pages a visitor
// opens first render hundreds of strings), and some 15 KB less to download.
import { useMemo, useSyncExternalStore } from 'react';
import { BRAND, LANGUAGE_STORAGE_KEY } from '../config.ts';
import fr from './fr.json';

export const LANGUAGES = ['fr', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'fr';

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

interface Messages {
  readonly [key: string]: string | Messages;
}

/** Values for the {{placeholders}}; `count` also chooses the plural form. */
export type TOptions = Readonly<Record<string, unknown>>;
export type TFunction = (key: string, options?: TOptions) => string;

// French, the default, is in the main bundle; English is a file of its own, fetched only when
// someone chooses it.
const bundles: Partial<Record<Language, Messages>> = { fr };
const loaders: Record<Exclude<Language, 'fr'>, () => Promise<{ default: unknown }>> = {
  en: () => import('./en.json'),
};
const pending = new Map<Language, Promise<void>>();

// The texts of the API's errors (apiErrors, a fifth of a language's texts) are a file of their own
// per language, so that a page showing no error does not download them (the dashboard stays under
// its 150 KB budget). The French ones come with the first error: until then the server's own
// message stands in, which is the same French text. The English ones come with English.
const errorBundles: Partial<Record<Language, Messages>> = {};
const errorLoaders: Record<Language, () => Promise<{ default: unknown }>> = {
  fr: () => import('./fr.apiErrors.json'),
  en: () => import('./en.apiErrors.json'),
};
const errorsPending = new Map<Language, Promise<void>>();

/** Fetches the API's error texts in `lang` (the current language by default), once. */
export function loadErrorTexts(lang: Language = current): Promise<void> {
  if (errorBundles[lang]) return Promise.resolve();
  let p = errorsPending.get(lang);
  if (!p) {
    p = errorLoaders[lang]().then(
      (m) => {
        errorBundles[lang] = m.default as Messages;
        errorsPending.delete(lang);
      },
      () => {
        // Offline: the server's messages (French) stand in; the next error tries again.
        errorsPending.delete(lang);
      },
    );
    errorsPending.set(lang, p);
  }
  return p;
}

// Texts that come with the pages using them (e.g. pages/admin/texts.ts), per language.
const pageTexts: Record<Language, Messages[]> = { fr: [], en: [] };

/** Adds texts (whole namespaces) to `lang`: called by a page's module as it loads. */
export function addTexts(lang: Language, messages: Messages): void {
  pageTexts[lang].push(messages);
  // Keys looked up before may have been found missing.
  found.clear();
}

function walk(root: Messages | undefined, key: string): string | null {
  let node: string | Messages | undefined = root;
  for (const part of key.split('.')) {
    if (node === undefined || typeof node === 'string') return null;
    node = node[part];
  }
  return typeof node === 'string' ? node : null;
}

function loadBundle(lang: Exclude<Language, 'fr'>): Promise<void> {
  if (bundles[lang]) return Promise.resolve();
  let p = pending.get(lang);
  if (!p) {
    const errors = loadErrorTexts(lang);
    p = Promise.all([loaders[lang](), errors]).then(
      ([m]) => {
        bundles[lang] = m.default as Messages;
      },
      () => {
        // Not reachable now (offline, server restarted): the strings fall back to French, and the
        // next change of language tries again.
      },
    );
    pending.set(lang, p);
    void p.then(() => pending.delete(lang));
  }
  return p;
}

function readStoredLanguage(): Language {
  try {
    const stored = window.localStorage.getItem(LANGUAGE_STORAGE_KEY);
    return isLanguage(stored) ? stored : DEFAULT_LANGUAGE;
  } catch {
    // Storage may be disabled (private mode, strict settings): French then.
    return DEFAULT_LANGUAGE;
  }
}

let current: Language = DEFAULT_LANGUAGE;
let changingTo: Language | null = null;
const listeners = new Set<(lang: Language) => void>();
// Strings found, per language and key (null: no such key).
const found = new Map<string, string | null>();

function lookup(lang: Language, key: string): string | null {
  const id = `${lang}:${key}`;
  const hit = found.get(id);
  if (hit !== undefined) return hit;
  const root = key.startsWith('apiErrors.') ? errorBundles : bundles;
  let value = walk(root[lang], key);
  for (const texts of pageTexts[lang]) value ??= walk(texts, key);
  // A language still loading is not remembered as missing.
  if (root[lang]) found.set(id, value);
  return value;
}

/** The CLDR plural category of n (cardinal) in French or English, as Intl.PluralRules gives it. */
function pluralCategory(lang: Language, n: number): 'one' | 'many' | 'other' {
  const abs = Math.abs(n);
  if (lang === 'fr') {
    if (abs < 2) return 'one';
    return Number.isInteger(abs) && abs % 1_000_000 === 0 ? 'many' : 'other';
  }
  return abs === 1 ? 'one' : 'other';
}

const PLACEHOLDER = /\{\{(.+?)\}\}/g;
const defaults: TOptions = { company: BRAND.companyName };

function interpolate(text: string, options: TOptions | undefined): string {
  if (!text.includes('{{')) return text;
  return text.replace(PLACEHOLDER, (whole, raw: string) => {
    const name = raw.trim();
    const own = options !== undefined && Object.prototype.hasOwnProperty.call(options, name);
    const value = own ? options[name] : defaults[name];
    // A value not given at all leaves its placeholder visible (a missing value shows).
    if (value === undefined) return own ? '' : whole;
    return value === null ? '' : String(value);
  });
}

/**
 * The text of `key` ("dashboard.title") in the current language, or in French when the current
 * language has none; the key itself when neither has it. With a `count` (a number), the plural
 * form of the language comes first: key_zero (for 0), key_one, key_many (else key_other) or
 * key_other, then key.
 */
export const t: TFunction = (key, options) => {
  const count = options?.count;
  const plural = count !== undefined && typeof count !== 'string';
  const langs: Language[] = current === DEFAULT_LANGUAGE ? [current] : [current, DEFAULT_LANGUAGE];
  for (const lang of langs) {
    let text: string | null = null;
    if (plural) {
      const n = Number(count);
      const category = pluralCategory(lang, n);
      if (n === 0) text = lookup(lang, `${key}_zero`);
      text ??= lookup(lang, `${key}_${category}`);
      // French "many" (round millions) mostly has no form of its own: the plural then.
      if (category === 'many') text ??= lookup(lang, `${key}_other`);
    }
    text ??= lookup(lang, key);
    if (text !== null) return interpolate(text, options);
  }
  return key;
};

/**
 * Switches the interface to `lang` once its translations are in (English is fetched the first
 * time), then tells every component. Resolves when done; remembering the choice is the caller's.
 */
function switchTo(lang: Language): Promise<void> {
  changingTo = lang;
  const apply = () => {
    if (changingTo !== lang) return; // a later choice won
    changingTo = null;
    if (current === lang) return;
    current = lang;
    for (const l of [...listeners]) l(lang);
  };
  // Translations at hand: at once, as the user clicks.
  if (bundles[lang]) {
    apply();
    return Promise.resolve();
  }
  return loadBundle(lang as Exclude<Language, 'fr'>).then(apply);
}

/** What components and helpers use: the current language, t, and changes of language. */
const i18n = {
  get language(): Language {
    return current;
  },
  /** The language the strings actually come from (French until English is in). */
  get resolvedLanguage(): Language {
    return bundles[current] ? current : DEFAULT_LANGUAGE;
  },
  t,
  changeLanguage: switchTo,
  /** Calls `listener` after each change of language; returns the unsubscribe function. */
  onLanguageChanged(listener: (lang: Language) => void): () => void {
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
    };
  },
};

export default i18n;

/** Switches the language and remembers the choice in this browser. */
export function changeLanguage(lang: Language): Promise<unknown> {
  try {
    window.localStorage.setItem(LANGUAGE_STORAGE_KEY, lang);
  } catch {
    // Not remembered, but still switched for this visit.
  }
  return switchTo(lang);
}

i18n.onLanguageChanged((lng) => {
  document.documentElement.lang = lng;
});

const subscribe = (onChange: () => void) => i18n.onLanguageChanged(onChange);
const getLanguage = () => current;
// One t per language: a component (or an effect depending on t) renders again when it changes.
const tPerLanguage = new Map<Language, TFunction>();

/** t and i18n for a component, which renders again when the language changes. */
export function useTranslation(): { t: TFunction; i18n: typeof i18n } {
  const lang = useSyncExternalStore(subscribe, getLanguage, getLanguage);
  return useMemo(() => {
    let bound = tPerLanguage.get(lang);
    if (!bound) {
      bound = (key, options) => t(key, options);
      tPerLanguage.set(lang, bound);
    }
    return { t: bound, i18n };
  }, [lang]);
}

/**
 * Resolves once the remembered language is applied and its translations are in. The browser's
 * storage is read in a task of its own, not while the main file is evaluated: its first read in a
 * visit waits for the browser to open the site's storage, which made that task, already the
 * longest of the start, long enough to block a phone. A language chosen meanwhile (the account's,
 * once signed in) wins over the remembered one.
 */
export const i18nReady: Promise<unknown> = new Promise<void>((resolve) => {
  setTimeout(resolve, 0);
}).then(() => (changingTo === null && current === DEFAULT_LANGUAGE ? switchTo(readStoredLanguage()) : undefined));

document.documentElement.lang = DEFAULT_LANGUAGE;
