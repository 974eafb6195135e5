import '@testing-library/jest-dom/vitest';
import { afterEach } from 'vitest';
import { cleanup } from '@testing-library/react';
import i18n from '../i18n/index.ts';
import { setCsrfToken } from '../api.ts';

afterEach(async () => {
  cleanup();
  setCsrfToken(null);
  window.localStorage.clear();
  await i18n.changeLanguage('fr');
});
