import { useTranslation } from 'react-i18next';
import { useUser } from '../auth/AuthContext.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { usePageMeta } from '../pageMeta.ts';

// The short built-in help of each role (placeholder: the guides come with the later features).
export default function Help() {
  const { t } = useTranslation();
  usePageMeta({ title: t('app.pageTitle', { page: t('help.title') }), indexable: false });
  const user = useUser();
  const items = user.role === 'admin' ? (['admin1', 'admin4', 'admin2', 'admin3'] as const) : (['client1', 'client4', 'client2', 'client3'] as const);
  return (
    <>
      <PageHeader title={t('help.title')}>{t('help.intro')}</PageHeader>
      <div className="rounded-2xl bg-white p-5 shadow-sm ring-1 ring-gray-200 sm:p-7">
        <ul className="list-disc space-y-3 pl-5 text-gray-800">
          {items.map((k) => (
            <li key={k}>{t(`help.${k}`)}</li>
          ))}
        </ul>
        <p className="mt-6 text-gray-700">{t('help.contact')}</p>
      </div>
    </>
  );
}
