import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { RichText, splitLinks } from './RichText.tsx';

describe('RichText (descriptions, notes, comments)', () => {
  it('turns http(s) addresses into links that open safely in a new tab', () => {
    render(<RichText text={'Maquettes : https://exemple.fr/maquettes.\nDoc : http://intranet.local/a?b=1'} />);
    const first = screen.getByRole('link', { name: /^https:\/\/exemple\.fr\/maquettes/ });
    expect(first).toHaveAttribute('href', 'https://exemple.fr/maquettes');
    expect(first).toHaveAttribute('rel', 'noopener noreferrer');
    expect(first).toHaveAttribute('target', '_blank');
    expect(screen.getByRole('link', { name: /^http:\/\/intranet/ })).toHaveAttribute('href', 'http://intranet.local/a?b=1');
  });

  it('never renders HTML, and links no other scheme', () => {
    const { container } = render(<RichText text={'<b>gras</b> <img src=x onerror=alert(1)> javascript:alert(1) data:text/html,x'} />);
    expect(container.querySelector('b, img')).toBeNull();
    expect(screen.queryByRole('link')).toBeNull();
    expect(container).toHaveTextContent('<b>gras</b> <img src=x onerror=alert(1)> javascript:alert(1)');
  });

  it('keeps the line breaks of the text', () => {
    const { container } = render(<RichText text={'ligne 1\nligne 2'} />);
    expect(container.firstElementChild).toHaveClass('whitespace-pre-line');
    expect(container.firstElementChild?.textContent).toBe('ligne 1\nligne 2');
  });

  it('leaves sentence punctuation out of an address, but keeps parentheses that belong to it', () => {
    expect(splitLinks('Voir https://a.fr/x, puis (https://b.fr/y).')).toEqual([
      { kind: 'text', text: 'Voir ' },
      { kind: 'link', href: 'https://a.fr/x' },
      { kind: 'text', text: ', puis (' },
      { kind: 'link', href: 'https://b.fr/y' },
      { kind: 'text', text: ').' },
    ]);
    expect(splitLinks('https://fr.wikipedia.org/wiki/Lyon_(ville)')).toEqual([{ kind: 'link', href: 'https://fr.wikipedia.org/wiki/Lyon_(ville)' }]);
  });
});
