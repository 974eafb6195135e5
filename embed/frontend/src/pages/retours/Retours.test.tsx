import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { Retour, RetourDetail, User } from '../../api.ts';
import { apiError, client, json, marie, page, paul, renderApp, signedInAs, type Call } from '../../test/utils.tsx';
import { detail, retour } from '../../test/projects.ts';

const zoe: User = { ...paul, id: 2, name: 'Zoé Équipe', email: 'zoe@bigdatacenter.fr' };
const menu = retour({ id: 12, status: 'nouveau', priority: 'majeur', unread: 3, client_name: 'ACME', milestone_title: 'Maquettes' });
const logo = retour({ id: 13, kind: 'question', status: 'en_cours', priority: 'mineur', title: 'Logo en SVG ?', assignee_id: 1, assignee_name: 'Paul Martin' });

const query = (c: Call) => Object.fromEntries(new URL(`http://x${c.path}${c.search}`).searchParams);
const location = () => new URL(`http://x${screen.getByTestId('location').textContent}`);
const asDetail = (r: Retour): RetourDetail => ({ ...r, history: [], moves: [] });
/** The retour as the server saves a triage: the names follow the ids. */
const triaged = (r: Retour, change: object): RetourDetail => {
  const next = { ...r, ...change };
  return asDetail({ ...next, assignee_name: [paul, zoe].find((u) => u.id === next.assignee_id)?.name ?? '' });
};

/** The staff's list at /admin/retours; PATCH answers with `triage`'s result. */
function staffServer(triage: (c: Call) => Response = (c) => json(200, triaged(menu, c.body as object))) {
  return signedInAs(paul, (c) => {
    if (c.path === '/api/v1/admin/retours' && c.method === 'GET') return json(200, page([menu, logo]));
    if (c.path === '/api/v1/admin/retours/12' && c.method === 'PATCH') return triage(c);
    if (c.path === '/api/v1/admin/users') return json(200, page([paul, zoe]));
    if (c.path === '/api/v1/admin/clients') return json(200, page([client({ id: 7, name: 'ACME' })]));
    if (c.path === '/api/v1/projects') return json(200, page([]));
    return undefined;
  });
}

describe('the staff list of retours (/admin/retours)', () => {
  it('shows each retour with its unread messages, sorts from the headers and filters, all in the address', async () => {
    const calls = staffServer();
    renderApp('/admin/retours');
    const user = userEvent.setup();
    const table = await screen.findByRole('table', { name: 'Liste des retours' });
    const row = within(within(table).getByRole('row', { name: /Le menu ne s’ouvre pas/ }));
    expect(row.getByRole('link', { name: 'Le menu ne s’ouvre pas' })).toHaveAttribute('href', '/projets/42/retours/12');
    expect(row.getByText('3 nouveaux messages')).toBeInTheDocument();
    expect(row.getByText(/ACME · Refonte du site · n° 12 · Anomalie · Maquettes/)).toBeInTheDocument();
    expect(within(within(table).getByRole('row', { name: /Logo en SVG/ })).queryByText(/nouveaux? messages?/)).toBeNull();
    // Phones: the same retours as cards.
    expect(within(screen.getByRole('list', { name: 'Liste des retours' })).getAllByRole('listitem')).toHaveLength(2);
    const lists = () => calls.filter((c) => c.method === 'GET' && c.path === '/api/v1/admin/retours');
    expect(query(lists()[0])).toMatchObject({ status: 'ouvert', sort: 'priority', page: '1' });

    // The opening date, newest first, then oldest first: the server sorts.
    await user.click(within(table).getByRole('button', { name: 'Ouvert le' }));
    await waitFor(() => expect(query(lists().at(-1)!).sort).toBe('recent'));
    expect(location().searchParams.get('tri')).toBe('created');
    await user.click(within(table).getByRole('button', { name: 'Ouvert le' }));
    await waitFor(() => expect(query(lists().at(-1)!).sort).toBe('oldest'));
    expect(location().searchParams.get('tri')).toBe('-created');
    expect(within(table).getByRole('columnheader', { name: 'Ouvert le' })).toHaveAttribute('aria-sort', 'ascending');

    await user.selectOptions(screen.getByLabelText('État'), 'tous');
    await user.selectOptions(screen.getByLabelText('Responsable'), '2');
    await waitFor(() => expect(query(lists().at(-1)!)).toMatchObject({ assignee_id: '2', sort: 'oldest' }));
    expect(query(lists().at(-1)!).status).toBeUndefined();
    expect(Object.fromEntries(location().searchParams)).toEqual({ etat: 'tous', responsable: '2', tri: '-created' });
  });

  it("sets a retour's priority and assignee from its row; a refusal says why and keeps the value", async () => {
    let refuse = false;
    const calls = staffServer((c) =>
      refuse ? apiError(422, 'retour_assignee_invalid', "Choisissez un membre actif de l'équipe comme responsable du retour.", 'r', 'assignee_id') : json(200, triaged(menu, c.body as object)),
    );
    renderApp('/admin/retours');
    const user = userEvent.setup();
    const table = await screen.findByRole('table', { name: 'Liste des retours' });
    const priority = within(table).getByLabelText('Priorité du retour « Le menu ne s’ouvre pas »');
    await user.selectOptions(priority, 'bloquant');
    await screen.findByText('« Le menu ne s’ouvre pas » : priorité Bloquant.');
    const assignee = within(table).getByLabelText('Responsable du retour « Le menu ne s’ouvre pas »');
    await waitFor(() => expect(within(assignee).getByRole('option', { name: 'Zoé Équipe' })).toBeInTheDocument());
    expect(assignee).toHaveValue('0');
    await user.selectOptions(assignee, '2');
    await screen.findByText('« Le menu ne s’ouvre pas » confié à Zoé Équipe.');
    const patches = calls.filter((c) => c.method === 'PATCH');
    expect(patches.map((c) => c.body)).toEqual([{ priority: 'bloquant' }, { assignee_id: 2 }]);

    refuse = true;
    await user.selectOptions(assignee, '1');
    expect(await within(table).findByRole('alert')).toHaveTextContent("Choisissez un membre actif de l'équipe comme responsable du retour.");
    // The row shows what the server holds (the list, read again, still says nobody).
    expect(assignee).toHaveValue('0');
  });
});

