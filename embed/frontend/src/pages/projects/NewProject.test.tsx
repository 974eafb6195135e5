import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { User } from '../../api.ts';
import { apiError, client, json, marie, page, paul, renderApp, signedInAs } from '../../test/utils.tsx';
import { detail } from '../../test/projects.ts';

const camille: User = { ...paul, id: 2, name: 'Camille Bernard' };

describe('new project (/projets/nouveau)', () => {
  it('creates a project for a client: checks first, shows the API error next to its field, then opens the project', async () => {
    let tries = 0;
    const calls = signedInAs(paul, (c) => {
      if (c.path === '/api/v1/admin/clients') return json(200, page([client({ id: 4, name: 'Société Alpha' }), client()]));
      if (c.path === '/api/v1/admin/users') return json(200, page([paul, camille, { ...camille, id: 3, name: 'Ancien Collègue', disabled: true }]));
      if (c.method === 'POST' && c.path === '/api/v1/admin/projects') {
        tries += 1;
        if (tries === 1) return apiError(422, 'invalid', 'L’échéance ne peut pas précéder la date de début.', 'r', 'deadline');
        return json(201, detail({ id: 77, name: 'Portail RH' }));
      }
      if (c.path === '/api/v1/projects/77') return json(200, detail({ id: 77, name: 'Portail RH' }));
      if (c.path === '/api/v1/projects/77/deliverables') return json(200, { items: [] });
      return undefined;
    });
    renderApp('/projets/nouveau');
    expect(await screen.findByRole('heading', { level: 1, name: 'Nouveau projet' })).toBeInTheDocument();
    const user = userEvent.setup();
    await waitFor(() => expect(screen.getByRole('option', { name: 'Société Alpha' })).toBeInTheDocument());
    // The person in charge is the signed-in admin by default; disabled staff are not offered.
    await waitFor(() => expect(screen.getByLabelText('Chef de projet')).toHaveValue('1'));
    expect(screen.queryByRole('option', { name: 'Ancien Collègue' })).toBeNull();

    await user.click(screen.getByRole('button', { name: 'Créer le projet' }));
    expect(screen.getByText('Choisissez le client de ce projet.')).toBeInTheDocument();
    expect(screen.getByText('Saisissez le nom du projet.')).toBeInTheDocument();
    expect(screen.getByLabelText(/^Client/)).toHaveFocus();
    expect(calls.filter((c) => c.method === 'POST')).toEqual([]);

    await user.selectOptions(screen.getByLabelText(/^Client/), '4');
    await user.type(screen.getByLabelText(/^Nom du projet/), 'Portail RH');
    await user.type(screen.getByLabelText('Date de début'), '2026-12-01');
    await user.type(screen.getByLabelText('Échéance'), '2027-06-30');
    await user.selectOptions(screen.getByLabelText('Chef de projet'), '2');
    await user.click(screen.getByRole('button', { name: 'Créer le projet' }));
    expect(await screen.findByText('L’échéance ne peut pas précéder la date de début.')).toBeInTheDocument();
    expect(screen.getByLabelText('Échéance')).toHaveAttribute('aria-invalid', 'true');

    await user.click(screen.getByRole('button', { name: 'Créer le projet' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Portail RH' })).toBeInTheDocument();
    expect(screen.getByTestId('location')).toHaveTextContent('/projets/77');
    expect(calls.filter((c) => c.method === 'POST').at(-1)?.body).toEqual({
      client_id: 4,
      name: 'Portail RH',
      description: '',
      start_date: '2026-12-01',
      deadline: '2027-06-30',
      status: 'en_cours',
      manager_id: 2,
    });
  });

  it('is not for clients: « Page introuvable », and no admin request', async () => {
    const calls = signedInAs(marie);
    renderApp('/projets/nouveau');
    expect(await screen.findByRole('heading', { level: 1, name: 'Page introuvable' })).toBeInTheDocument();
    expect(calls.filter((c) => c.path.startsWith('/api/v1/admin') || c.path.startsWith('/api/v1/projects'))).toEqual([]);
  });
});
