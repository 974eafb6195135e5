import { useNavigate } from 'react-router';
import { Link } from '../../components/Link.tsx';
import { useTranslation } from '../../i18n/index.ts';
import { adminProjectsApi } from '../../api.ts';
import { useUser } from '../../auth/AuthContext.tsx';
import { ButtonLink } from '../../components/Button.tsx';
import { ChevronLeftIcon } from '../../components/icons.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { useToast } from '../../components/Toast.tsx';
import { PROJECTS_PATH, projectPath } from '../../config.ts';
import { usePageMeta } from '../../pageMeta.ts';
import { ProjectForm } from './ProjectForm.tsx';

// /projets/nouveau (admins): a new project for a client; its steps are added on its page next.
export default function NewProject() {
  const { t } = useTranslation();
  usePageMeta({ title: t('app.pageTitle', { page: t('projects.newTitle') }), indexable: false });
  const me = useUser();
  const navigate = useNavigate();
  const toast = useToast();
  return (
    <>
      <PageHeader
        help="newProject"
        eyebrow={
          <Link to={PROJECTS_PATH} className="inline-flex min-h-11 items-center gap-1 underline-offset-4 hover:underline">
            <ChevronLeftIcon className="size-4" />
            {t('projects.back')}
          </Link>
        }
        title={t('projects.newTitle')}
      >
        {t('projects.newText')}
      </PageHeader>
      <div className="rounded-2xl bg-white p-5 shadow-sm ring-1 ring-gray-200 sm:p-7">
        <ProjectForm
          project={null}
          defaultManager={me.id}
          submitLabel={t('projects.create')}
          actions={<ButtonLink to={PROJECTS_PATH}>{t('dialog.cancel')}</ButtonLink>}
          onSubmit={async (input) => {
            const created = await adminProjectsApi.create(input);
            toast(t('projects.created', { name: created.name }));
            navigate(projectPath(created.id));
          }}
        />
      </div>
    </>
  );
}
