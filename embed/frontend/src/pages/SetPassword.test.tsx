import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { anonymous, apiError, fakeApi, json, noContent, renderApp } from '../test/utils.tsx';

const invitation = { purpose: 'invitation', email: 'marie.dupont@client.fr', name: 'Marie Dupont' };

function linkServer(inspect: () => Response, set: () => Response = noContent) {
  return fakeApi((call) => {
    if (call.path === '/api/v1/auth/links/inspect') return inspect();
    if (call.path === '/api/v1/auth/links/password') return set();
    return anonymous();
  });
}

describe('set-password page (/definir-mot-de-passe#token)', () => {
  it('inspects the token of the fragment and welcomes the invited person by name', async () => {
    const calls = linkServer(() => json(200, invitation));
    renderApp('/definir-mot-de-passe#tok-123');
    expect(await screen.findByRole('heading', { level: 1, name: 'Bienvenue Marie Dupont, choisissez votre mot de passe' })).toBeInTheDocument();
    expect(screen.getByText('marie.dupont@client.fr')).toBeInTheDocument();
    expect(calls.find((c) => c.path === '/api/v1/auth/links/inspect')?.body).toEqual({ token: 'tok-123' });
  });

  it('says « Nouveau mot de passe » for a reset link', async () => {
    linkServer(() => json(200, { ...invitation, purpose: 'reset' }));
    renderApp('/definir-mot-de-passe#tok-1');
    expect(await screen.findByRole('heading', { level: 1, name: 'Nouveau mot de passe' })).toBeInTheDocument();
  });

  it('shows live hints on the length, then sets the password and opens the sign-in page with a notice', async () => {
    const calls = linkServer(() => json(200, invitation));
    renderApp('/definir-mot-de-passe#tok-123');
    const user = userEvent.setup();
    const password = await screen.findByLabelText('Mot de passe');
    await user.type(password, 'court');
    expect(screen.getByText('Au moins 8 caractères (5 saisis)')).toBeInTheDocument();
    expect(screen.getAllByText(/pas encore respecté/)).not.toHaveLength(0);

    await user.type(password, '-mais-plus-long');
    await user.type(screen.getByLabelText('Confirmez le mot de passe'), 'court-mais-plus-long');
    expect(screen.getByText('Les deux mots de passe sont identiques.')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Activer mon compte' }));

    expect(await screen.findByText(/Votre compte est activé/)).toBeInTheDocument();
    expect(screen.getByTestId('location')).toHaveTextContent('/connexion');
    expect(screen.getByLabelText('Adresse e-mail')).toHaveValue('marie.dupont@client.fr');
    expect(calls.find((c) => c.path === '/api/v1/auth/links/password')).toMatchObject({
      method: 'POST',
      body: { token: 'tok-123', password: 'court-mais-plus-long' },
    });
  });

  it('checks the length and the confirmation before calling the API', async () => {
    const calls = linkServer(() => json(200, invitation));
    renderApp('/definir-mot-de-passe#tok-123');
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText('Mot de passe'), 'abc');
    await user.click(screen.getByRole('button', { name: 'Activer mon compte' }));
    expect(screen.getByText(/doit contenir au moins 8 caractères/)).toBeInTheDocument();
    expect(screen.getByLabelText('Mot de passe')).toHaveAttribute('aria-invalid', 'true');

    await user.type(screen.getByLabelText('Mot de passe'), 'defghijk');
    await user.type(screen.getByLabelText('Confirmez le mot de passe'), 'autre-chose');
    await user.click(screen.getByRole('button', { name: 'Activer mon compte' }));
    expect(screen.getByText(/ne sont pas identiques : saisissez-les de nouveau/)).toBeInTheDocument();
    expect(calls.filter((c) => c.path === '/api/v1/auth/links/password')).toHaveLength(0);
  });

  it("shows the API's policy message (422) next to the password field", async () => {
    linkServer(
      () => json(200, invitation),
      () => apiError(422, 'password_too_common', 'Le message du serveur, qui ne sert que pour un code inconnu.', 'r1', 'password'),
    );
    renderApp('/definir-mot-de-passe#tok-123');
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText('Mot de passe'), 'motdepasse');
    await user.type(screen.getByLabelText('Confirmez le mot de passe'), 'motdepasse');
    await user.click(screen.getByRole('button', { name: 'Activer mon compte' }));
    expect(await screen.findByText('Ce mot de passe est trop courant : choisissez-en un autre, par exemple une phrase de plusieurs mots.')).toBeInTheDocument();
    expect(screen.getByLabelText('Mot de passe')).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByLabelText('Mot de passe')).toHaveFocus();
  });

  it.each([
    [409, 'link_used', 'Ce lien a déjà été utilisé : connectez-vous avec votre mot de passe, ou demandez un nouveau lien avec « Mot de passe oublié ».'],
    [409, 'link_expired', 'Ce lien a expiré : demandez-en un nouveau avec « Mot de passe oublié » ou à votre interlocuteur chez BIGDATA CENTER.'],
    [404, 'link_invalid', "Ce lien n'est pas valide : vérifiez que vous avez copié l'adresse complète, ou demandez un nouveau lien avec « Mot de passe oublié »."],
  ])('explains in French why the link cannot be used (%i %s)', async (status, code, message) => {
    linkServer(() => apiError(status, code, message));
    renderApp('/definir-mot-de-passe#vieux');
    expect(await screen.findByRole('heading', { level: 1, name: 'Ce lien ne peut pas être utilisé' })).toBeInTheDocument();
    expect(screen.getByRole('alert')).toHaveTextContent(message);
    expect(screen.queryByLabelText('Mot de passe')).not.toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Demander un nouveau lien' })).toHaveAttribute('href', '/mot-de-passe-oublie');
  });

  it('without a token, says the link is incomplete and asks the API nothing', async () => {
    const calls = linkServer(() => json(200, invitation));
    renderApp('/definir-mot-de-passe');
    expect(await screen.findByText(/Ce lien est incomplet/)).toBeInTheDocument();
    await waitFor(() => expect(calls.filter((c) => c.path.startsWith('/api/v1/auth/links'))).toHaveLength(0));
  });
});
