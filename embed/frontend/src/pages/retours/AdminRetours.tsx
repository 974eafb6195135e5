import { useQuery } from '@tanstack/react-query';
import { useTranslation } from '../../i18n/index.ts';
import { retoursApi, type RetourQuery } from '../../api.ts';
import { ClientProjectFields, CsvExportLink, FilterForm, IdSelectField } from '../../components/FilterForm.tsx';
import { SelectField } from '../../components/FormField.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { PAGE_SIZE } from '../../config.ts';
import { param, useListParams } from '../../lib/listParams.ts';
import { adminQueries, retourQueries } from '../../lib/queries.ts';
import { usePageMeta } from '../../pageMeta.ts';
import { RetourFilterFields, retourFilterParams, retourQuery, retourSort, RetourTable } from './RetourList.tsx';

const AGES = ['7', '30'] as const;

// /admin/retours?client=4&etat=tous&responsable=2&tri=-created: the filters, sort and page live in the address.
const FILTERS = {
  ...retourFilterParams(''),
  client: param.id('client'),
  project: param.id('projet'),
  age: param.oneOf('anciennete', AGES, ''),
  assignee: param.id('responsable'),
};
const SORT = retourSort('', { key: 'priority', dir: 'asc' });

// /admin/retours: the retours of every project for the staff, filtered by client, project, state,
// type, priority, age and assignee, sorted, paginated, exported as CSV with the same filters; each
// row sets the retour's priority and assignee (triage).
export default function AdminRetours() {
  const { t } = useTranslation();
  usePageMeta({ title: t('app.pageTitle', { page: t('retours.adminTitle') }), indexable: false });
  const list = useListParams(FILTERS, SORT);
  const f = list.filters;
  const staff = useQuery(adminQueries.staff()).data ?? [];

  const filters: RetourQuery = {
    ...retourQuery(f, list.sort),
    client_id: f.client || '',
    project_id: f.project || '',
    age: f.age ? Number(f.age) : '',
    assignee_id: f.assignee || '',
  };
  const retours = useQuery(retourQueries.list('all', { ...filters, page: list.page, per_page: PAGE_SIZE }));

  return (
    <>
      <PageHeader title={t('retours.adminTitle')} actions={<CsvExportLink href={retoursApi.allCsvUrl(filters)}>{t('retours.export')}</CsvExportLink>}>
        {t('retours.adminIntro')}
      </PageHeader>

      <FilterForm label={t('retours.filters')} className="sm:grid-cols-2 xl:grid-cols-4">
        <ClientProjectFields client={f.client} project={f.project} onChange={list.setFilters} />
        <RetourFilterFields list={list} />
        <SelectField
          label={t('retours.fields.age')}
          value={f.age}
          onChange={(e) => list.setFilters({ age: e.target.value as (typeof AGES)[number] })}
          options={[
            { value: '', label: t('retours.filter.anyAge') },
            { value: '7', label: t('retours.filter.age7') },
            { value: '30', label: t('retours.filter.age30') },
          ]}
        />
        <IdSelectField
          label={t('retours.fields.assignee')}
          allLabel={t('retours.filter.anyAssignee')}
          value={f.assignee}
          onChange={(assignee) => list.setFilters({ assignee })}
          items={staff.map((u) => ({ id: u.id, label: u.name }))}
        />
      </FilterForm>

      <RetourTable query={retours} list={list} perPage={PAGE_SIZE} staff wideFrom="4xl" />
    </>
  );
}
