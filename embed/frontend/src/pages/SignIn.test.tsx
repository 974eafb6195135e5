import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { apiError, fakeApi, json, marie, renderApp, fr } from '../test/utils.tsx';

/** Renders the sign-in page at `path`, once its code (a file of its own) is in. */
async function openSignIn(path: string) {
  renderApp(path);
  await screen.findByRole('heading', { level: 1, name: 'Connexion à votre espace' });
}

const anonymous = () => apiError(401, 'unauthenticated', 'Veuillez vous connecter.');

async function fillAndSubmit(email: string, password: string) {
  const user = userEvent.setup();
  await user.type(screen.getByLabelText('Adresse e-mail'), email);
  await user.type(screen.getByLabelText('Mot de passe'), password);
  await user.click(screen.getByRole('button', { name: 'Se connecter' }));
  return user;
}

describe('sign-in page', () => {
  it('has labelled fields, a submit button and a link to the forgotten-password page', async () => {
    fakeApi(anonymous);
    await openSignIn('/connexion');
    expect(screen.getByRole('heading', { level: 1, name: 'Connexion à votre espace' })).toBeInTheDocument();
    expect(screen.getByLabelText('Adresse e-mail')).toHaveAttribute('type', 'email');
    expect(screen.getByLabelText('Mot de passe')).toHaveAttribute('type', 'password');
    expect(screen.getByRole('link', { name: fr('Mot de passe oublié ?') })).toHaveAttribute('href', '/mot-de-passe-oublie');
    await waitFor(() => expect(document.title).toBe('Portail client — BIGDATA CENTER'));
  });

  it('shows the French error message returned by the API in the alert region', async () => {
    const calls = fakeApi((call) => (call.path === '/api/v1/auth/login' ? apiError(401, 'invalid_credentials', 'Identifiant ou mot de passe incorrect.') : anonymous()));
    await openSignIn('/connexion');
    await fillAndSubmit('marie.dupont@client.fr', 'mauvais');

    const alert = await screen.findByRole('alert');
    await waitFor(() => expect(alert).toHaveTextContent('Identifiant ou mot de passe incorrect.'));
    expect(alert).toHaveAttribute('aria-live', 'assertive');
    expect(calls.find((c) => c.path === '/api/v1/auth/login')?.body).toEqual({
      email: 'marie.dupont@client.fr',
      password: 'mauvais',
    });
    // Still on the sign-in page, ready to try again.
    expect(screen.getByTestId('location')).toHaveTextContent('/connexion');
    expect(screen.getByRole('button', { name: 'Se connecter' })).toBeEnabled();
  });

  it('shows the rate-limit message (429) as the API words it', async () => {
    fakeApi((call) => (call.path === '/api/v1/auth/login' ? apiError(429, 'too_many_attempts', 'Trop de tentatives…', 'r', undefined, { count: 15 }) : anonymous()));
    await openSignIn('/connexion');
    await fillAndSubmit('marie.dupont@client.fr', 'x');
    expect(await screen.findByText(/^Trop de tentatives de connexion : réessayez dans 15 minutes,/)).toBeInTheDocument();
  });

  it('checks the fields in French before calling the API', async () => {
    const calls = fakeApi(anonymous);
    await openSignIn('/connexion');
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Se connecter' }));
    expect(screen.getByText('Saisissez votre adresse e-mail.')).toBeInTheDocument();
    expect(screen.getByText('Saisissez votre mot de passe.')).toBeInTheDocument();
    expect(screen.getByLabelText('Adresse e-mail')).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByLabelText('Adresse e-mail')).toHaveFocus();

    await user.type(screen.getByLabelText('Adresse e-mail'), 'pas-une-adresse');
    await user.click(screen.getByRole('button', { name: 'Se connecter' }));
    expect(screen.getByText(/Cette adresse e-mail n'est pas valide/)).toBeInTheDocument();
    expect(calls.filter((c) => c.path === '/api/v1/auth/login')).toHaveLength(0);
  });

  it('shows a loading state while signing in, then opens the wanted page', async () => {
    let release: (r: Response) => void = () => {};
    fakeApi((call) =>
      call.path === '/api/v1/auth/login'
        ? new Promise<Response>((resolve) => (release = resolve))
        : call.path === '/api/v1/notifications'
          ? json(200, { unread: 0, items: [] }) // the bell of the signed-in frame
          : anonymous(),
    );
    await openSignIn('/connexion?retour=%2Ftableau-de-bord');
    await fillAndSubmit('marie.dupont@client.fr', 'correct');

    const busy = await screen.findByRole('button', { name: 'Connexion en cours…' });
    expect(busy).toBeDisabled();
    release(json(200, { user: marie, csrf_token: 'tok' }));

    expect(await screen.findByRole('heading', { name: 'Bonjour Marie Dupont' })).toBeInTheDocument();
    expect(screen.getByTestId('location')).toHaveTextContent('/tableau-de-bord');
  });

  it('asks for the 6-digit code when two-factor authentication is on', async () => {
    const calls = fakeApi((call) => {
      if (call.path === '/api/v1/auth/login') return json(200, { two_factor_required: true });
      if (call.path === '/api/v1/auth/login/totp') {
        return (call.body as { code: string }).code === '123456' ? json(200, { user: marie, csrf_token: 'tok' }) : apiError(401, 'invalid_code', 'Code incorrect ou expiré.');
      }
      return anonymous();
    });
    await openSignIn('/connexion');
    const user = await fillAndSubmit('marie.dupont@client.fr', 'correct');

    const code = await screen.findByLabelText('Code de vérification');
    await waitFor(() => expect(code).toHaveFocus());
    expect(code).toHaveAttribute('autocomplete', 'one-time-code');

    await user.type(code, '12');
    await user.click(screen.getByRole('button', { name: 'Valider le code' }));
    expect(screen.getByText(/Le code doit comporter 6 chiffres/)).toBeInTheDocument();

    await user.clear(code);
    await user.type(code, '000000');
    await user.click(screen.getByRole('button', { name: 'Valider le code' }));
    expect(await screen.findByText(/^Code incorrect ou expiré : saisissez le code à 6 chiffres/)).toBeInTheDocument();

    await user.clear(code);
    await user.type(code, '123456');
    await user.click(screen.getByRole('button', { name: 'Valider le code' }));
    expect(await screen.findByRole('heading', { name: 'Bonjour Marie Dupont' })).toBeInTheDocument();
    expect(calls.filter((c) => c.path === '/api/v1/auth/login/totp').map((c) => c.body)).toEqual([{ code: '000000' }, { code: '123456' }]);
  });

  it('accepts a recovery code instead of the 6-digit code', async () => {
    const calls = fakeApi((call) => {
      if (call.path === '/api/v1/auth/login') return json(200, { two_factor_required: true });
      if (call.path === '/api/v1/auth/login/totp') return json(200, { user: marie, csrf_token: 'tok' });
      return anonymous();
    });
    await openSignIn('/connexion');
    const user = await fillAndSubmit('marie.dupont@client.fr', 'correct');
    await user.click(await screen.findByRole('button', { name: 'Utiliser un code de secours' }));
    const field = screen.getByLabelText('Code de secours');
    await waitFor(() => expect(field).toHaveFocus());

    await user.type(field, 'abc');
    await user.click(screen.getByRole('button', { name: 'Valider le code' }));
    expect(screen.getByText(/Un code de secours comporte 8 lettres ou chiffres/)).toBeInTheDocument();

    await user.clear(field);
    await user.type(field, ' K3F9-X2M4 ');
    await user.click(screen.getByRole('button', { name: 'Valider le code' }));
    expect(await screen.findByRole('heading', { name: 'Bonjour Marie Dupont' })).toBeInTheDocument();
    expect(calls.find((c) => c.path === '/api/v1/auth/login/totp')?.body).toEqual({ code: 'k3f9-x2m4' });
  });

  it('shows the French network message when the server does not answer', async () => {
    fakeApi((call) => {
      if (call.path === '/api/v1/auth/login') throw new TypeError('Failed to fetch');
      return anonymous();
    });
    await openSignIn('/connexion');
    await fillAndSubmit('marie.dupont@client.fr', 'x');
    expect(await screen.findByText('Le serveur ne répond pas. Vérifiez votre connexion puis réessayez.')).toBeInTheDocument();
  });

  it('switches the interface to English and back', async () => {
    fakeApi(anonymous);
    await openSignIn('/connexion');
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'EN' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Sign in to your area' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'EN' })).toHaveAttribute('aria-pressed', 'true');
    expect(window.localStorage.getItem('portail.langue')).toBe('en');
    await user.click(screen.getByRole('button', { name: 'FR' }));
    expect(screen.getByRole('heading', { level: 1, name: 'Connexion à votre espace' })).toBeInTheDocument();
  });
});
