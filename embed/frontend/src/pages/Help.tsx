import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from '../i18n/index.ts';
import { useUser } from '../auth/AuthContext.tsx';
import { PageHeader, Section } from '../components/PageHeader.tsx';
import { Link } from '../components/Link.tsx';
import { SearchField } from '../components/SearchField.tsx';
import { usePageMeta } from '../pageMeta.ts';
import { guidePath, guidesFor } from '../help.ts';
import { loadGuide, type Guide } from './help/guides.ts';
import { searchGuides } from './help/search.ts';

// /aide: the guides the signed-in role may read, and a search across all of them.
export default function Help() {
  const { t, i18n } = useTranslation();
  usePageMeta({ title: t('app.pageTitle', { page: t('help.title') }), indexable: false });
  const user = useUser();
  const lang = i18n.language;
  const ids = guidesFor(user.role);
  const [guides, setGuides] = useState<Guide[] | null>(null);
  const [failed, setFailed] = useState(false);
  const [query, setQuery] = useState('');

  useEffect(() => {
    let live = true;
    Promise.all(ids.map((id) => loadGuide(id, lang)))
      .then((g) => live && setGuides(g))
      .catch(() => live && setFailed(true));
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [lang, user.role]);

  const hits = useMemo(() => (guides && query.trim().length >= 2 ? searchGuides(guides, query) : null), [guides, query]);

  return (
    <>
      <PageHeader title={t('help.title')}>{t('help.intro')}</PageHeader>
      <div className="space-y-6">
        <div className="rounded-2xl bg-white p-5 shadow-sm ring-1 ring-gray-200 sm:p-7">
          <div role="search">
            <SearchField label={t('help.search')} value={query} onChange={setQuery} placeholder={t('help.searchPlaceholder')} />
          </div>
          {hits && (
            <div className="mt-5" aria-live="polite">
              <h2 className="mb-3 font-bold text-gray-900">{t('help.results', { count: hits.length })}</h2>
              {hits.length === 0 ? (
                <p className="text-gray-700">{t('help.noResult')}</p>
              ) : (
                <ul className="divide-y divide-gray-200">
                  {hits.slice(0, 30).map((h) => (
                    <li key={`${h.guide.id}-${h.section.id}`} className="py-3">
                      <Link to={guidePath(h.guide.id, h.section.id)} className="font-semibold text-brand-800 underline-offset-4 hover:underline">
                        {h.section.title}
                      </Link>
                      <span className="text-sm text-gray-700"> — {h.guide.title}</span>
                      <p className="mt-1 text-sm text-gray-700">{h.excerpt}</p>
                    </li>
                  ))}
                </ul>
              )}
            </div>
          )}
        </div>
        <Section id="guides" title={t('help.guidesTitle')} description={t('help.guidesIntro')}>
          {failed ? (
            <p className="text-gray-800">{t('help.loadError')}</p>
          ) : (
            <ul className="grid gap-4 sm:grid-cols-2">
              {ids.map((id) => (
                <li key={id} className="rounded-xl p-4 ring-1 ring-gray-200">
                  <Link to={guidePath(id)} className="text-lg font-semibold text-brand-800 underline-offset-4 hover:underline">
                    {t(`help.guide.${id}`)}
                  </Link>
                  <p className="mt-1 text-sm text-gray-700">{t(`help.guideAbout.${id}`)}</p>
                </li>
              ))}
            </ul>
          )}
          <p className="mt-6 text-gray-700">{t('help.contact')}</p>
        </Section>
      </div>
    </>
  );
}
