import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { json, marie, page, paul, renderApp, signedInAs } from '../../test/utils.tsx';

describe('all users (/admin/utilisateurs)', () => {
  it('lists admins and client users, filters by role and invites an admin', async () => {
    const calls = signedInAs(paul, (c) => {
      if (c.path === '/api/v1/admin/users' && c.method === 'GET') {
        return json(200, page(c.search.includes('role=admin') ? [paul] : [marie, paul]));
      }
      if (c.path === '/api/v1/admin/users' && c.method === 'POST') return json(201, { ...paul, id: 30, email: 'new@bigdatacenter.fr', open_sessions: 0, invitation_pending: true });
      return undefined;
    });
    renderApp('/admin/utilisateurs');
    const table = await screen.findByRole('table', { name: 'Utilisateurs' });
    expect(within(table).getByRole('link', { name: 'Transports Durand' })).toHaveAttribute('href', '/admin/clients/3');
    expect(within(table).getByText('Administrateur')).toBeInTheDocument();
    // No « Désactiver » nor « Fermer les sessions » on one's own account.
    const user = userEvent.setup();
    await user.click(within(table).getByRole('button', { name: 'Actions pour Paul Martin' }));
    expect(within(table).queryByRole('button', { name: 'Désactiver' })).toBeNull();

    await user.selectOptions(screen.getByLabelText('Rôle'), 'administrateurs');
    expect(await screen.findByText('1 utilisateur')).toBeInTheDocument();
    expect(calls.filter((c) => c.method === 'GET' && c.path === '/api/v1/admin/users').at(-1)?.search).toContain('role=admin');
    expect(screen.getByTestId('location')).toHaveTextContent('/admin/utilisateurs?role=administrateurs');

    await user.click(screen.getByRole('button', { name: 'Inviter un administrateur' }));
    const dialog = screen.getByRole('dialog', { name: 'Inviter un administrateur' });
    await user.type(within(dialog).getByLabelText(/^Nom et prénom/), 'Nadia Admin');
    await user.type(within(dialog).getByLabelText(/^Adresse e-mail/), 'new@bigdatacenter.fr');
    await user.click(within(dialog).getByRole('button', { name: "Envoyer l'invitation" }));
    expect(await screen.findByText('Invitation envoyée à new@bigdatacenter.fr.')).toBeInTheDocument();
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ name: 'Nadia Admin', email: 'new@bigdatacenter.fr', language: 'fr', role: 'admin' });
  });
});
