import type { ReactNode } from 'react';
import { useTranslation } from '../i18n/index.ts';
import { BRAND } from '../config.ts';
import { useDesktop } from '../lib/media.ts';
import { LanguageSwitch } from './LanguageSwitch.tsx';
import { CheckCircleIcon, LockIcon } from './icons.tsx';

// Public pages (sign-in, forgotten password): a brand panel on the left on desktop,
// a compact red band on top on phones, and the form.
export function AuthLayout({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const features = ['featureProgress', 'featureDeliverables', 'featureMessages'] as const;
  // The brand panel's pitch only shows on desktop: a phone does not build it.
  const wide = useDesktop() !== false;

  return (
    <div className="relative flex min-h-dvh flex-col lg:flex-row">
      <a href="#contenu" className="sr-only z-20 rounded-md bg-white px-4 py-3 font-semibold text-brand-800 focus:not-sr-only focus:absolute focus:top-3 focus:left-3">
        {t('app.skipToContent')}
      </a>

      <header className="on-brand relative overflow-hidden bg-brand-700 text-white lg:flex lg:w-[42%] lg:max-w-2xl lg:flex-col lg:justify-between lg:px-14 lg:py-12 xl:px-20">
        {/* Soft shapes behind the text (decorative). */}
        {wide && (
          <div aria-hidden="true" className="pointer-events-none absolute inset-0 hidden lg:block">
            <div className="absolute -top-32 -right-32 size-96 rounded-full bg-brand-600/60" />
            <div className="absolute -bottom-40 -left-24 size-[28rem] rounded-full bg-brand-800/70" />
          </div>
        )}

        <div className="relative flex min-h-16 items-center py-3 pr-28 pl-5 lg:p-0">
          <img src={BRAND.logoUrl} alt="" width={40} height={40} className="size-9 rounded-lg ring-2 ring-white/70 lg:size-12" />
          <p className="ml-3 leading-tight">
            <span className="block text-base font-bold tracking-wide lg:text-xl">{BRAND.companyName}</span>
            <span className="block text-sm text-brand-100">{t('brand.portalName')}</span>
          </p>
        </div>

        {wide && (
          <div className="relative hidden lg:block">
            <p className="max-w-md text-3xl leading-tight font-semibold xl:text-4xl">{t('brand.pitch')}</p>
            <ul aria-label={t('brand.featuresLabel')} className="mt-10 space-y-5 text-lg text-brand-50">
              {features.map((key) => (
                <li key={key} className="flex items-start gap-3">
                  <CheckCircleIcon className="mt-1 size-6 shrink-0 text-white" />
                  <span>{t(`brand.${key}`)}</span>
                </li>
              ))}
            </ul>
          </div>
        )}

        {wide && (
          <p className="relative hidden items-center gap-2 text-sm text-brand-100 lg:flex">
            <LockIcon />
            {t('brand.secure')}
          </p>
        )}
      </header>

      <aside aria-label={t('language.label')} className="absolute top-2.5 right-3 z-10 lg:top-6 lg:right-8">
        <LanguageSwitch tone="responsive" />
      </aside>

      <div className="flex flex-1 flex-col bg-white sm:bg-gray-50">
        <main id="contenu" tabIndex={-1} className="flex flex-1 items-start justify-center px-5 pt-8 pb-10 sm:items-center sm:px-8 lg:pt-24">
          <div className="w-full max-w-md sm:rounded-2xl sm:bg-white sm:p-8 sm:shadow-sm sm:ring-1 sm:ring-gray-200 lg:p-10">{children}</div>
        </main>
        <footer className="px-5 pb-6 text-center text-sm text-gray-600">{t('app.footer')}</footer>
      </div>
    </div>
  );
}
