import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { apiError, client, json, page, paul, renderApp, signedInAs, type Call, fr } from '../../test/utils.tsx';

const alpha = client({ id: 11, name: 'Société Alpha', contact_name: 'Jean Alpha', contact_email: 'jean@alpha.fr', user_count: 2 });
const beta = client({ id: 12, name: 'Transports Bêta', contact_name: '', contact_email: '', user_count: 0 });

function query(call: Call) {
  return Object.fromEntries(new URL(`http://x${call.path}${call.search}`).searchParams);
}

function listCalls(calls: Call[]) {
  return calls.filter((c) => c.method === 'GET' && c.path === '/api/v1/admin/clients');
}

describe('client list (/admin/clients)', () => {
  it('shows the active clients in a table (and as cards), with their contact and user count', async () => {
    const calls = signedInAs(paul, (c) => (c.path === '/api/v1/admin/clients' ? json(200, page([alpha, beta])) : undefined));
    renderApp('/admin/clients');
    const table = await screen.findByRole('table', { name: 'Clients' });
    expect(within(table).getAllByRole('row')).toHaveLength(3);
    expect(within(table).getByRole('link', { name: 'Société Alpha' })).toHaveAttribute('href', '/admin/clients/11');
    expect(within(table).getByText('jean@alpha.fr')).toBeInTheDocument();
    expect(within(table).getAllByText('1 oct. 2026')).toHaveLength(2);
    expect(screen.getByText('2 clients')).toBeInTheDocument();
    expect(screen.getByText('2 utilisateurs · créé le 1 oct. 2026')).toBeInTheDocument(); // its card (phones)
    expect(screen.getByText('0 utilisateur · créé le 1 oct. 2026')).toBeInTheDocument();
    expect(query(listCalls(calls)[0])).toMatchObject({ archived: 'false', page: '1', per_page: '20' });
    expect(screen.getByRole('tab', { name: 'Actifs' })).toHaveAttribute('aria-selected', 'true');
  });

  it('searches as one types (debounced, one request) and keeps the search in the address', async () => {
    const calls = signedInAs(paul, (c) => {
      if (c.path !== '/api/v1/admin/clients') return undefined;
      return json(200, query(c).q ? page([]) : page([alpha, beta]));
    });
    renderApp('/admin/clients');
    await screen.findByRole('table');
    await userEvent.setup().type(screen.getByRole('searchbox', { name: 'Rechercher un client' }), 'zzz');
    expect(await screen.findByRole('heading', { name: fr('Aucun client ne correspond à « zzz »') })).toBeInTheDocument();
    expect(listCalls(calls).map((c) => query(c).q ?? '')).toEqual(['', 'zzz']);
    expect(screen.getByTestId('location')).toHaveTextContent('/admin/clients?q=zzz');

    await userEvent.setup().click(screen.getByRole('button', { name: 'Effacer la recherche' }));
    expect(await screen.findByRole('table')).toBeInTheDocument();
    expect(screen.getByRole('searchbox')).toHaveValue('');
  });

  it('shows archived clients in their tab, and says what to do when a list is empty', async () => {
    const calls = signedInAs(paul, (c) => (c.path === '/api/v1/admin/clients' ? json(200, page([])) : undefined));
    renderApp('/admin/clients');
    expect(await screen.findByRole('heading', { name: "Aucun client pour l'instant" })).toBeInTheDocument();
    expect(screen.getAllByRole('button', { name: 'Nouveau client' })).toHaveLength(2);

    await userEvent.setup().click(screen.getByRole('tab', { name: 'Archivés' }));
    expect(await screen.findByRole('heading', { name: 'Aucun client archivé' })).toBeInTheDocument();
    expect(query(listCalls(calls).at(-1)!)).toMatchObject({ archived: 'true' });
    expect(screen.getByTestId('location')).toHaveTextContent('/admin/clients?onglet=archives');
  });

  it('pages through long lists', async () => {
    const many = Array.from({ length: 20 }, (_, i) => client({ id: 100 + i, name: `Client ${i}` }));
    const calls = signedInAs(paul, (c) => (c.path === '/api/v1/admin/clients' ? json(200, page(many, 45, Number(query(c).page))) : undefined));
    renderApp('/admin/clients');
    expect(await screen.findByText('Page 1 sur 3')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Précédente' })).toBeDisabled();
    await userEvent.setup().click(screen.getByRole('button', { name: 'Suivante' }));
    expect(await screen.findByText('Page 2 sur 3')).toBeInTheDocument();
    expect(query(listCalls(calls).at(-1)!)).toMatchObject({ page: '2' });
  });

  it('creates a client in a dialog: the API error goes next to its field, success opens the client', async () => {
    let tries = 0;
    const calls = signedInAs(paul, (c) => {
      if (c.path === '/api/v1/admin/clients' && c.method === 'GET') return json(200, page([alpha]));
      if (c.path === '/api/v1/admin/clients' && c.method === 'POST') {
        tries += 1;
        return tries === 1 ? apiError(409, 'client_name_taken', 'Un client porte déjà ce nom.', 'r', 'name') : json(201, client({ id: 42, name: 'Société Gamma' }));
      }
      if (c.path === '/api/v1/admin/clients/42') return json(200, client({ id: 42, name: 'Société Gamma' }));
      if (c.path === '/api/v1/admin/users') return json(200, page([]));
      return undefined;
    });
    renderApp('/admin/clients');
    const user = userEvent.setup();
    await user.click((await screen.findAllByRole('button', { name: 'Nouveau client' }))[0]);
    const dialog = screen.getByRole('dialog', { name: 'Nouveau client' });
    await user.click(within(dialog).getByRole('button', { name: 'Créer le client' }));
    expect(within(dialog).getByText('Saisissez le nom du client.')).toBeInTheDocument();
    expect(calls.filter((c) => c.method === 'POST')).toHaveLength(0);

    await user.type(within(dialog).getByLabelText(/^Nom du client/), 'Société Alpha');
    await user.type(within(dialog).getByLabelText('E-mail du contact'), 'contact@gamma.fr');
    await user.click(within(dialog).getByRole('button', { name: 'Créer le client' }));
    expect(await within(dialog).findByText('Un client porte déjà ce nom.')).toBeInTheDocument();
    expect(within(dialog).getByLabelText(/^Nom du client/)).toHaveAttribute('aria-invalid', 'true');

    await user.clear(within(dialog).getByLabelText(/^Nom du client/));
    await user.type(within(dialog).getByLabelText(/^Nom du client/), 'Société Gamma');
    await user.click(within(dialog).getByRole('button', { name: 'Créer le client' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Société Gamma' })).toBeInTheDocument();
    expect(screen.getByText('Client « Société Gamma » créé.')).toBeInTheDocument();
    expect(screen.getByTestId('location')).toHaveTextContent('/admin/clients/42');
    expect(calls.filter((c) => c.method === 'POST').at(-1)).toMatchObject({
      headers: { 'x-csrf-token': 'tok' },
      body: { name: 'Société Gamma', contact_name: '', contact_email: 'contact@gamma.fr', phone: '', address: '', notes: '' },
    });
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
  });

  it('shows the French message and a retry button when the list cannot be loaded', async () => {
    let fail = true;
    signedInAs(paul, (c) => {
      if (c.path !== '/api/v1/admin/clients') return undefined;
      return fail ? apiError(500, 'internal', 'Une erreur interne est survenue.', 'req-42') : json(200, page([alpha]));
    });
    renderApp('/admin/clients');
    expect(await screen.findByText(/^Une erreur interne est survenue\./)).toBeInTheDocument();
    expect(screen.getByText("Référence de l'incident : req-42")).toBeInTheDocument();
    fail = false;
    await userEvent.setup().click(screen.getByRole('button', { name: 'Réessayer' }));
    expect(await screen.findByRole('table')).toBeInTheDocument();
  });
});
