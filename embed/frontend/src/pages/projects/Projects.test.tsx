import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { client, fr, json, marie, page, paul, renderApp, signedInAs, type Call } from '../../test/utils.tsx';
import { project } from '../../test/projects.ts';

const refonte = project();
const late = project({
  id: 43,
  name: 'Application mobile',
  client_id: 4,
  client_name: 'Société Alpha',
  schedule: 'late',
  is_late: true,
  has_overdue: true,
  status: 'en_pause',
  progress: { percent: 0, done: 0, total: 0 },
  next_milestone: null,
  deadline: '2026-11-22',
});

function query(call: Call) {
  return Object.fromEntries(new URL(`http://x${call.path}${call.search}`).searchParams);
}
const listCalls = (calls: Call[]) => calls.filter((c) => c.method === 'GET' && c.path === '/api/v1/projects');

describe('project list (/projets)', () => {
  it("shows a client its company's projects with their computed progress, status and next step", async () => {
    const calls = signedInAs(marie, (c) => (c.path === '/api/v1/projects' ? json(200, page([refonte])) : undefined));
    renderApp('/projets');
    expect(await screen.findByRole('heading', { level: 1, name: 'Projets' })).toBeInTheDocument();
    const table = await screen.findByRole('table', { name: 'Projets' });
    const row = within(table).getByRole('row', { name: /Refonte du site/ });
    expect(within(row).getByRole('link', { name: 'Refonte du site' })).toHaveAttribute('href', '/projets/42');
    expect(within(row).getByText('33 % · étape 1 sur 3')).toBeInTheDocument();
    expect(within(row).getByText('En cours')).toBeInTheDocument();
    expect(within(row).getByText('13 févr. 2027')).toBeInTheDocument();
    expect(within(row).getByRole('progressbar', { name: fr('Avancement de « Refonte du site »') })).toHaveAttribute('aria-valuenow', '33');
    // The same project as a card (phones).
    const card = screen.getByRole('article');
    expect(within(card).getByText('Échéance : 13 févr. 2027')).toBeInTheDocument();
    expect(within(card).getByText('Maquettes')).toBeInTheDocument();
    // No admin filter for a client, and never a client_id in its requests.
    expect(screen.queryByLabelText('Client')).toBeNull();
    expect(screen.queryByRole('button', { name: 'En retard' })).toBeNull();
    expect(screen.queryByRole('link', { name: 'Nouveau projet' })).toBeNull();
    expect(query(listCalls(calls)[0])).toEqual({ sort: 'deadline', page: '1', per_page: '20' });
    expect(calls.some((c) => c.path.startsWith('/api/v1/admin'))).toBe(false);
  });

  it('tells a client with no project what to expect', async () => {
    signedInAs(marie, (c) => (c.path === '/api/v1/projects' ? json(200, page([])) : undefined));
    renderApp('/projets');
    expect(await screen.findByRole('heading', { name: "Aucun projet pour l'instant" })).toBeInTheDocument();
    expect(screen.getByText(/dès que votre chef de projet les aura créés/)).toBeInTheDocument();
  });

  it('lets an admin filter by client, status, late, overdue step, search and sort — kept in the address', async () => {
    const calls = signedInAs(paul, (c) => {
      if (c.path === '/api/v1/admin/clients') return json(200, page([client({ id: 4, name: 'Société Alpha' }), client()]));
      if (c.path === '/api/v1/projects') return json(200, page(query(c).late ? [late] : [refonte, late]));
      return undefined;
    });
    renderApp('/projets');
    const user = userEvent.setup();
    expect(await screen.findByRole('table')).toBeInTheDocument();
    expect(screen.getByText('2 projets')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Nouveau projet' })).toHaveAttribute('href', '/projets/nouveau');
    // A late project reads as late without colour: icon + words.
    const row = within(screen.getByRole('table')).getByRole('row', { name: /Application mobile/ });
    expect(within(row).getByText('En retard')).toBeInTheDocument();
    expect(within(row).getByText('Étape en retard')).toBeInTheDocument();
    expect(within(row).getByText('En pause')).toBeInTheDocument();
    expect(within(row).getByText('Aucune étape définie')).toBeInTheDocument();

    await waitFor(() => expect(screen.getByRole('option', { name: 'Société Alpha' })).toBeInTheDocument());
    await user.selectOptions(screen.getByLabelText('Client'), '4');
    await user.selectOptions(screen.getByLabelText('Statut'), 'en_pause');
    await user.click(screen.getByRole('button', { name: 'En retard' }));
    await user.click(screen.getByRole('button', { name: 'Étape en retard' }));
    await user.selectOptions(screen.getByLabelText('Trier par'), 'progress');
    await user.type(screen.getByRole('searchbox', { name: 'Rechercher un projet' }), 'mobile');
    await waitFor(() => expect(query(listCalls(calls).at(-1)!)).toMatchObject({ q: 'mobile' }));
    expect(query(listCalls(calls).at(-1)!)).toEqual({
      client_id: '4',
      status: 'en_pause',
      late: 'true',
      overdue: 'true',
      sort: 'progress',
      q: 'mobile',
      page: '1',
      per_page: '20',
    });
    expect(screen.getByRole('button', { name: 'En retard' })).toHaveAttribute('aria-pressed', 'true');
    const location = screen.getByTestId('location').textContent!;
    expect(Object.fromEntries(new URL(`http://x${location}`).searchParams)).toEqual({
      client: '4',
      statut: 'en_pause',
      retard: '1',
      'etape-en-retard': '1',
      tri: 'progress',
      q: 'mobile',
    });

    await user.click(screen.getAllByRole('button', { name: 'Effacer les filtres' })[0]);
    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent(/^\/projets\?tri=progress$/));
    expect(screen.getByRole('searchbox')).toHaveValue('');
  });

  it('reads the filters from the address (a link from the dashboard) and says when nothing matches', async () => {
    const calls = signedInAs(paul, (c) => {
      if (c.path === '/api/v1/admin/clients') return json(200, page([]));
      if (c.path === '/api/v1/projects') return json(200, page([]));
      return undefined;
    });
    renderApp('/projets?retard=1&statut=termine');
    expect(await screen.findByRole('heading', { name: 'Aucun projet ne correspond à ces critères' })).toBeInTheDocument();
    expect(query(listCalls(calls)[0])).toMatchObject({ late: 'true', status: 'termine' });
    expect(screen.getByLabelText('Statut')).toHaveValue('termine');
  });

  it('pages through long lists', async () => {
    const many = Array.from({ length: 20 }, (_, i) => project({ id: 100 + i, name: `Projet ${i}` }));
    const calls = signedInAs(paul, (c) => {
      if (c.path === '/api/v1/admin/clients') return json(200, page([]));
      if (c.path === '/api/v1/projects') return json(200, page(many, 45, Number(query(c).page)));
      return undefined;
    });
    renderApp('/projets');
    expect(await screen.findByText('Page 1 sur 3')).toBeInTheDocument();
    await userEvent.setup().click(screen.getByRole('button', { name: 'Suivante' }));
    expect(await screen.findByText('Page 2 sur 3')).toBeInTheDocument();
    expect(query(listCalls(calls).at(-1)!)).toMatchObject({ page: '2' });
  });

  it('says « plus de 1 000 » when the server counted up to its cap, and pages up to it', async () => {
    const many = Array.from({ length: 20 }, (_, i) => project({ id: 100 + i, name: `Projet ${i}` }));
    signedInAs(paul, (c) => {
      if (c.path === '/api/v1/admin/clients') return json(200, page([]));
      if (c.path === '/api/v1/projects') return json(200, page(many, 1000));
      return undefined;
    });
    renderApp('/projets?late=true');
    expect(await screen.findByText(/^Plus de 1\s000 projets\s: affinez les filtres$/)).toBeInTheDocument();
    expect(screen.getByText('Page 1 sur 50')).toBeInTheDocument();
  });
});
