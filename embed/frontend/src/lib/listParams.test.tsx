import { act, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter, useLocation, useNavigationType } from 'react-router';
import { describe, expect, it } from 'vitest';
import { param, useListParams, useTypedFilter, type SortParam } from './listParams.ts';

const STATUSES = ['en_cours', 'en_pause', 'termine'] as const;
const FILTERS = {
  status: param.oneOf('statut', STATUSES, ''),
  client: param.id('client'),
  late: param.flag('retard'),
  from: param.day('du'),
  role: param.oneOf('role', ['admin', 'client'] as const, '', { admin: 'administrateurs' }),
  q: param.text('q'),
};
const SORT: SortParam<'deadline' | 'name' | 'updated'> = {
  name: 'tri',
  keys: ['deadline', 'name', 'updated'],
  fallback: { key: 'deadline', dir: 'asc' },
  natural: { updated: 'desc' },
};

type List = ReturnType<typeof useListParams<{ [K in keyof typeof FILTERS]: ReturnType<(typeof FILTERS)[K]['parse']> }, 'deadline' | 'name' | 'updated'>>;

// Renders the hook at `url`; `current.list` is what it answers at the last render.
function mount(url: string) {
  const current: { list?: List; search?: string; navigation?: string } = {};
  function Probe() {
    const list = useListParams(FILTERS, SORT);
    current.list = list;
    const location = useLocation();
    current.search = location.search;
    current.navigation = useNavigationType();
    const [draft, setDraft] = useTypedFilter(list.filters.q, (v) => list.setFilters({ q: v }, { replace: true }), 50);
    return <input aria-label="Recherche" value={draft} onChange={(e) => setDraft(e.target.value)} />;
  }
  render(
    <MemoryRouter initialEntries={[url]}>
      <Probe />
    </MemoryRouter>,
  );
  return current as Required<typeof current>;
}

describe('useListParams', () => {
  it('reads typed filters, the page and the sort from the address; unknown values read as the defaults', () => {
    const c = mount('/x?statut=en_pause&client=12&retard=1&du=2026-11-01&role=administrateurs&q=alpha&tri=-name&page=3');
    expect(c.list.filters).toEqual({ status: 'en_pause', client: 12, late: true, from: '2026-11-01', role: 'admin', q: 'alpha' });
    expect(c.list.page).toBe(3);
    expect(c.list.sort).toEqual({ key: 'name', dir: 'desc' });
    expect(c.list.filtered).toBe(true);

    const d = mount('/x?statut=inconnu&client=abc&retard=oui&du=hier&role=admin&tri=prix&page=-2');
    expect(d.list.filters).toEqual({ status: '', client: 0, late: false, from: '', role: '', q: '' });
    expect(d.list.page).toBe(1);
    expect(d.list.sort).toEqual({ key: 'deadline', dir: 'asc' });
    expect(d.list.filtered).toBe(false);
  });

  it('writes a filter change back (defaults left out) and goes back to page 1', () => {
    const c = mount('/x?statut=en_cours&page=4');
    act(() => c.list.setFilters({ client: 7, late: true, status: '' }));
    expect(c.search).toBe('?client=7&retard=1');
    expect(c.navigation).toBe('PUSH');
    expect(c.list.page).toBe(1);
    act(() => c.list.setPage(2));
    expect(c.search).toBe('?client=7&retard=1&page=2');
    act(() => c.list.setPage(1));
    expect(c.search).toBe('?client=7&retard=1');
  });

  it('writes the sort as its key, "-key" the other way round, nothing for the default; unknown keys are ignored', () => {
    const c = mount('/x?page=2');
    act(() => c.list.setSort({ key: 'name', dir: 'asc' }));
    expect(c.search).toBe('?tri=name');
    act(() => c.list.setSort({ key: 'updated', dir: 'desc' })); // its natural direction
    expect(c.search).toBe('?tri=updated');
    act(() => c.list.setSort({ key: 'updated', dir: 'asc' }));
    expect(c.search).toBe('?tri=-updated');
    expect(c.list.sort).toEqual({ key: 'updated', dir: 'asc' });
    act(() => c.list.setSort({ key: 'deadline', dir: 'asc' }));
    expect(c.search).toBe('');
    act(() => c.list.setSort({ key: 'price', dir: 'asc' }));
    expect(c.search).toBe('');
  });

  it('clears every filter but keeps the sort', () => {
    const c = mount('/x?statut=termine&q=beta&tri=name&page=2&autre=1');
    act(() => c.list.clear());
    expect(c.search).toBe('?tri=name&autre=1');
    expect(c.list.filtered).toBe(false);
  });

  it('puts typed text in the address once the typing pauses, replacing the history entry, and follows the address back', async () => {
    const c = mount('/x?page=3');
    const user = userEvent.setup();
    const box = screen.getByRole('textbox', { name: 'Recherche' });
    await user.type(box, 'dur ');
    expect(box).toHaveValue('dur '); // the trailing space stays while typing
    await act(() => new Promise((r) => setTimeout(r, 120)));
    expect(c.search).toBe('?q=dur');
    expect(c.navigation).toBe('REPLACE');
    expect(box).toHaveValue('dur ');

    // « Effacer les filtres »: the box empties too.
    act(() => c.list.clear());
    expect(box).toHaveValue('');
    await act(() => new Promise((r) => setTimeout(r, 120)));
    expect(c.search).toBe('');
  });
});
