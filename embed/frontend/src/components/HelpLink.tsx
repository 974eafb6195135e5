import { useUser } from '../auth/AuthContext.tsx';
import { helpHref, type HelpTopic } from '../help.ts';
import { useTranslation } from '../i18n/index.ts';
import { Link } from './Link.tsx';

/** The « ? » beside a page title: opens the section of the guide that explains this screen. */
export function HelpLink({ topic }: { topic: HelpTopic }) {
  const { t } = useTranslation();
  const user = useUser();
  return (
    <Link
      to={helpHref(topic, user.role)}
      aria-label={t('help.about')}
      title={t('help.about')}
      className="inline-flex size-11 shrink-0 items-center justify-center rounded-full text-lg font-bold text-brand-800 ring-1 ring-brand-200 ring-inset hover:bg-brand-50 print:hidden"
    >
      ?
    </Link>
  );
}
