import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { User } from '../../api.ts';
import { apiError, client, json, marie, noContent, page, paul, renderApp, signedInAs, type Call, fr } from '../../test/utils.tsx';

const durand = client({ id: 3, name: 'Transports Durand', user_count: 3 });
const pending: User = { ...marie, id: 8, name: 'Luc Attente', email: 'luc@durand.fr', password_set: false, last_login_at: null };
const disabled: User = { ...marie, id: 9, name: 'Zoé Partie', email: 'zoe@durand.fr', disabled: true };
const detail = (u: User) => ({ ...u, open_sessions: 0, invitation_pending: !u.password_set });

function server(extra: (c: Call) => Response | undefined = () => undefined, state = { client: durand, users: [marie, pending, disabled] }) {
  return signedInAs(paul, (c) => {
    const answer = extra(c);
    if (answer) return answer;
    if (c.path === '/api/v1/admin/clients/3' && c.method === 'GET') return json(200, state.client);
    if (c.path === '/api/v1/admin/users' && c.method === 'GET') return json(200, page(state.users));
    return undefined;
  });
}

async function open() {
  renderApp('/admin/clients/3');
  expect(await screen.findByRole('heading', { level: 1, name: 'Transports Durand' })).toBeInTheDocument();
  return within(await screen.findByRole('table', { name: 'Utilisateurs' }));
}

function rowOf(table: ReturnType<typeof within>, name: string) {
  return within(table.getByText(name).closest('tr')!);
}

