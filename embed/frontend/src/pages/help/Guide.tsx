import { Fragment, useEffect, useState, type ReactNode } from 'react';
import { useLocation, useParams } from 'react-router';
import { useTranslation } from '../../i18n/index.ts';
import { useUser } from '../../auth/AuthContext.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { Link } from '../../components/Link.tsx';
import { Skeleton } from '../../components/Skeleton.tsx';
import { ChevronLeftIcon } from '../../components/icons.tsx';
import { usePageMeta } from '../../pageMeta.ts';
import { guidesFor, guidePath } from '../../help.ts';
import { HELP_PATH } from '../../config.ts';
import Forbidden from '../Forbidden.tsx';
import { imageUrl, isGuide, loadGuide, pdfUrl, type Guide as GuideData } from './guides.ts';
import type { Block, Inline } from './markdown.ts';

function Inlines({ c }: { c: Inline[] }): ReactNode {
  return c.map((i, k) => {
    switch (i.t) {
      case 'text':
        return <Fragment key={k}>{i.v}</Fragment>;
      case 'strong':
        return (
          <strong key={k} className="font-semibold text-gray-900">
            <Inlines c={i.c} />
          </strong>
        );
      case 'em':
        return (
          <em key={k}>
            <Inlines c={i.c} />
          </em>
        );
      case 'code':
        return (
          <code key={k} className="rounded bg-gray-100 px-1 py-0.5 text-[0.9em] break-words text-gray-900">
            {i.v}
          </code>
        );
      case 'link': {
        const internal = i.href.startsWith('/') || i.href.startsWith('#');
        const cls = 'font-semibold text-brand-800 underline underline-offset-2';
        return internal ? (
          <Link key={k} to={i.href.startsWith('#') ? window.location.pathname + i.href : i.href} className={cls}>
            <Inlines c={i.c} />
          </Link>
        ) : (
          <a key={k} href={i.href} className={cls} rel="noreferrer">
            <Inlines c={i.c} />
          </a>
        );
      }
    }
  });
}

const NOTE_STYLE = {
  see: 'border-emerald-700 bg-emerald-50',
  trouble: 'border-amber-600 bg-amber-50',
  info: 'border-gray-400 bg-gray-50',
};

function BlockView({ b }: { b: Block }) {
  switch (b.t) {
    case 'p':
      return (
        <p className="my-3 leading-relaxed text-gray-800">
          <Inlines c={b.c} />
        </p>
      );
    case 'list': {
      const Tag = b.ordered ? 'ol' : 'ul';
      return (
        <Tag className={`my-3 space-y-2 pl-6 leading-relaxed text-gray-800 ${b.ordered ? 'list-decimal' : 'list-disc'}`}>
          {b.items.map((it, k) => (
            <li key={k}>
              <Inlines c={it} />
            </li>
          ))}
        </Tag>
      );
    }
    case 'image': {
      const src = imageUrl(b.src);
      if (!src) return null;
      return (
        <figure className="my-5 break-inside-avoid">
          <img src={src} alt={b.alt} loading="lazy" className="max-h-[36rem] w-auto max-w-full rounded-lg shadow-sm ring-1 ring-gray-200 print:max-h-[22cm] print:shadow-none" />
          <figcaption className="mt-2 text-sm text-gray-700">{b.alt}</figcaption>
        </figure>
      );
    }
    case 'note':
      return (
        <div className={`my-4 rounded-r-lg border-l-4 px-4 py-3 break-inside-avoid ${NOTE_STYLE[b.kind]}`}>
          {b.c.map((p, k) => (
            <p key={k} className="my-1 leading-relaxed text-gray-900">
              <Inlines c={p} />
            </p>
          ))}
        </div>
      );
    case 'code':
      return <pre className="my-4 overflow-x-auto rounded-lg bg-gray-900 p-4 text-sm text-gray-50 print:whitespace-pre-wrap">{b.v}</pre>;
    case 'heading':
      return null;
  }
}

/** Waits until the pictures of the page are in (lazy ones included), for printing. */
export async function loadAllImages() {
  const imgs = [...document.querySelectorAll<HTMLImageElement>('main img')];
  for (const img of imgs) img.loading = 'eager';
  await Promise.all(imgs.map((img) => img.decode().catch(() => undefined)));
}

