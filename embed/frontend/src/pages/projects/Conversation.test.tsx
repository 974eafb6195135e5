import { describe, expect, it } from 'vitest';
import type { Message } from '../../api.ts';
import { monthsBetween } from '../../components/BarChart.tsx';
import { canChange, mergeMessages } from './Conversation.tsx';

function msg(over: Partial<Message>): Message {
  return { id: 1, project_id: 4, author_id: 7, author_name: 'Marie', author_role: 'client', body: 'Bonjour', created_at: new Date().toISOString(), edited: false, deleted: false, internal: false, attachments: [], ...over };
}

describe('conversation helpers', () => {
  it('merges messages by id, oldest first, replacing edited ones', () => {
    const merged = mergeMessages([msg({ id: 2 }), msg({ id: 5 })], [msg({ id: 5, body: 'modifié', edited: true }), msg({ id: 3 })]);
    expect(merged.map((m) => m.id)).toEqual([2, 3, 5]);
    expect(merged[2].body).toBe('modifié');
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