describe('client page (/admin/clients/:id)', () => {
  it("lists the client's users with a status that reads without colour", async () => {
    const calls = server();
    const table = await open();
    expect(rowOf(table, 'Marie Dupont').getByText('Actif')).toBeInTheDocument();
    expect(rowOf(table, 'Luc Attente').getByText('Invitation en attente')).toBeInTheDocument();
    expect(rowOf(table, 'Luc Attente').getByText('Jamais connecté')).toBeInTheDocument();
    expect(rowOf(table, 'Zoé Partie').getByText('Désactivé')).toBeInTheDocument();
    expect(rowOf(table, 'Marie Dupont').getByText('20 nov. 2026 à 10:15')).toBeInTheDocument();
    const users = calls.find((c) => c.path === '/api/v1/admin/users')!;
    expect(users.search).toContain('client_id=3');
    expect(screen.getByLabelText(/^Nom du client/)).toHaveValue('Transports Durand');
    expect(screen.getByRole('link', { name: 'Voir ses projets' })).toHaveAttribute('href', '/projets?client=3');
  });

  it('invites a user of this client: role client, its id, the chosen language', async () => {
    const calls = server((c) => (c.method === 'POST' && c.path === '/api/v1/admin/users' ? json(201, detail({ ...pending, id: 20, email: 'new@durand.fr' })) : undefined));
    await open();
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Inviter un utilisateur' }));
    const dialog = screen.getByRole('dialog', { name: 'Inviter un utilisateur' });
    expect(dialog).toHaveTextContent("l'espace de Transports Durand");
    await user.type(within(dialog).getByLabelText(/^Nom et prénom/), 'Nina Nouvelle');
    await user.type(within(dialog).getByLabelText(/^Adresse e-mail/), 'new@durand.fr');
    await user.selectOptions(within(dialog).getByLabelText('Langue'), 'en');
    await user.click(within(dialog).getByRole('button', { name: "Envoyer l'invitation" }));
    expect(await screen.findByText('Invitation envoyée à new@durand.fr.')).toBeInTheDocument();
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ name: 'Nina Nouvelle', email: 'new@durand.fr', language: 'en', role: 'client', client_id: 3 });
    await waitFor(() => expect(calls.filter((c) => c.path === '/api/v1/admin/users' && c.method === 'GET')).toHaveLength(2));
  });

  it('shows the e-mail conflict next to the address', async () => {
    server((c) => (c.method === 'POST' ? apiError(409, 'email_taken', 'Un compte existe déjà avec cette adresse e-mail.', 'r', 'email') : undefined));
    await open();
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Inviter un utilisateur' }));
    const dialog = screen.getByRole('dialog');
    await user.type(within(dialog).getByLabelText(/^Nom et prénom/), 'Marie Bis');
    await user.type(within(dialog).getByLabelText(/^Adresse e-mail/), 'marie.dupont@client.fr');
    await user.click(within(dialog).getByRole('button', { name: "Envoyer l'invitation" }));
    expect(await within(dialog).findByText('Un compte existe déjà avec cette adresse e-mail.')).toBeInTheDocument();
    expect(within(dialog).getByLabelText(/^Adresse e-mail/)).toHaveAttribute('aria-invalid', 'true');
  });

  it('user actions: resend the invitation, disable (after confirming), enable, end sessions', async () => {
    const calls = server((c) => {
      if (c.path === '/api/v1/admin/users/8/invitation') return noContent();
      if (c.path === '/api/v1/admin/users/7/disable') return json(200, detail({ ...marie, disabled: true }));
      if (c.path === '/api/v1/admin/users/9/enable') return json(200, detail({ ...disabled, disabled: false }));
      if (c.path === '/api/v1/admin/users/7/sessions') return json(200, { ended: 2 });
      return undefined;
    });
    const table = await open();
    const user = userEvent.setup();
    const menu = async (name: string, action: string) => {
      await user.click(rowOf(table, name).getByRole('button', { name: `Actions pour ${name}` }));
      await user.click(rowOf(table, name).getByRole('button', { name: action }));
    };

    expect(rowOf(table, 'Marie Dupont').queryByRole('button', { name: "Renvoyer l'invitation", hidden: true })).toBeNull();
    await menu('Luc Attente', "Renvoyer l'invitation");
    expect(await screen.findByText(/Nouvelle invitation envoyée à luc@durand.fr/)).toBeInTheDocument();

    await menu('Marie Dupont', 'Désactiver');
    const confirm = screen.getByRole('dialog', { name: fr('Désactiver le compte de Marie Dupont ?') });
    expect(confirm).toHaveTextContent(/ne pourra plus se connecter/);
    expect(calls.some((c) => c.path.endsWith('/disable'))).toBe(false);
    await user.click(within(confirm).getByRole('button', { name: 'Désactiver' }));
    expect(await screen.findByText('Compte de Marie Dupont désactivé.')).toBeInTheDocument();

    await menu('Zoé Partie', 'Réactiver');
    expect(await screen.findByText('Compte de Zoé Partie réactivé.')).toBeInTheDocument();

    await menu('Marie Dupont', 'Fermer les sessions');
    await user.click(within(screen.getByRole('dialog', { name: fr('Fermer les sessions de Marie Dupont ?') })).getByRole('button', { name: 'Fermer les sessions' }));
    expect(await screen.findByText('2 sessions fermées.')).toBeInTheDocument();
    expect(calls.find((c) => c.path === '/api/v1/admin/users/7/sessions')).toMatchObject({ method: 'DELETE', headers: { 'x-csrf-token': 'tok' } });
  });

  it('edits a user: the role and client stay as they are', async () => {
    const calls = server((c) => (c.method === 'PATCH' ? json(200, detail({ ...marie, name: 'Marie Durand' })) : undefined));
    const table = await open();
    const user = userEvent.setup();
    await user.click(rowOf(table, 'Marie Dupont').getByRole('button', { name: 'Actions pour Marie Dupont' }));
    await user.click(rowOf(table, 'Marie Dupont').getByRole('button', { name: 'Modifier' }));
    const dialog = screen.getByRole('dialog', { name: 'Modifier le compte de Marie Dupont' });
    await user.clear(within(dialog).getByLabelText(/^Nom et prénom/));
    await user.type(within(dialog).getByLabelText(/^Nom et prénom/), 'Marie Durand');
    await user.click(within(dialog).getByRole('button', { name: 'Enregistrer' }));
    expect(await screen.findByText('Compte de Marie Durand enregistré.')).toBeInTheDocument();
    expect(calls.find((c) => c.method === 'PATCH')).toMatchObject({
      path: '/api/v1/admin/users/7',
      body: { name: 'Marie Durand', email: 'marie.dupont@client.fr', language: 'fr', role: 'client', client_id: 3 },
    });
  });

  it('archives after confirming, then offers to restore', async () => {
    const state = { client: durand, users: [marie] };
    const calls = server((c) => {
      if (c.path === '/api/v1/admin/clients/3/archive') return json(200, (state.client = { ...durand, archived: true, archived_at: '2026-11-25T10:00:00Z' }));
      if (c.path === '/api/v1/admin/clients/3/restore') return json(200, (state.client = durand));
      return undefined;
    }, state);
    await open();
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Archiver' }));
    const dialog = screen.getByRole('dialog', { name: fr('Archiver « Transports Durand » ?') });
    expect(dialog).toHaveTextContent(/ne pourront plus se connecter/);
    await user.click(within(dialog).getByRole('button', { name: 'Archiver' }));
    expect(await screen.findByText('Client « Transports Durand » archivé.')).toBeInTheDocument();
    expect(screen.getByText('Client archivé le 25 nov. 2026')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Inviter un utilisateur' })).toBeDisabled();

    await user.click(screen.getByRole('button', { name: 'Restaurer' }));
    expect(await screen.findByText(/Client « Transports Durand » restauré/)).toBeInTheDocument();
    expect(calls.map((c) => c.path)).toContain('/api/v1/admin/clients/3/restore');
  });

  it('deletes only once the exact name is typed; a client with users is refused and can be archived instead', async () => {
    let empty = false;
    const calls = server((c) => {
      if (c.method !== 'DELETE') return undefined;
      return empty ? noContent() : apiError(409, 'client_not_empty', 'Ce client ne peut pas être supprimé : 3 élément(s) y sont rattachés. Archivez-le plutôt.');
    });
    await open();
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Supprimer' }));
    let dialog = screen.getByRole('dialog', { name: fr('Supprimer définitivement « Transports Durand » ?') });
    const submit = within(dialog).getByRole('button', { name: 'Supprimer définitivement' });
    expect(submit).toBeDisabled();
    await user.type(within(dialog).getByLabelText(/saisissez le nom exact du client/), 'Transports durand');
    expect(submit).toBeDisabled();
    await user.clear(within(dialog).getByLabelText(/saisissez le nom exact du client/));
    await user.type(within(dialog).getByLabelText(/saisissez le nom exact du client/), 'Transports Durand');
    await user.click(submit);
    expect(await within(dialog).findByText(/Ce client ne peut pas être supprimé/)).toBeInTheDocument();
    expect(calls.find((c) => c.method === 'DELETE')).toMatchObject({ path: '/api/v1/admin/clients/3', body: { confirm_name: 'Transports Durand' } });
    await user.click(within(dialog).getByRole('button', { name: 'Archiver plutôt' }));
    expect(screen.getByRole('dialog', { name: fr('Archiver « Transports Durand » ?') })).toBeInTheDocument();
    await user.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Annuler' }));

    empty = true;
    await user.click(screen.getByRole('button', { name: 'Supprimer' }));
    dialog = screen.getByRole('dialog');
    await user.type(within(dialog).getByLabelText(/saisissez le nom exact du client/), 'Transports Durand');
    await user.click(within(dialog).getByRole('button', { name: 'Supprimer définitivement' }));
    expect(await screen.findByText('Client « Transports Durand » supprimé.')).toBeInTheDocument();
    expect(screen.getByTestId('location')).toHaveTextContent('/admin/clients');
  });

  it('says so in French when the client does not exist', async () => {
    signedInAs(paul, (c) => (c.path === '/api/v1/admin/clients/3' ? apiError(404, 'not_found', "Élément introuvable : il n'existe pas ou vous n'y avez pas accès.") : json(200, page([]))));
    renderApp('/admin/clients/3');
    expect(await screen.findByRole('heading', { level: 1, name: 'Client introuvable' })).toBeInTheDocument();
    expect(screen.getByText(/Élément introuvable/)).toBeInTheDocument();
  });
});
