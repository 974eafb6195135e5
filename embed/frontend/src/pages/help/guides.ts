// The guides of guides/ (French) and guides/en/ (English), bundled with the help pages: each
// Markdown file, each screenshot and each PDF becomes a hashed file of the bundle, so the binary
// serves them without any network. A guide is fetched as text when read (a file, not a script
// chunk: nothing to parse as code, and the service worker caches it like the other files).
import type { GuideId } from '../../help.ts';
import type { Language } from '../../i18n/index.ts';
import { parse, sections, type Section } from './markdown.ts';

const FILES: Record<GuideId, string> = {
  client: 'guide-client.md',
  administrateur: 'guide-administrateur.md',
  exploitation: 'guide-exploitation.md',
  nouveautes: 'nouveautes.md',
};

const sources = import.meta.glob<string>(['../../../../../guides/*.md', '../../../../../guides/en/*.md'], { query: '?url', import: 'default', eager: true });
const images = import.meta.glob<string>('../../../../../guides/images/*.png', { query: '?url', import: 'default', eager: true });
const pdfs = import.meta.glob<string>('../../../../../guides/pdf/*.pdf', { query: '?url', import: 'default', eager: true });

const base = (p: string) => p.slice(p.lastIndexOf('/') + 1);
const imageByName = new Map(Object.entries(images).map(([k, v]) => [base(k), v]));
const pdfByName = new Map(Object.entries(pdfs).map(([k, v]) => [base(k), v]));

export function isGuide(id: string | undefined): id is GuideId {
  return id !== undefined && Object.hasOwn(FILES, id);
}

/** The bundled address of a guide's picture (`images/x.png` or `../images/x.png`), or undefined. */
export function imageUrl(src: string): string | undefined {
  return imageByName.get(base(src));
}

/** The printable PDF of a guide in a language (guides/pdf/<guide>-<lang>.pdf), when it was made. */
export function pdfUrl(guide: GuideId, lang: Language): string | undefined {
  return pdfByName.get(`${guide}-${lang}.pdf`);
}

export interface Guide {
  id: GuideId;
  title: string;
  sections: Section[];
}

const cache = new Map<string, Promise<Guide>>();

async function fetchText(url: string): Promise<string> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: ${res.status}`);
  return res.text();
}

/** A guide in a language (English falls back to French for a guide not yet translated). */
export function loadGuide(id: GuideId, lang: Language): Promise<Guide> {
  const key = `${id}-${lang}`;
  let p = cache.get(key);
  if (!p) {
    const url = (lang === 'en' && sources[`../../../../../guides/en/${FILES[id]}`]) || sources[`../../../../../guides/${FILES[id]}`];
    p = fetchText(url).then((md) => {
      const all = sections(parse(md));
      const title = all[0]?.level === 1 ? all[0].title : id;
      return { id, title, sections: all };
    });
    p.catch(() => cache.delete(key));
    cache.set(key, p);
  }
  return p;
}
