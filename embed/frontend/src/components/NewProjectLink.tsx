import { useTranslation } from '../i18n/index.ts';
import { NEW_PROJECT_PATH } from '../config.ts';
import { ButtonLink } from './Button.tsx';
import { PlusIcon } from './icons.tsx';

// « Nouveau projet »: the staff's way in to the creation page, from the dashboard and the list.
export function NewProjectLink() {
  const { t } = useTranslation();
  return (
    <ButtonLink to={NEW_PROJECT_PATH} variant="primary" icon={<PlusIcon className="size-4" />}>
      {t('projects.new')}
    </ButtonLink>
  );
}
