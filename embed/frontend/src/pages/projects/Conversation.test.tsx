import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { Message } from '../../api.ts';
import { monthsBetween } from '../../components/BarChart.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { detail } from '../../test/projects.ts';
import { apiError, json, marie, renderApp, signedInAs } from '../../test/utils.tsx';
import { canChange, mergeMessages } from './Conversation.tsx';

function msg(over: Partial<Message>): Message {
  return {
    id: 1,
    project_id: 4,
    author_id: 7,
    author_name: 'Marie',
    author_role: 'client',
    body: 'Bonjour',
    created_at: new Date().toISOString(),
    edited: false,
    deleted: false,
    internal: false,
    attachments: [],
    ...over,
  };
}

describe('conversation helpers', () => {
  it('merges messages by id, oldest first, replacing edited ones', () => {
    const merged = mergeMessages([msg({ id: 2 }), msg({ id: 5 })], [msg({ id: 5, body: 'modifié', edited: true }), msg({ id: 3 })]);
    expect(merged.map((m) => m.id)).toEqual([2, 3, 5]);
    expect(merged[2].body).toBe('modifié');
    // Messages being posted (negative ids) go last, in the order they were written.
    expect(mergeMessages(merged, [msg({ id: -2 }), msg({ id: -1 }), msg({ id: 9 })]).map((m) => m.id)).toEqual([2, 3, 5, 9, -1, -2]);
  });

  it('lets authors change their message for 15 minutes, admins remove any', () => {
    const now = Date.now();
    const fresh = msg({ created_at: new Date(now - 60_000).toISOString() });
    const old = msg({ created_at: new Date(now - 16 * 60_000).toISOString() });
    const marie = { id: 7, role: 'client' as const };
    const paul = { id: 1, role: 'admin' as const };
    expect(canChange(fresh, marie, 'edit', now)).toBe(true);
    expect(canChange(old, marie, 'edit', now)).toBe(false);
    expect(canChange(old, marie, 'remove', now)).toBe(false);
    expect(canChange(old, paul, 'remove', now)).toBe(true);
    expect(canChange(fresh, paul, 'edit', now)).toBe(false);
    expect(canChange(msg({ deleted: true }), paul, 'remove', now)).toBe(false);
  });

  it('lists the months of a period for the charts', () => {
    expect(monthsBetween('2025-11-15', '2026-02-01')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
  });
});

// The conversation on the project page, against a fake server whose answer to the post the test
// holds back: what shows before the server answers, and after.
describe('posting a message (optimistic)', () => {
  function deferred() {
    let resolve!: (r: Response) => void;
    const promise = new Promise<Response>((r) => (resolve = r));
    return { promise, resolve };
  }

  // `thread`: what the server holds (a test adds the message it lets the server save).
  function server(answer: Promise<Response>, thread: Message[] = []) {
    const earlier = msg({ id: 10, author_id: 1, author_name: 'Paul Martin', author_role: 'admin', body: 'Les maquettes arrivent.', created_at: '2026-11-20T09:00:00Z' });
    thread.unshift(earlier);
    return signedInAs(marie, (c) => {
      if (c.method === 'GET' && c.path === '/api/v1/projects/42') return json(200, detail());
      if (c.method === 'GET' && c.path === '/api/v1/projects/42/deliverables') return json(200, { items: [] });
      if (c.method === 'GET' && c.path === '/api/v1/projects/42/messages') return json(200, { items: [...thread], last_read: 10, has_more: false });
      if (c.method === 'POST' && c.path === '/api/v1/projects/42/messages') return answer;
      return undefined;
    });
  }

  async function write(text: string) {
    renderApp('/projets/42');
    const list = await screen.findByRole('list', { name: 'Messages du projet' });
    const user = userEvent.setup();
    await user.type(screen.getByRole('textbox', { name: 'Votre message' }), text);
    await user.click(screen.getByRole('button', { name: 'Envoyer' }));
    return list;
  }

  it('shows the message at once, marked as being sent, then as the server saved it', async () => {
    const answer = deferred();
    const thread: Message[] = [];
    const calls = server(answer.promise, thread);
    const list = await write('Merci, bien reçu.');

    // Before any answer: in the list, last, « Envoi en cours… », and the composer is empty.
    const items = within(list).getAllByRole('listitem');
    expect(items).toHaveLength(2);
    expect(within(items[1]).getByText('Merci, bien reçu.')).toBeInTheDocument();
    expect(within(items[1]).getByText('Envoi en cours…')).toBeInTheDocument();
    expect(items[1]).toHaveAttribute('aria-busy', 'true');
    expect(within(items[1]).queryByRole('button', { name: /Modifier/ })).toBeNull();
    expect(screen.getByRole('textbox', { name: 'Votre message' })).toHaveValue('');
    expect(calls.filter((c) => c.method === 'POST')[0].body).toEqual({ body: 'Merci, bien reçu.', attachment_ids: [], internal: false });

    const saved11 = msg({ id: 11, author_id: marie.id, author_name: marie.name, body: 'Merci, bien reçu.', created_at: '2026-11-21T10:00:00Z' });
    thread.push(saved11);
    answer.resolve(json(201, saved11));
    await waitFor(() => expect(within(list).queryByText('Envoi en cours…')).toBeNull());
    const saved = within(list).getAllByRole('listitem')[1];
    expect(within(saved).getByText('Merci, bien reçu.')).toBeInTheDocument();
    expect(saved).not.toHaveAttribute('aria-busy');
    expect(within(saved).getByText(formatDateTime('2026-11-21T10:00:00Z'))).toBeInTheDocument();
    expect(within(list).getAllByRole('listitem')).toHaveLength(2);
    // Once the post is over, the conversation is read again (what others wrote meanwhile).
    await waitFor(() => expect(calls.filter((c) => c.method === 'GET' && c.path === '/api/v1/projects/42/messages')).toHaveLength(2));
  });

  it('takes the message back out when the server refuses it: the text returns to the composer with the error', async () => {
    const answer = deferred();
    server(answer.promise);
    const list = await write('Un message refusé');
    expect(within(list).getByText('Un message refusé')).toBeInTheDocument();

    answer.resolve(apiError(422, 'message_too_long', 'Le message est trop long.', 'req-1', 'body'));
    expect(await screen.findByText('Le message est trop long.')).toBeInTheDocument();
    expect(within(list).queryByText('Un message refusé')).toBeNull();
    expect(within(list).getAllByRole('listitem')).toHaveLength(1);
    expect(screen.getByRole('textbox', { name: 'Votre message' })).toHaveValue('Un message refusé');
  });
});
