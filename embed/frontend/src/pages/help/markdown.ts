// The guides' Markdown, read into blocks the help pages render. The guides are written in the
// repository by the team, so only what they use is understood: headings with an explicit anchor
// (`## Titre {#ancre}`), paragraphs, lists (numbered or not), images alone on their line, notes
// (`> **Ce que vous verrez :** …`), fenced code, and inline **bold**, *italic*, `code`, [links](…).
// No HTML is ever passed through: everything becomes React elements.

export type Inline = { t: 'text'; v: string } | { t: 'strong'; c: Inline[] } | { t: 'em'; c: Inline[] } | { t: 'code'; v: string } | { t: 'link'; href: string; c: Inline[] };

export type Block =
  | { t: 'heading'; level: 1 | 2 | 3; id: string; text: string; c: Inline[] }
  | { t: 'p'; c: Inline[] }
  | { t: 'list'; ordered: boolean; items: Inline[][] }
  | { t: 'image'; alt: string; src: string }
  | { t: 'note'; kind: 'see' | 'trouble' | 'info'; c: Inline[][] }
  | { t: 'code'; v: string };

/** A section of a guide: a level-2 or level-3 heading and the blocks under it. */
export interface Section {
  id: string;
  level: 1 | 2 | 3;
  title: string;
  blocks: Block[];
}

/** The anchor of a heading without an explicit one: lower case, no accents, words joined by "-". */
export function slug(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

const INLINE = /\*\*(.+?)\*\*|\*(.+?)\*|`([^`]+)`|\[([^\]]+)\]\(([^)\s]+)\)/g;

export function parseInline(src: string): Inline[] {
  const out: Inline[] = [];
  let last = 0;
  for (const m of src.matchAll(INLINE)) {
    if (m.index > last) out.push({ t: 'text', v: src.slice(last, m.index) });
    if (m[1] !== undefined) out.push({ t: 'strong', c: parseInline(m[1]) });
    else if (m[2] !== undefined) out.push({ t: 'em', c: parseInline(m[2]) });
    else if (m[3] !== undefined) out.push({ t: 'code', v: m[3] });
    else out.push({ t: 'link', href: m[5], c: parseInline(m[4]) });
    last = m.index + m[0].length;
  }
  if (last < src.length) out.push({ t: 'text', v: src.slice(last) });
  return out;
}

/** The text of inline content (for search and the table of contents). */
export function plain(c: Inline[]): string {
  return c.map((i) => (i.t === 'text' || i.t === 'code' ? i.v : plain(i.c))).join('');
}

const NOTE_KINDS: [RegExp, 'see' | 'trouble'][] = [
  [/^\*\*(ce que vous verrez|what you will see)/i, 'see'],
  [/^\*\*(si cela ne marche pas|if it does not work)/i, 'trouble'],
];

export function parse(md: string): Block[] {
  const lines = md.replace(/\r\n?/g, '\n').split('\n');
  const blocks: Block[] = [];
  let i = 0;
  const para: string[] = [];
  const flush = () => {
    if (para.length) blocks.push({ t: 'p', c: parseInline(para.join(' ')) });
    para.length = 0;
  };
  while (i < lines.length) {
    const line = lines[i];
    const trimmed = line.trim();
    let m: RegExpMatchArray | null;
    if (trimmed === '') {
      flush();
      i++;
    } else if (trimmed.startsWith('```')) {
      flush();
      const code: string[] = [];
      for (i++; i < lines.length && !lines[i].trim().startsWith('```'); i++) code.push(lines[i]);
      blocks.push({ t: 'code', v: code.join('\n') });
      i++;
    } else if ((m = /^(#{1,3})\s+(.*?)(?:\s+\{#([a-z0-9-]+)\})?\s*$/.exec(line))) {
      flush();
      const c = parseInline(m[2]);
      const text = plain(c);
      blocks.push({ t: 'heading', level: m[1].length as 1 | 2 | 3, id: m[3] ?? slug(text), text, c });
      i++;
    } else if ((m = /^!\[([^\]]*)\]\(([^)\s]+)\)\s*$/.exec(trimmed))) {
      flush();
      blocks.push({ t: 'image', alt: m[1], src: m[2] });
      i++;
    } else if (trimmed.startsWith('>')) {
      flush();
      const paras: string[][] = [[]];
      for (; i < lines.length && lines[i].trim().startsWith('>'); i++) {
        const body = lines[i].trim().replace(/^>\s?/, '');
        if (body === '') paras.push([]);
        else paras[paras.length - 1].push(body);
      }
      const text = paras.filter((p) => p.length).map((p) => p.join(' '));
      const kind = NOTE_KINDS.find(([re]) => re.test(text[0] ?? ''))?.[1] ?? 'info';
      blocks.push({ t: 'note', kind, c: text.map(parseInline) });
    } else if ((m = /^(\s*)([-*•]|\d+[.)])\s+(.*)$/.exec(line))) {
      flush();
      const ordered = /\d/.test(m[2]);
      const items: string[] = [];
      while (i < lines.length) {
        const l = lines[i];
        const item = /^\s*([-*•]|\d+[.)])\s+(.*)$/.exec(l);
        if (item) items.push(item[2]);
        else if (/^\s+\S/.test(l) && items.length) items[items.length - 1] += ` ${l.trim()}`;
        else break;
        i++;
      }
      blocks.push({ t: 'list', ordered, items: items.map(parseInline) });
    } else {
      para.push(trimmed);
      i++;
    }
  }
  flush();
  return blocks;
}

/** Cuts a guide's blocks into sections at each heading (the blocks before the first one go under the title). */
export function sections(blocks: Block[]): Section[] {
  const out: Section[] = [];
  for (const b of blocks) {
    if (b.t === 'heading') out.push({ id: b.id, level: b.level, title: b.text, blocks: [] });
    else if (out.length) out[out.length - 1].blocks.push(b);
    else out.push({ id: '', level: 1, title: '', blocks: [b] });
  }
  return out;
}

/** The words of a block, for the search across guides. */
export function blockText(b: Block): string {
  switch (b.t) {
    case 'heading':
      return b.text;
    case 'p':
      return plain(b.c);
    case 'list':
      return b.items.map(plain).join(' ');
    case 'note':
      return b.c.map(plain).join(' ');
    case 'image':
      return b.alt;
    case 'code':
      return b.v;
  }
}

/** Lower case without accents: « Retour », « retours » and « RETOUR » all match « retour ». */
export function fold(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
}
