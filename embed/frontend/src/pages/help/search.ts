import { blockText, fold } from './markdown.ts';
import type { Section } from './markdown.ts';
import type { Guide } from './guides.ts';

export interface Hit {
  guide: Guide;
  section: Section;
  excerpt: string;
  score: number;
}

/**
 * The sections of the guides that contain every word of the query (accents and case aside), a
 * title match first. The guides are a few hundred lines: a scan on each keystroke is instant.
 */
export function searchGuides(guides: Guide[], query: string): Hit[] {
  const words = fold(query)
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length >= 2);
  if (!words.length) return [];
  const hits: Hit[] = [];
  for (const guide of guides) {
    for (const section of guide.sections) {
      if (!section.id || section.level === 1) continue;
      const body = section.blocks.map(blockText).join(' ');
      const title = fold(section.title);
      const text = fold(body);
      if (!words.every((w) => title.includes(w) || text.includes(w))) continue;
      const score = words.filter((w) => title.includes(w)).length * 10 + words.reduce((n, w) => n + text.split(w).length - 1, 0);
      hits.push({ guide, section, excerpt: excerpt(body, text, words[0]), score });
    }
  }
  return hits.sort((a, b) => b.score - a.score);
}

// About 160 characters around the first place the word appears (folding keeps the length of the
// text in these languages' precomposed letters, so positions match).
function excerpt(body: string, folded: string, word: string): string {
  const at = Math.max(0, folded.indexOf(word));
  const start = Math.max(0, at - 60);
  const cut = body.slice(start, start + 160).replace(/\*\*|`/g, '');
  return `${start > 0 ? '…' : ''}${cut}${start + 160 < body.length ? '…' : ''}`;
}
