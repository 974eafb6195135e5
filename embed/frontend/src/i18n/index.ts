import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { BRAND, LANGUAGE_STORAGE_KEY } from '../config.ts';
import fr from './fr.json';
import en from './en.json';

export const LANGUAGES = ['fr', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'fr';

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
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

export function changeLanguage(lang: Language): Promise<unknown> {
  try {
    window.localStorage.setItem(LANGUAGE_STORAGE_KEY, lang);
  } catch {
    // Not remembered, but still switched for this visit.
  }
  return i18n.changeLanguage(lang);
}

i18n.on('languageChanged', (lng) => {
  document.documentElement.lang = lng;
});

void i18n.use(initReactI18next).init({
  resources: {
    fr: { translation: fr },
    en: { translation: en },
  },
  lng: readStoredLanguage(),
  fallbackLng: DEFAULT_LANGUAGE,
  supportedLngs: [...LANGUAGES],
  // The company name is a setting: available to every string as {{company}}.
  interpolation: { escapeValue: false, defaultVariables: { company: BRAND.companyName } },
  react: { useSuspense: false },
  initAsync: false,
});

export default i18n;

document.documentElement.lang = i18n.resolvedLanguage ?? DEFAULT_LANGUAGE;
