import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HELP_TOPICS } from '../../help.ts';
import { parse, sections, slug, fold } from './markdown.ts';
import { searchGuides } from './search.ts';

// The tests run from embed/frontend (jsdom gives import.meta.url an http: scheme).
const root = resolve(process.cwd(), '../../guides');
const read = (p: string) => readFileSync(join(root, p), 'utf8');
const FILES: Record<string, string> = { client: 'guide-client.md', administrateur: 'guide-administrateur.md', exploitation: 'guide-exploitation.md', nouveautes: 'nouveautes.md' };

describe('the guides', () => {
  const images = new Set(readdirSync(join(root, 'images')));
  for (const [id, file] of Object.entries(FILES)) {
    for (const lang of ['fr', 'en']) {
      const path = lang === 'fr' ? file : `en/${file}`;
      it(`${path}: anchors unique, every picture exists, same sections in both languages`, () => {
        const blocks = parse(read(path));
        const ids = blocks.flatMap((b) => (b.t === 'heading' && b.level > 1 ? [b.id] : []));
        expect(new Set(ids).size).toBe(ids.length);
        for (const b of blocks) if (b.t === 'image') expect(images, `${path}: ${b.src}`).toContain(b.src.split('/').pop());
        const fr = parse(read(file)).flatMap((b) => (b.t === 'heading' && b.level > 1 ? [b.id] : []));
        expect(ids, `${path} has the French guide's sections, in order`).toEqual(fr);
        void id;
      });
    }
  }

  it('every « ? » of a screen leads to a section that exists, in both languages', () => {
    for (const [topic, roles] of Object.entries(HELP_TOPICS)) {
      for (const [guide, anchor] of Object.values(roles)) {
        for (const path of [FILES[guide], `en/${FILES[guide]}`]) {
          const ids = parse(read(path)).flatMap((b) => (b.t === 'heading' ? [b.id] : []));
          expect(ids, `${topic} → ${path}#${anchor}`).toContain(anchor);
        }
      }
    }
  });
});

describe('the Markdown reader', () => {
  it('reads headings with anchors, lists with continued lines, notes, pictures and inline marks', () => {
    const blocks = parse(
      [
        '# Titre',
        '',
        '## Valider un livrable {#livrables}',
        '',
        '1. Cliquez sur **Télécharger**',
        '   puis vérifiez.',
        '2. `SHA-256` et [le README](https://example.com/readme).',
        '',
        '> **Ce que vous verrez :** la version',
        '> porte « Validée ».',
        '',
        '![Capture](images/x.png)',
        '',
        '### Sans ancre',
      ].join('\n'),
    );
    expect(blocks.map((b) => b.t)).toEqual(['heading', 'heading', 'list', 'note', 'image', 'heading']);
    expect(blocks[1]).toMatchObject({ level: 2, id: 'livrables', text: 'Valider un livrable' });
    expect(blocks[2]).toMatchObject({ ordered: true });
    expect(blocks[2].t === 'list' && blocks[2].items[0]).toEqual([
      { t: 'text', v: 'Cliquez sur ' },
      { t: 'strong', c: [{ t: 'text', v: 'Télécharger' }] },
      { t: 'text', v: ' puis vérifiez.' },
    ]);
    expect(blocks[3]).toMatchObject({ kind: 'see' });
    expect(blocks[5]).toMatchObject({ id: 'sans-ancre' });
    expect(slug('D’où vient le « 42 % » ?')).toBe('d-ou-vient-le-42');
    expect(fold('Échéance RETOUR')).toBe('echeance retour');
  });

  it('finds « retour » in a section title before a mere mention', () => {
    const guide = (id: 'client' | 'administrateur', md: string) => ({ id, title: id, sections: sections(parse(md)) });
    const hits = searchGuides(
      [guide('client', '# C\n\n## Messages {#m}\n\nUn retour possible.\n\n## Les retours {#r}\n\nOuvrir un retour.'), guide('administrateur', '# A\n\n## Statistiques {#s}\n\nRien.')],
      'retour',
    );
    expect(hits.map((h) => h.section.id)).toEqual(['r', 'm']);
    expect(searchGuides([guide('client', '# C\n\n## X {#x}\n\nabc')], 'zzz')).toEqual([]);
  });
});

describe('days typed in the French order', () => {
  it('reads jj/mm/aaaa (and ISO), refuses impossible days', async () => {
    const { parseDay } = await import('../../components/FormField.tsx');
    expect(parseDay('25/11/2026')).toBe('2026-11-25');
    expect(parseDay('5.1.2027')).toBe('2027-01-05');
    expect(parseDay('2026-11-25')).toBe('2026-11-25');
    expect(parseDay('')).toBe('');
    expect(parseDay('31/02/2026')).toBeNull();
    expect(parseDay('11/25/2026')).toBeNull();
    expect(parseDay('25/11')).toBeNull();
  });
});
