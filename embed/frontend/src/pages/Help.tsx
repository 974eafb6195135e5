import { useTranslation } from '../i18n/index.ts';
import { useUser } from '../auth/AuthContext.tsx';
import { PageHeader, Section } from '../components/PageHeader.tsx';
import { usePageMeta } from '../pageMeta.ts';

// Where the detailed guides live: in the portal's repository and release archive (guides/).
const GUIDES = {
  client: 'guides/guide-client.md',
  admin: 'guides/guide-administrateur.md',
  ops: 'guides/guide-exploitation.md',
} as const;

// The short built-in help of each role, and the guides for the details.
export default function Help() {
  const { t } = useTranslation();
  usePageMeta({ title: t('app.pageTitle', { page: t('help.title') }), indexable: false });
  const user = useUser();
  const admin = user.role === 'admin';
  const items = admin ? (['admin1', 'admin4', 'admin5', 'admin6', 'admin2', 'admin3'] as const) : (['client1', 'client4', 'client5', 'client6', 'client2', 'client3'] as const);
  const guides = admin ? (['guideAdmin', 'guideClient', 'guideOps'] as const) : (['guideClient'] as const);
  const href = { guideClient: GUIDES.client, guideAdmin: GUIDES.admin, guideOps: GUIDES.ops };
  return (
    <>
      <PageHeader title={t('help.title')}>{t('help.intro')}</PageHeader>
      <div className="space-y-6">
        <div className="rounded-2xl bg-white p-5 shadow-sm ring-1 ring-gray-200 sm:p-7">
          <ul className="list-disc space-y-3 pl-5 text-gray-800">
            {items.map((k) => (
              <li key={k}>{t(`help.${k}`)}</li>
            ))}
          </ul>
          <p className="mt-6 text-gray-700">{t('help.contact')}</p>
        </div>
        <Section id="guides" title={t('help.guidesTitle')} description={t('help.guidesIntro')}>
          <ul className="space-y-1">
            {guides.map((g) => (
              <li key={g} className="flex flex-wrap items-baseline gap-x-2 py-1">
                <span className="font-semibold text-gray-900">{t(`help.${g}`)}</span>
                <code className="rounded bg-gray-100 px-1.5 py-0.5 text-sm break-all text-gray-900">{href[g]}</code>
              </li>
            ))}
          </ul>
        </Section>
      </div>
    </>
  );
}
