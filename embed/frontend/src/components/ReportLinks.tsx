import { useTranslation } from '../i18n/index.ts';
import { buttonClass } from './Button.tsx';
import { DownloadIcon } from './icons.tsx';

/** « Rapport PDF » and « Rapport CSV »: the follow-up report (rapport de suivi) as files. */
export function ReportLinks({ pdf, csv }: { pdf: string; csv: string }) {
  const { t } = useTranslation();
  return (
    <>
      <a href={pdf} download className={buttonClass('secondary', 'print:hidden')}>
        <DownloadIcon className="size-4" />
        {t('reports.pdf')}
      </a>
      <a href={csv} download className={buttonClass('secondary', 'print:hidden')}>
        <DownloadIcon className="size-4" />
        {t('reports.csv')}
      </a>
    </>
  );
}
