import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { safeReturnPath } from './auth/returnPath.ts';
import { apiError, fakeApi, json, marie, renderApp } from './test/utils.tsx';

const anonymous = () => apiError(401, 'unauthenticated', 'Veuillez vous connecter.');

describe('routes', () => {
  it('renders the sign-in page on /connexion', async () => {
    fakeApi(anonymous);
    renderApp('/connexion');
    expect(await screen.findByRole('heading', { level: 1, name: 'Connexion à votre espace' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Se connecter' })).toBeInTheDocument();
  });

  it('sends a signed-out visitor of /tableau-de-bord to /connexion, keeping the wanted page', async () => {
    const calls = fakeApi(anonymous);
    renderApp('/tableau-de-bord');
    expect(await screen.findByRole('button', { name: 'Se connecter' })).toBeInTheDocument();
    expect(screen.getByTestId('location')).toHaveTextContent('/connexion?retour=%2Ftableau-de-bord');
    expect(calls[0]).toMatchObject({ method: 'GET', path: '/api/v1/auth/session' });
  });

  it('redirects / to the dashboard, which greets the signed-in user', async () => {
    fakeApi(() => json(200, { user: marie, csrf_token: 'tok' }));
    renderApp('/');
    expect(await screen.findByRole('heading', { level: 1, name: 'Bonjour Marie Dupont' })).toBeInTheDocument();
    expect(screen.getByText('Espace client — Transports Durand')).toBeInTheDocument();
    expect(screen.getByTestId('location')).toHaveTextContent('/tableau-de-bord');
    await waitFor(() => expect(document.querySelector('meta[name="robots"]')).toHaveAttribute('content', 'noindex, nofollow'));
  });

  it('sends a signed-in visitor of /connexion on to the dashboard', async () => {
    fakeApi(() => json(200, { user: marie, csrf_token: 'tok' }));
    renderApp('/connexion');
    expect(await screen.findByRole('heading', { name: 'Bonjour Marie Dupont' })).toBeInTheDocument();
  });

  it('signs out with the CSRF token and goes back to the sign-in page', async () => {
    const calls = fakeApi((call) => (call.path === '/api/v1/auth/logout' ? new Response(null, { status: 204 }) : json(200, { user: marie, csrf_token: 'tok-9' })));
    renderApp('/tableau-de-bord');
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Se déconnecter' }));
    expect(await screen.findByRole('button', { name: 'Se connecter' })).toBeInTheDocument();
    const logout = calls.find((c) => c.path === '/api/v1/auth/logout');
    expect(logout).toMatchObject({ method: 'POST', headers: { 'x-csrf-token': 'tok-9' } });
  });

  it('explains in French when the session cannot be checked, and retries', async () => {
    let up = false;
    fakeApi(() => {
      if (!up) throw new TypeError('Failed to fetch');
      return json(200, { user: marie, csrf_token: 'tok' });
    });
    renderApp('/tableau-de-bord');
    expect(await screen.findByText('Impossible de vérifier votre session')).toBeInTheDocument();
    expect(screen.getByText('Le serveur ne répond pas. Vérifiez votre connexion puis réessayez.')).toBeInTheDocument();
    up = true;
    await userEvent.setup().click(screen.getByRole('button', { name: 'Réessayer' }));
    expect(await screen.findByRole('heading', { name: 'Bonjour Marie Dupont' })).toBeInTheDocument();
  });

  it('shows a French 404 page for unknown addresses', async () => {
    fakeApi(anonymous);
    renderApp('/cette-page-nexiste-pas');
    expect(await screen.findByRole('heading', { level: 1, name: 'Page introuvable' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: "Retour à l'accueil" })).toHaveAttribute('href', '/');
  });

  it('forgotten password: posts the address and confirms without telling whether the account exists', async () => {
    const calls = fakeApi((call) => (call.path === '/api/v1/auth/password/forgot' ? new Response(null, { status: 204 }) : anonymous()));
    renderApp('/mot-de-passe-oublie');
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText('Adresse e-mail'), 'marie.dupont@client.fr');
    await user.click(screen.getByRole('button', { name: 'Envoyer le lien' }));
    expect(await screen.findByText(/Si un compte correspond à cette adresse/)).toBeInTheDocument();
    expect(calls.find((c) => c.path === '/api/v1/auth/password/forgot')).toMatchObject({
      method: 'POST',
      body: { email: 'marie.dupont@client.fr' },
    });
  });
});

describe('safeReturnPath', () => {
  it('accepts paths of this site only', () => {
    expect(safeReturnPath('/projets/42?onglet=livrables')).toBe('/projets/42?onglet=livrables');
    expect(safeReturnPath('//evil.example/')).toBe('/tableau-de-bord');
    expect(safeReturnPath('/\\evil.example/')).toBe('/tableau-de-bord');
    expect(safeReturnPath('https://evil.example/')).toBe('/tableau-de-bord');
    expect(safeReturnPath('/connexion')).toBe('/tableau-de-bord');
    expect(safeReturnPath(null)).toBe('/tableau-de-bord');
  });
});
