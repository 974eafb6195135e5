import { useTranslation } from '../i18n/index.ts';
import { ButtonLink } from '../components/Button.tsx';
import { HOME_PATH } from '../config.ts';
import { usePageMeta } from '../pageMeta.ts';

// What a signed-in user sees at an address that is not for them: the same words as a missing
// page, so that nothing tells whether it exists.
export default function Forbidden() {
  const { t } = useTranslation();
  usePageMeta({ title: t('app.pageTitle', { page: t('notFound.title') }), indexable: false });
  return (
    <div className="mx-auto max-w-lg py-10 text-center">
      <p className="text-sm font-semibold tracking-wide text-brand-700 uppercase">{t('notFound.code')}</p>
      <h1 className="mt-2 text-3xl font-bold tracking-tight text-gray-900">{t('notFound.heading')}</h1>
      <p className="mt-4 text-gray-700">{t('notFound.privateText')}</p>
      <ButtonLink to={HOME_PATH} variant="primary" className="mt-8 min-h-12 px-6 text-base">
        {t('notFound.home')}
      </ButtonLink>
    </div>
  );
}
