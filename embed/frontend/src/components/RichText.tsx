import { Fragment, type ReactNode } from 'react';
import { useTranslation } from '../i18n/index.ts';

// Web addresses in a text typed by someone: http(s) only (never javascript: or data:).
const URL_RE = /\bhttps?:\/\/[^\s<>"«»]+/gi;
// Punctuation that ends a sentence rather than the address.
const TRAILING = /[.,;:!?)\]'’]+$/;

export type TextPart = { kind: 'text'; text: string } | { kind: 'link'; href: string };

/** Cuts a text into plain parts and http(s) links (exported for tests). */
export function splitLinks(text: string): TextPart[] {
  const parts: TextPart[] = [];
  let last = 0;
  for (const match of text.matchAll(URL_RE)) {
    let href = match[0];
    const trail = TRAILING.exec(href);
    // A closing parenthesis belongs to the address when it opened one: https://fr.wikipedia.org/wiki/X_(Y)
    if (trail) href = href.slice(0, href.length - trail[0].length);
    if (href.includes('(') && trail?.[0].startsWith(')')) href += ')';
    const start = match.index ?? 0;
    if (start > last) parts.push({ kind: 'text', text: text.slice(last, start) });
    parts.push({ kind: 'link', href });
    last = start + href.length;
  }
  if (last < text.length) parts.push({ kind: 'text', text: text.slice(last) });
  return parts;
}

// A text typed by someone (a description, a note, a comment) shown as it was typed: plain text
// (never HTML), its line breaks kept, its web addresses as links that open in a new tab.
export function RichText({ text, className = '' }: { text: string; className?: string }) {
  const { t } = useTranslation();
  const nodes: ReactNode[] = splitLinks(text).map((part, i) =>
    part.kind === 'text' ? (
      <Fragment key={i}>{part.text}</Fragment>
    ) : (
      <a key={i} href={part.href} target="_blank" rel="noopener noreferrer" className="font-medium text-brand-700 underline underline-offset-2 hover:text-brand-800">
        {part.href} <span className="sr-only">{t('app.newTab')}</span>
      </a>
    ),
  );
  return <div className={`whitespace-pre-line wrap-anywhere ${className}`}>{nodes}</div>;
}