describe("a project's retours (on its page)", () => {
  function projectServer(items: Retour[]) {
    return signedInAs(marie, (c) => {
      if (c.path === '/api/v1/projects/42') return json(200, detail({ retours_open: 2 }));
      if (c.path === '/api/v1/projects/42/deliverables') return json(200, { items: [] });
      if (c.path === '/api/v1/projects/42/retours') return json(200, page(query(c).kind === 'question' ? [] : items, items.length, 1, 10));
      if (c.path === '/api/v1/projects/42/messages') return json(200, { items: [], last_read: 0, has_more: false });
      return undefined;
    });
  }

  it('keeps its filters in the address under its own names, shows unread messages, no triage for a client, and an empty state that clears the filters', async () => {
    const calls = projectServer([menu, logo]);
    renderApp('/projets/42?retours-priorite=majeur');
    const user = userEvent.setup();
    const section = within(await screen.findByRole('region', { name: 'Retours' }));
    const table = within(await section.findByRole('table', { name: 'Liste des retours' }));
    expect(table.getByText('3 nouveaux messages')).toBeInTheDocument();
    expect(table.getByText('Paul Martin')).toBeInTheDocument();
    expect(table.queryByRole('combobox')).toBeNull();
    const lists = () => calls.filter((c) => c.path === '/api/v1/projects/42/retours');
    expect(query(lists()[0])).toMatchObject({ status: 'ouvert', priority: 'majeur', sort: 'recent', per_page: '10' });
    expect(section.getByRole('link', { name: 'Exporter en CSV' }).getAttribute('href')).toContain('priority=majeur');

    await user.selectOptions(section.getByLabelText('Type'), 'question');
    expect(await section.findByRole('heading', { name: 'Aucun retour pour ces filtres' })).toBeInTheDocument();
    expect(Object.fromEntries(location().searchParams)).toEqual({ 'retours-priorite': 'majeur', 'retours-type': 'question' });
    await user.click(section.getByRole('button', { name: 'Effacer les filtres' }));
    await section.findByRole('table', { name: 'Liste des retours' });
    expect(location().search).toBe('');
  });
});

describe('triage on the retour page', () => {
  it('lets staff set the priority and assignee, and shows the retour as saved', async () => {
    let current = asDetail(menu);
    const calls = signedInAs(paul, (c) => {
      if (c.path === '/api/v1/retours/12') return json(200, current);
      if (c.path === '/api/v1/retours/12/messages') return json(200, { items: [], last_read: 0, has_more: false });
      if (c.path === '/api/v1/admin/users') return json(200, page([paul, zoe]));
      if (c.path === '/api/v1/admin/retours/12' && c.method === 'PATCH') {
        current = { ...current, assignee_id: 2, assignee_name: 'Zoé Équipe' };
        return json(200, current);
      }
      return undefined;
    });
    renderApp('/projets/42/retours/12');
    const user = userEvent.setup();
    const assignee = await screen.findByLabelText('Responsable');
    await waitFor(() => expect(within(assignee).getByRole('option', { name: 'Zoé Équipe' })).toBeInTheDocument());
    await user.selectOptions(assignee, '2');
    await screen.findByText('« Le menu ne s’ouvre pas » confié à Zoé Équipe.');
    expect(assignee).toHaveValue('2');
    expect(screen.getByLabelText('Priorité')).toHaveValue('majeur');
    expect(calls.filter((c) => c.method === 'PATCH').map((c) => c.body)).toEqual([{ assignee_id: 2 }]);
  });

  it('is not offered to a client', async () => {
    signedInAs(marie, (c) => {
      if (c.path === '/api/v1/retours/12') return json(200, asDetail(menu));
      if (c.path === '/api/v1/retours/12/messages') return json(200, { items: [], last_read: 0, has_more: false });
      return undefined;
    });
    renderApp('/projets/42/retours/12');
    expect(await screen.findByRole('heading', { level: 1, name: 'Le menu ne s’ouvre pas' })).toBeInTheDocument();
    expect(screen.queryByRole('combobox')).toBeNull();
  });
});
