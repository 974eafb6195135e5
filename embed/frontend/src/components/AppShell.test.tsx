import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import i18n from '../i18n/index.ts';
import { apiError, client, json, marie, page, paul, renderApp, signedInAs } from '../test/utils.tsx';

function mainNav() {
  return screen.getByRole('navigation', { name: 'Navigation principale' });
}

/** Signs `user` in on the dashboard, waits for its greeting and answers the main navigation's links. */
async function dashboardLinks(user: typeof paul, greeting: string) {
  signedInAs(user);
  renderApp('/tableau-de-bord');
  expect(await screen.findByRole('heading', { name: greeting })).toBeInTheDocument();
  return within(mainNav()).getAllByRole('link');
}

describe('navigation and access', () => {
  it('an admin sees Tableau de bord, Projets, Clients, Utilisateurs, Mon compte, and its name', async () => {
    const links = (await dashboardLinks(paul, 'Bonjour Paul Martin')).map((a) => a.textContent);
    expect(links).toEqual(['Tableau de bord', 'Projets', 'Clients', 'Utilisateurs', 'Mon compte', 'Aide']);
    expect(within(mainNav()).getByRole('link', { name: 'Tableau de bord' })).toHaveAttribute('aria-current', 'page');
    expect(screen.getByText('Équipe BIGDATA CENTER — administration')).toBeInTheDocument();
  });

  it('a client sees no administration link, and its company', async () => {
    const links = (await dashboardLinks(marie, 'Bonjour Marie Dupont')).map((a) => a.getAttribute('href'));
    expect(links).toEqual(['/tableau-de-bord', '/projets', '/mon-compte', '/aide']);
    expect(document.querySelector('a[href^="/admin"]')).toBeNull();
    expect(screen.getAllByText('Transports Durand').length).toBeGreaterThan(0);
  });

  it.each(['/admin/clients', '/admin/clients/3', '/admin/utilisateurs', '/admin/autre'])(
    'a client visiting %s gets the French « Page introuvable » and the admin API is never called',
    async (path) => {
      const calls = signedInAs(marie);
      renderApp(path);
      expect(await screen.findByRole('heading', { level: 1, name: 'Page introuvable' })).toBeInTheDocument();
      expect(screen.getByTestId('location')).toHaveTextContent(path);
      expect(calls.filter((c) => c.path.startsWith('/api/v1/admin'))).toEqual([]);
      expect(screen.getByRole('link', { name: "Retour à l'accueil" })).toHaveAttribute('href', '/tableau-de-bord');
    },
  );

  it('the phone menu button opens and closes the navigation (Escape, a press outside)', async () => {
    signedInAs(marie);
    renderApp('/tableau-de-bord');
    const user = userEvent.setup();
    const button = await screen.findByRole('button', { name: 'Menu' });
    expect(button).toHaveAttribute('aria-expanded', 'false');
    await user.click(button);
    expect(button).toHaveAttribute('aria-expanded', 'true');
    // The button names the navigation it opens.
    expect(document.getElementById(button.getAttribute('aria-controls') ?? '')).toContainElement(screen.getAllByRole('link', { name: 'Projets' })[0]);
    await user.keyboard('{Escape}');
    expect(button).toHaveAttribute('aria-expanded', 'false');
    expect(button).toHaveFocus();
    // A press outside the top bar closes it too.
    await user.click(button);
    expect(button).toHaveAttribute('aria-expanded', 'true');
    await user.click(screen.getByRole('main'));
    expect(button).toHaveAttribute('aria-expanded', 'false');
  });

  it('follows the language of the account, and the switch saves it in the account', async () => {
    const calls = signedInAs({ ...marie, language: 'en' }, (call) => (call.method === 'PATCH' && call.path === '/api/v1/account' ? json(200, { ...marie, language: 'fr' }) : undefined));
    renderApp('/tableau-de-bord');
    expect(await screen.findByRole('heading', { name: 'Hello Marie Dupont' })).toBeInTheDocument();
    expect(i18n.language).toBe('en');
    await userEvent.setup().click(screen.getByRole('button', { name: 'FR' }));
    expect(await screen.findByRole('heading', { name: 'Bonjour Marie Dupont' })).toBeInTheDocument();
    await waitFor(() => expect(calls.find((c) => c.method === 'PATCH')).toMatchObject({ path: '/api/v1/account', body: { name: 'Marie Dupont', language: 'fr' } }));
    expect(window.localStorage.getItem('portail.langue')).toBe('fr');
  });

  it('an admin page answered 403 totp_required sends the admin to « Mon compte » with the explanation', async () => {
    const message = 'Cette installation exige la double authentification pour les administrateurs : activez-la depuis « Mon compte ».';
    signedInAs(paul, (call) => (call.path === '/api/v1/admin/clients' ? apiError(403, 'totp_required', message) : undefined));
    renderApp('/admin/clients');
    expect(await screen.findByRole('heading', { level: 1, name: 'Mon compte' })).toBeInTheDocument();
    expect(screen.getByText('Double authentification obligatoire')).toBeInTheDocument();
    expect(screen.getByText(message)).toBeInTheDocument();
    expect(screen.getByTestId('location')).toHaveTextContent('/mon-compte');
  });

  it('a private request answered 401 (session ended) goes back to the sign-in page, saying why', async () => {
    signedInAs(paul, (call) => (call.path === '/api/v1/admin/clients' ? apiError(401, 'unauthenticated', 'Votre session a expiré.') : undefined));
    renderApp('/admin/clients');
    expect(await screen.findByRole('button', { name: 'Se connecter' })).toBeInTheDocument();
    expect(screen.getByText('Votre session a expiré : reconnectez-vous pour continuer.')).toBeInTheDocument();
    expect(screen.getByTestId('location')).toHaveTextContent('/connexion?retour=%2Fadmin%2Fclients');
  });

  it('the help page is per role', async () => {
    signedInAs(paul, (call) => (call.path === '/api/v1/admin/clients' ? json(200, page([client()])) : undefined));
    renderApp('/aide');
    expect(await screen.findByRole('heading', { level: 1, name: 'Aide' })).toBeInTheDocument();
    for (const name of ["Guide de l'administrateur", 'Guide du client', "Guide d'exploitation", 'Nouveautés']) {
      expect(screen.getByRole('link', { name })).toHaveAttribute('href', expect.stringMatching(/^\/aide\/[a-z]+$/));
    }
  });

  it('a client is offered the client guide only', async () => {
    signedInAs(marie);
    renderApp('/aide');
    expect(await screen.findByRole('link', { name: 'Guide du client' })).toHaveAttribute('href', '/aide/client');
    expect(screen.queryByRole('link', { name: "Guide de l'administrateur" })).toBeNull();
    expect(screen.queryByRole('link', { name: "Guide d'exploitation" })).toBeNull();
  });
});
