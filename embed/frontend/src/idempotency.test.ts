import { describe, expect, it } from 'vitest';
import { api } from './api.ts';
import { apiError, fakeApi, json } from './test/utils.tsx';

describe('idempotency keys', () => {
  it('reuses the key of a POST for its retry after an unknown outcome, and makes a new one once answered', async () => {
    const answers: Array<() => Response> = [
      () => {
        throw new TypeError('Failed to fetch');
      },
      () => apiError(503, 'unavailable', 'Le portail ne répond pas assez vite en ce moment : réessayez dans un instant.'),
      () => json(201, { id: 7 }),
      () => json(201, { id: 8 }),
    ];
    const calls = fakeApi(() => answers[calls.length - 1]());
    const post = () => api.post('/projects/1/messages', { body: 'Bonjour', attachment_ids: [] });
    await expect(post()).rejects.toMatchObject({ code: 'network_error' });
    await expect(post()).rejects.toMatchObject({ code: 'unavailable', status: 503 });
    await expect(post()).resolves.toEqual({ id: 7 });
    await expect(post()).resolves.toEqual({ id: 8 });
    const keys = calls.map((c) => c.headers['idempotency-key']);
    expect(keys[0]).toMatch(/^[0-9a-f]{32}$/);
    expect(keys[1]).toBe(keys[0]); // the retries of one action
    expect(keys[2]).toBe(keys[0]);
    expect(keys[3]).not.toBe(keys[0]); // answered: the same text again is a new message
  });

  it('gives another request its own key, and none to reads', async () => {
    const calls = fakeApi(() => json(201, {}));
    await api.post('/projects/1/messages', { body: 'A' });
    await api.post('/projects/1/messages', { body: 'B' });
    await api.get('/projects');
    expect(calls[0].headers['idempotency-key']).not.toBe(calls[1].headers['idempotency-key']);
    expect(calls[2].headers['idempotency-key']).toBeUndefined();
  });
});
