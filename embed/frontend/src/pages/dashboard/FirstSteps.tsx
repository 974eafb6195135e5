import { useState } from 'react';
import { Button } from '../../components/Button.tsx';
import { Link } from '../../components/Link.tsx';
import { CloseIcon, HelpIcon } from '../../components/icons.tsx';
import { HELP_PATH } from '../../config.ts';
import { useTranslation } from '../../i18n/index.ts';

// « Premiers pas »: a card on the dashboard pointing a newcomer to the sections of their guide
// (issue 17's light tour). Closing it is remembered per user in this browser only: nothing on the
// server to migrate or to clean, and a person on a new device sees it once more, which is harmless.

/** localStorage key of a user's « closed » mark (per user: a shared computer has several). */
export function firstStepsKey(userId: number) {
  return `portal.firstSteps.closed.${userId}`;
}

function closed(userId: number) {
  try {
    return window.localStorage.getItem(firstStepsKey(userId)) === '1';
  } catch {
    return false; // storage refused (private mode): the card shows, and can still be closed for the visit
  }
}

const SECTIONS = {
  client: ['premiere-connexion', 'projet', 'livrables', 'retours', 'echanges', 'calendrier'],
  administrateur: ['clients', 'projets', 'taches', 'livrables', 'retours', 'notes-internes'],
} as const;

export function FirstSteps({ userId, admin }: { userId: number; admin: boolean }) {
  const { t } = useTranslation();
  const [hidden, setHidden] = useState(() => closed(userId));
  if (hidden) return null;
  const guide = admin ? 'administrateur' : 'client';
  const close = () => {
    try {
      window.localStorage.setItem(firstStepsKey(userId), '1');
    } catch {
      // not remembered: closed for this visit only
    }
    setHidden(true);
  };
  return (
    <section aria-labelledby="premiers-pas-titre" className="rounded-2xl border border-brand-200 bg-brand-50 p-4 text-brand-900 sm:p-5">
      <div className="flex items-start justify-between gap-3">
        <h2 id="premiers-pas-titre" className="flex items-center gap-2 text-lg font-bold">
          <HelpIcon className="size-5 shrink-0" />
          {t('firstSteps.title')}
        </h2>
        <Button variant="ghost" onClick={close} icon={<CloseIcon className="size-4" />}>
          {t('firstSteps.close')}
        </Button>
      </div>
      <p className="mt-1 text-sm">{t('firstSteps.intro')}</p>
      <ul className="mt-2 grid gap-x-4 sm:grid-cols-2">
        {SECTIONS[guide].map((anchor) => (
          <li key={anchor}>
            <Link to={`${HELP_PATH}/${guide}#${anchor}`} className="inline-flex min-h-11 items-center font-semibold underline underline-offset-4">
              {t(`firstSteps.${guide}.${anchor}`)}
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
