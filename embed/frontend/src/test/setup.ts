import '@testing-library/jest-dom/vitest';
import { afterEach } from 'vitest';
import { cleanup, configure } from '@testing-library/react';
import i18n from '../i18n/index.ts';
import { setCsrfToken } from '../api.ts';

// findBy…/waitFor give a page 10 s (not 1 s) to show what is expected: on a machine busy with other
// work (CI, load runs), the first render of a big page can take longer than a second.
configure({ asyncUtilTimeout: 10_000 });

afterEach(async () => {
  cleanup();
  setCsrfToken(null);
  window.localStorage.clear();
  await i18n.changeLanguage('fr');
});
