import { changeLanguage, LANGUAGES, useTranslation, type Language } from '../i18n/index.ts';

// FR / EN switch, remembered in localStorage (and, once signed in, in the account: onChange).
// `tone` adapts it to a red or white background.
export function LanguageSwitch({ tone = 'light', className = '', onChange }: { tone?: 'light' | 'brand' | 'responsive'; className?: string; onChange?: (lang: Language) => void }) {
  const { t, i18n } = useTranslation();
  const current = (i18n.resolvedLanguage ?? 'fr') as Language;

  const styles = {
    light: {
      group: 'border-gray-300 bg-white',
      on: 'bg-brand-700 text-white',
      off: 'text-gray-700 hover:bg-brand-50 hover:text-brand-800',
    },
    brand: {
      group: 'border-white/50',
      on: 'bg-white text-brand-800',
      off: 'text-white hover:bg-white/15 focus-visible:outline-white',
    },
    responsive: {
      group: 'border-white/50 lg:border-gray-300 lg:bg-white',
      on: 'bg-white text-brand-800 lg:bg-brand-700 lg:text-white',
      off: 'text-white hover:bg-white/15 focus-visible:outline-white lg:text-gray-700 lg:hover:bg-brand-50 lg:hover:text-brand-800 lg:focus-visible:outline-brand-600',
    },
  }[tone];

  return (
    <div role="group" aria-label={t('language.label')} className={`inline-flex rounded-lg border p-0.5 ${styles.group} ${className}`}>
      {LANGUAGES.map((lang) => {
        const active = lang === current;
        return (
          <button
            key={lang}
            type="button"
            lang={lang}
            aria-pressed={active}
            title={t(`language.${lang}`)}
            onClick={() => {
              if (active) return;
              if (onChange) onChange(lang);
              else void changeLanguage(lang);
            }}
            className={`min-h-11 min-w-11 rounded-md px-2 text-sm font-semibold transition-colors ${active ? styles.on : styles.off}`}
          >
            {t(`language.${lang}Short`)}
          </button>
        );
      })}
    </div>
  );
}
