import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import type { SortState } from '../lib/listParams.ts';
import { DataTable, type Column } from './DataTable.tsx';

interface Run {
  id: number;
  job: string;
  seconds: number;
}

const runs: Run[] = [
  { id: 1, job: 'sauvegarde', seconds: 12 },
  { id: 2, job: 'alertes', seconds: 3 },
  { id: 3, job: 'nettoyage', seconds: 40 },
];

const columns: Column<Run>[] = [
  { key: 'job', header: 'Tâche', rowHeader: true, sort: { value: (r) => r.job }, cell: (r) => r.job },
  { key: 'seconds', header: 'Durée', sort: { value: (r) => r.seconds }, cell: (r) => `${r.seconds} s` },
  { key: 'actions', header: 'Actions', hiddenHeader: true, cell: (r) => <button type="button">Relancer {r.job}</button> },
];

/** The table of these tests: the runs above with their columns, unless a test says otherwise. */
function RunsTable(props: Partial<Parameters<typeof DataTable<Run>>[0]>) {
  return <DataTable caption="Exécutions" rows={runs} rowKey={(r) => r.id} columns={columns} empty={null} {...props} />;
}

const table = () => screen.getByRole('table', { name: 'Exécutions' });
const firstColumn = () =>
  within(table())
    .getAllByRole('rowheader')
    .map((c) => c.textContent);

describe('DataTable', () => {
  it('sorts by a column from its header, and turns the order round on a second click', async () => {
    render(<RunsTable empty={<p>Rien</p>} />);
    const user = userEvent.setup();
    expect(firstColumn()).toEqual(['sauvegarde', 'alertes', 'nettoyage']); // as given
    const header = within(table()).getByRole('columnheader', { name: 'Durée' });
    expect(header).not.toHaveAttribute('aria-sort');

    await user.click(within(header).getByRole('button', { name: 'Durée' }));
    expect(header).toHaveAttribute('aria-sort', 'ascending');
    expect(firstColumn()).toEqual(['alertes', 'sauvegarde', 'nettoyage']);

    await user.click(within(header).getByRole('button', { name: 'Durée' }));
    expect(header).toHaveAttribute('aria-sort', 'descending');
    expect(firstColumn()).toEqual(['nettoyage', 'sauvegarde', 'alertes']);

    // The column of actions has a name for screen readers only, and no sort.
    const actions = within(table()).getByRole('columnheader', { name: 'Actions' });
    expect(within(actions).queryByRole('button')).toBeNull();
  });

  it('leaves the sort to the page when it keeps it (the server sorts): a click asks, the rows stay as given', async () => {
    const asked: SortState[] = [];
    const serverColumns: Column<Run>[] = [
      { key: 'job', header: 'Tâche', rowHeader: true, sort: { dirs: ['asc'] }, cell: (r) => r.job },
      { key: 'seconds', header: 'Durée', cell: (r) => `${r.seconds} s` },
    ];
    function Page() {
      const [sort, setSort] = useState<SortState>({ key: 'seconds', dir: 'asc' });
      return (
        <RunsTable
          columns={serverColumns}
          sort={sort}
          onSort={(s) => {
            asked.push(s);
            setSort(s);
          }}
        />
      );
    }
    render(<Page />);
    const user = userEvent.setup();
    const header = within(table()).getByRole('columnheader', { name: 'Tâche' });
    await user.click(within(header).getByRole('button', { name: 'Tâche' }));
    await user.click(within(header).getByRole('button', { name: 'Tâche' })); // one direction only: stays ascending
    expect(asked).toEqual([
      { key: 'job', dir: 'asc' },
      { key: 'job', dir: 'asc' },
    ]);
    expect(header).toHaveAttribute('aria-sort', 'ascending');
    expect(firstColumn()).toEqual(['sauvegarde', 'alertes', 'nettoyage']);
    expect(within(table()).getByRole('columnheader', { name: 'Durée' })).not.toHaveAttribute('aria-sort');
  });

  it('shows the empty state instead of the table when there is no row', () => {
    render(<RunsTable rows={[]} empty={<h2>Aucune exécution</h2>} />);
    expect(screen.getByRole('heading', { name: 'Aucune exécution' })).toBeInTheDocument();
    expect(screen.queryByRole('table')).toBeNull();
    expect(screen.queryByRole('list')).toBeNull();
  });

  it('lays each row out for phones as a card: its name as a title, then each value under its column name', async () => {
    render(<RunsTable />);
    const cards = screen.getByRole('list', { name: 'Exécutions' });
    // The table shows from a width of the list's container; the cards below it.
    expect(table().parentElement).toHaveClass('hidden', '@2xl:block');
    expect(cards.parentElement).toHaveClass('@2xl:hidden');

    const items = within(cards).getAllByRole('listitem');
    expect(items).toHaveLength(3);
    const first = within(items[0]);
    expect(first.getByText('sauvegarde')).not.toHaveRole('term');
    const terms = first.getAllByRole('term').map((t) => t.textContent);
    expect(terms).toEqual(['Durée', 'Actions']);
    expect(first.getAllByRole('term')[1]).toHaveClass('sr-only');
    expect(first.getAllByRole('definition').map((d) => d.textContent)).toEqual(['12 s', 'Relancer sauvegarde']);
    expect(first.getByRole('button', { name: 'Relancer sauvegarde' })).toBeInTheDocument();

    // Phones sort with a select (the headers are not shown there).
    const user = userEvent.setup();
    await user.selectOptions(screen.getByRole('combobox', { name: 'Trier par' }), 'Durée (décroissant)');
    expect(
      within(cards)
        .getAllByRole('listitem')
        .map((li) => within(li).getByText(/ s$/).textContent),
    ).toEqual(['40 s', '12 s', '3 s']);
    expect(within(table()).getByRole('columnheader', { name: 'Durée' })).toHaveAttribute('aria-sort', 'descending');
  });

  it('uses the page’s own card for phones when it gives one, and its container width', () => {
    render(<RunsTable wideFrom="4xl" phoneSort={false} card={(r) => <article aria-label={r.job}>{r.seconds} secondes</article>} />);
    const cards = screen.getByRole('list', { name: 'Exécutions' });
    expect(cards.parentElement).toHaveClass('@4xl:hidden');
    expect(within(cards).getByRole('article', { name: 'nettoyage' })).toHaveTextContent('40 secondes');
    expect(screen.queryByRole('combobox')).toBeNull();
  });
});
