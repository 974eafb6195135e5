import { describe, expect, it } from 'vitest';
import { LIST_TOTAL_CAP } from '../api.ts';
import { t } from '../i18n/index.ts';
import { listTotal } from './Pagination.tsx';

describe('listTotal', () => {
  it('says the exact count below the server’s cap, and « plus de 1 000 » at it, for every capped list', () => {
    expect(listTotal(t, 'audit.count', 1)).toBe('1 entrée');
    expect(listTotal(t, 'audit.count', LIST_TOTAL_CAP - 1)).toBe('999 entrées');
    for (const key of ['audit.count', 'retours.total', 'projects.count']) {
      expect(listTotal(t, key, LIST_TOTAL_CAP)).toMatch(/^Plus de 1\s000 \S+\s: affinez les filtres$/);
    }
  });
});