// /aide/:guide — one guide: its table of contents, its sections (each with an anchor), its PDF.
export default function Guide() {
  const { t, i18n } = useTranslation();
  const { guide: id } = useParams();
  const { hash } = useLocation();
  const user = useUser();
  const lang = i18n.language;
  const allowed = isGuide(id) && guidesFor(user.role).includes(id);
  const [guide, setGuide] = useState<GuideData | null>(null);
  const [failed, setFailed] = useState(false);
  usePageMeta({ title: t('app.pageTitle', { page: guide?.title ?? t('help.title') }), indexable: false });

  useEffect(() => {
    if (!allowed) return;
    let live = true;
    setFailed(false);
    loadGuide(id, lang)
      .then((g) => live && setGuide(g))
      .catch(() => live && setFailed(true));
    return () => {
      live = false;
    };
  }, [allowed, id, lang]);

  // An anchor (from a « ? » or a search result): once the guide is on screen, go to that section.
  useEffect(() => {
    if (!guide || !hash) return;
    const el = document.getElementById(decodeURIComponent(hash.slice(1)));
    if (!el) return;
    const go = () => el.scrollIntoView?.({ block: 'start' });
    go();
    el.focus({ preventScroll: true });
    // Pictures above the section load after the jump (lazily) and push it down the page: keep it
    // in place while they settle, until the reader scrolls on their own.
    let settled = false;
    const onLoad = (e: Event) => {
      if (!settled && e.target instanceof HTMLImageElement) go();
    };
    const stop = () => {
      settled = true;
    };
    document.addEventListener('load', onLoad, true);
    window.addEventListener('wheel', stop, { passive: true });
    window.addEventListener('touchmove', stop, { passive: true });
    window.addEventListener('keydown', stop);
    const timer = window.setTimeout(stop, 5000);
    return () => {
      window.clearTimeout(timer);
      document.removeEventListener('load', onLoad, true);
      window.removeEventListener('wheel', stop);
      window.removeEventListener('touchmove', stop);
      window.removeEventListener('keydown', stop);
    };
  }, [guide, hash]);

  if (!allowed) return <Forbidden />;
  const back = (
    <Link to={HELP_PATH} className="inline-flex min-h-11 items-center gap-1 underline-offset-4 hover:underline print:hidden">
      <ChevronLeftIcon className="size-4" />
      {t('help.back')}
    </Link>
  );
  if (failed) return <PageHeader eyebrow={back} title={t('help.loadError')} />;
  if (!guide || guide.id !== id) return <Skeleton rows={8} />;
  const pdf = pdfUrl(guide.id, lang) ?? pdfUrl(guide.id, 'fr');
  const toc = guide.sections.filter((s) => s.level === 2 || s.level === 3);
  const print = async () => {
    await loadAllImages();
    window.print();
  };
  return (
    <>
      <PageHeader
        eyebrow={back}
        title={guide.title}
        actions={
          <div className="flex flex-wrap gap-3 print:hidden">
            {pdf && (
              <a href={pdf} download={`${guide.id}.pdf`} className="inline-flex min-h-11 items-center rounded-lg bg-brand-700 px-4 font-semibold text-white hover:bg-brand-800">
                {t('help.pdf')}
              </a>
            )}
            <button
              type="button"
              onClick={() => void print()}
              className="inline-flex min-h-11 items-center rounded-lg border border-gray-400 bg-white px-4 font-semibold text-gray-900 hover:bg-gray-100"
            >
              {t('help.print')}
            </button>
          </div>
        }
      />
      <div className="lg:grid lg:grid-cols-[16rem_minmax(0,1fr)] lg:gap-8 print:block">
        <nav
          aria-label={t('help.toc')}
          className="mb-6 rounded-2xl bg-white p-5 shadow-sm ring-1 ring-gray-200 lg:sticky lg:top-6 lg:max-h-[calc(100dvh-3rem)] lg:self-start lg:overflow-y-auto print:shadow-none"
        >
          <h2 className="mb-2 font-bold text-gray-900">{t('help.toc')}</h2>
          <ol className="space-y-1 text-sm">
            {toc.map((s) => (
              <li key={s.id} className={s.level === 3 ? 'pl-4' : ''}>
                <Link to={guidePath(guide.id, s.id)} replace className="inline-flex min-h-11 items-center text-brand-800 underline-offset-2 hover:underline lg:min-h-8">
                  {s.title}
                </Link>
              </li>
            ))}
          </ol>
        </nav>
        <article className="min-w-0 rounded-2xl bg-white p-5 shadow-sm ring-1 ring-gray-200 sm:p-7 print:p-0 print:shadow-none print:ring-0">
          {guide.sections.map((s, k) => {
            const Heading = s.level === 3 ? 'h3' : 'h2';
            return (
              <section key={s.id || k} aria-labelledby={s.level > 1 ? s.id : undefined} className={s.level === 2 && k > 1 ? 'mt-8 border-t border-gray-200 pt-6' : ''}>
                {s.level > 1 && (
                  <Heading id={s.id} tabIndex={-1} className={`group scroll-mt-20 font-bold text-gray-900 outline-none ${s.level === 2 ? 'text-xl' : 'mt-6 text-lg'}`}>
                    {s.title}{' '}
                    <a href={`#${s.id}`} className="text-brand-700 no-underline opacity-60 group-hover:opacity-100 print:hidden" aria-label={t('help.anchor', { section: s.title })}>
                      #
                    </a>
                  </Heading>
                )}
                {s.blocks.map((b, j) => (
                  <BlockView key={j} b={b} />
                ))}
              </section>
            );
          })}
        </article>
      </div>
    </>
  );
}
