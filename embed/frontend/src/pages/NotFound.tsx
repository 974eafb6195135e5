import { Link } from '../components/Link.tsx';
import { useTranslation } from '../i18n/index.ts';
import { BRAND } from '../config.ts';
import { LanguageSwitch } from '../components/LanguageSwitch.tsx';
import { usePageMeta } from '../pageMeta.ts';

export default function NotFound() {
  const { t } = useTranslation();
  usePageMeta({ title: t('app.pageTitle', { page: t('notFound.title') }), indexable: false });

  return (
    <div className="flex min-h-dvh flex-col bg-gray-50">
      <header className="flex items-center justify-between gap-4 px-5 py-3 sm:px-8">
        <span className="flex items-center gap-3 font-bold tracking-wide text-brand-800">
          <img src={BRAND.logoUrl} alt="" width={36} height={36} className="size-9" />
          {BRAND.companyName}
        </span>
        <LanguageSwitch />
      </header>
      <main id="contenu" className="flex flex-1 items-center justify-center px-5 py-12">
        <div className="max-w-lg text-center">
          <p className="text-sm font-semibold tracking-wide text-brand-700 uppercase">{t('notFound.code')}</p>
          <h1 className="mt-2 text-3xl font-bold tracking-tight text-gray-900 sm:text-4xl">{t('notFound.heading')}</h1>
          <p className="mt-4 text-gray-700">{t('notFound.text')}</p>
          <Link to="/" className="mt-8 inline-flex min-h-12 items-center justify-center rounded-lg bg-brand-700 px-6 font-semibold text-white hover:bg-brand-800">
            {t('notFound.home')}
          </Link>
        </div>
      </main>
    </div>
  );
}
