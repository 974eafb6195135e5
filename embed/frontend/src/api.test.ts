import { describe, expect, it } from 'vitest';
import { adminApi, api, ApiError, authApi, getCsrfToken, onApiError } from './api.ts';
import i18n from './i18n/index.ts';
import { apiError, fakeApi, json, marie } from './test/utils.tsx';

const NETWORK_FR = 'Le serveur ne répond pas. Vérifiez votre connexion puis réessayez.';

describe('api client', () => {
  it('turns the error shape into an ApiError with code, message, status and request id', async () => {
    fakeApi(() => apiError(401, 'invalid_credentials', 'Identifiant ou mot de passe incorrect.', 'abc123'));
    const error = await authApi.login('a@b.fr', 'x').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      code: 'invalid_credentials',
      message: 'Identifiant ou mot de passe incorrect.',
      status: 401,
      requestId: 'abc123',
    });
  });

  it('gives the French "server not responding" message when fetch fails', async () => {
    fakeApi(() => {
      throw new TypeError('Failed to fetch');
    });
    await expect(authApi.session()).rejects.toMatchObject({ code: 'network_error', message: NETWORK_FR });
  });

  it('gives the same message when the answer is not JSON (e.g. a proxy error page)', async () => {
    fakeApi(() => new Response('<html>502 Bad Gateway</html>', { status: 502, headers: { 'Content-Type': 'text/html' } }));
    await expect(authApi.session()).rejects.toMatchObject({ code: 'network_error', message: NETWORK_FR, status: 502 });
  });

  it('gives a French generic message when an error has no usable message', async () => {
    fakeApi(() => json(500, { oops: true }));
    await expect(api.get('/x')).rejects.toMatchObject({
      code: 'unexpected',
      status: 500,
      message: expect.stringContaining('Une erreur inattendue'),
    });
  });

  it('sends JSON with same-origin credentials to /api/v1', async () => {
    const calls = fakeApi(() => json(200, { two_factor_required: true }));
    await authApi.login('marie@client.fr', 'secret');
    expect(calls[0]).toMatchObject({
      method: 'POST',
      path: '/api/v1/auth/login',
      credentials: 'same-origin',
      body: { email: 'marie@client.fr', password: 'secret' },
    });
    expect(calls[0].headers['content-type']).toBe('application/json');
  });

  it('keeps the csrf_token of the last session answer and sends it on writes only', async () => {
    const calls = fakeApi((call) => {
      if (call.path === '/api/v1/auth/session') return json(200, { user: marie, csrf_token: 'tok-1' });
      if (call.path === '/api/v1/auth/logout') return new Response(null, { status: 204 });
      return json(200, {});
    });
    await authApi.session();
    expect(getCsrfToken()).toBe('tok-1');
    await api.get('/projects');
    await api.post('/projects', { name: 'P' });
    expect(calls[0].headers['x-csrf-token']).toBeUndefined();
    expect(calls[1].headers['x-csrf-token']).toBeUndefined();
    expect(calls[2].headers['x-csrf-token']).toBe('tok-1');

    await authApi.logout();
    expect(calls[3].headers['x-csrf-token']).toBe('tok-1');
    expect(getCsrfToken()).toBeNull();
  });

  it('returns undefined for 204 No Content', async () => {
    fakeApi(() => new Response(null, { status: 204 }));
    await expect(api.post('/auth/logout')).resolves.toBeUndefined();
  });

  it('keeps the field at fault of a 422 answer', async () => {
    fakeApi(() => apiError(422, 'required', 'Le nom du client est obligatoire.', 'r-1', 'name', { label: 'client_name' }));
    await expect(adminApi.createClient({ name: '', contact_name: '', contact_email: '', phone: '', address: '', notes: '' })).rejects.toMatchObject({
      status: 422,
      field: 'name',
      params: { label: 'client_name' },
      message: 'Le nom du client est obligatoire.',
    });
  });

  it('writes an error from its code and parameters in the current language, following a change of language', async () => {
    const tooLong = () => apiError(422, 'too_long', 'Le nom du client ne peut pas dépasser 200 caractères.', 'r-2', 'name', { label: 'client_name', max: 10000 });
    fakeApi(tooLong);
    const error = (await adminApi.createClient({ name: 'x', contact_name: '', contact_email: '', phone: '', address: '', notes: '' }).catch((e: unknown) => e)) as ApiError;
    // The French comes from fr.json, numbers written the French way (narrow no-break space).
    expect(error.message).toBe('Le nom du client ne peut pas dépasser 10\u202f000 caractères.');
    try {
      await i18n.changeLanguage('en');
      expect(error.message).toBe('Client name cannot be longer than 10,000 characters.');
      fakeApi(() => apiError(413, 'file_too_large', 'Erreur de téléversement : le fichier dépasse la taille maximale (1,5 Go).', 'r-3', 'file', { max_bytes: 3 * 2 ** 29 }));
      await expect(api.get('/x')).rejects.toMatchObject({ message: 'Upload error: the file is larger than the maximum size (1.5\u00a0GB).' });
      fakeApi(() => apiError(429, 'too_many_attempts', 'Trop de tentatives…', 'r-4', undefined, { count: 1 }));
      await expect(api.get('/x')).rejects.toMatchObject({ message: expect.stringContaining('try again in 1 minute,') });
      // A code this interface does not know yet: the server's own message.
      fakeApi(() => apiError(409, 'brand_new_code', 'Un message tout neuf.', 'r-5'));
      await expect(api.get('/x')).rejects.toMatchObject({ code: 'brand_new_code', message: 'Un message tout neuf.' });
    } finally {
      await i18n.changeLanguage('fr');
    }
  });

  it('sends a JSON body with DELETE when there is one (typed confirmation)', async () => {
    const calls = fakeApi(() => new Response(null, { status: 204 }));
    await adminApi.deleteClient(4, 'Société Alpha');
    expect(calls[0]).toMatchObject({ method: 'DELETE', path: '/api/v1/admin/clients/4', body: { confirm_name: 'Société Alpha' } });
    expect(calls[0].headers['content-type']).toBe('application/json');
  });

  it('builds list queries without empty parameters', async () => {
    const calls = fakeApi(() => json(200, { items: [], total: 0, page: 1, per_page: 20 }));
    await adminApi.clients({ q: '', archived: true, page: 2 });
    await adminApi.users({ client_id: 3, role: '', q: 'marie' });
    expect(calls[0].search).toBe('?archived=true&page=2');
    expect(calls[1].search).toBe('?client_id=3&q=marie');
  });

  it('tells its listeners about every error answer, with the path', async () => {
    fakeApi(() => apiError(403, 'totp_required', 'Activez la double authentification.'));
    const heard: string[] = [];
    const stop = onApiError((e, path) => heard.push(`${e.code} ${path}`));
    await api.get('/admin/clients').catch(() => {});
    stop();
    await api.get('/admin/clients').catch(() => {});
    expect(heard).toEqual(['totp_required /admin/clients']);
  });
});
