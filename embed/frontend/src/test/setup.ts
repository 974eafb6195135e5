import '@testing-library/jest-dom/vitest';
import { afterEach, beforeAll } from 'vitest';
import { cleanup, configure } from '@testing-library/react';
import i18n, { loadErrorTexts } from '../i18n/index.ts';
import { setCsrfToken } from '../api.ts';

// findBy…/waitFor give a page 10 s (not 1 s) to show what is expected: on a machine busy with other
// work (CI, load runs), the first render of a big page can take longer than a second.
configure({ asyncUtilTimeout: 10_000 });

// In the browser the error texts arrive with the first error; a test reads them from the start.
beforeAll(() => Promise.all([loadErrorTexts('fr'), loadErrorTexts('en')]));

afterEach(async () => {
  cleanup();
  setCsrfToken(null);
  window.localStorage.clear();
  await i18n.changeLanguage('fr');
});
