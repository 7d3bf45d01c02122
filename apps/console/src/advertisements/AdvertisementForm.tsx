import { useSession } from '../api/session';
import { AdvertisementData, CollectionData, PackageData, Page, ProgramData } from '../api/types';
import { readAllPages } from '../api/use-cursor-pages';
import { useLoad } from '../api/use-load';
import { ErrorMessage } from '../components/feedback';
import { CheckboxField, SelectField, TextAreaField, TextField } from '../components/fields';
import { useApiForm } from '../components/use-api-form';
import { ADVERTISEMENT_FIELDS, advertisementBody, advertisementFormValues, AdvertisementFormValues, validateAdvertisement } from './advertisement-form-model';
import { SchedulesEditor } from './SchedulesEditor';

export function AdvertisementForm({ existing, onSaved, onCancel }: { existing?: AdvertisementData; onSaved(advertisement: AdvertisementData): void; onCancel(): void }) {
  const { api } = useSession();
  const { values, setValues, set, errors, apiError, busy, submit } = useApiForm({
    initial: () => advertisementFormValues(existing),
    fields: ADVERTISEMENT_FIELDS,
    validate: validateAdvertisement,
    save: (current: AdvertisementFormValues) => {
      const body = advertisementBody(current);
      return existing ? api.patch<AdvertisementData>('advertisement', `/advertisements/${existing.id}`, body) : api.post<AdvertisementData>('advertisement', '/advertisements', body);
    },
    onSaved,
  });

  const choices = useLoad(
    async (signal) => ({
      packages: await readAllPages<PackageData>((page) => api.get('catalog', '/packages', page, signal)),
      collections: await readAllPages<CollectionData>((page) => api.get('targeting', '/collections', page, signal)),
    }),
    [api],
  );
  const programs = useLoad(
    (signal) => (values.packageId ? api.get<Page<ProgramData>>('catalog', `/packages/${encodeURIComponent(values.packageId)}/programs`, undefined, signal) : Promise.resolve({ items: [], nextCursor: null })),
    [api, values.packageId],
  );

  return (
    <form className="form card" onSubmit={submit} noValidate aria-label={existing ? `Edit advertisement ${existing.id}` : 'New advertisement'}>
      <ErrorMessage error={choices.error} title="Could not load packages and collections" />
      <div className="form-grid">
        <TextField label="Name" required value={values.name} onChange={set('name')} error={errors.name} />
        <SelectField
          label="Package *"
          value={values.packageId}
          options={[{ value: '', label: 'Choose…' }, ...(choices.data?.packages ?? []).map((pkg) => ({ value: pkg.id, label: `${pkg.id} ${pkg.name}` }))]}
          onChange={(packageId) => setValues((current) => ({ ...current, packageId, program: '' }))}
          error={errors.packageId}
        />
        <SelectField
          label="Program *"
          value={values.program}
          options={[{ value: '', label: values.packageId ? 'Choose…' : 'Choose a package first' }, ...(programs.data?.items ?? []).map((program) => ({ value: program.name, label: `${program.name}${program.disabled ? ' (disabled)' : ''}` }))]}
          onChange={set('program')}
          error={errors.program}
        />
        <SelectField
          label="Collection *"
          value={values.collectionId}
          options={[{ value: '', label: 'Choose…' }, ...(choices.data?.collections ?? []).map((collection) => ({ value: collection.id, label: `${collection.id} ${collection.name}` }))]}
          onChange={set('collectionId')}
          error={errors.collectionId}
        />
        <TextField label="Available after" type="datetime-local" value={values.availableAt} onChange={set('availableAt')} error={errors.availableAt} hint="Empty = now" />
        <TextField label="Expires" type="datetime-local" value={values.expiresAt} onChange={set('expiresAt')} error={errors.expiresAt} hint="Empty = never" />
        <SelectField
          label="Rerun behaviour"
          value={values.rerun}
          options={[
            { value: 'if-failed', label: 'rerun if failed previous attempt' },
            { value: 'never', label: 'never rerun' },
            { value: 'always', label: 'always rerun' },
            { value: 'if-succeeded', label: 'rerun if succeeded on previous attempt' },
          ]}
          onChange={set('rerun')}
          error={errors.rerun}
        />
        <SelectField label="Priority" value={values.priority} options={['high', 'medium', 'low'] as const} onChange={set('priority')} error={errors.priority} />
        <SelectField
          label="On a fast network"
          value={values.fastNetwork}
          options={[
            { value: 'download', label: 'download content and run locally' },
            { value: 'run-from-dp', label: 'run from the distribution point' },
          ]}
          onChange={set('fastNetwork')}
          error={errors.fastNetwork}
        />
        <SelectField
          label="On a slow or unreliable network"
          value={values.slowNetwork}
          options={[
            { value: 'do-not-run', label: 'do not run the program' },
            { value: 'download', label: 'download content and run locally' },
            { value: 'run-from-dp', label: 'run from the distribution point' },
          ]}
          onChange={set('slowNetwork')}
          error={errors.slowNetwork}
        />
      </div>
      <TextAreaField label="Comment" value={values.comment} onChange={set('comment')} error={errors.comment} rows={2} />
      <SchedulesEditor rows={values.schedules} onChange={set('schedules')} error={errors.mandatory} />
      <div className="form-row">
        <CheckboxField label="Include members of subcollections" checked={values.includeSubcollections} onChange={set('includeSubcollections')} />
        <CheckboxField label="Allow fallback to unprotected distribution points" checked={values.allowFallbackToUnprotected} onChange={set('allowFallbackToUnprotected')} />
        <CheckboxField label="Ignore maintenance windows" checked={values.ignoreMaintenanceWindows} onChange={set('ignoreMaintenanceWindows')} />
        <CheckboxField label="Allow system restart outside maintenance windows" checked={values.allowRestartOutsideWindows} onChange={set('allowRestartOutsideWindows')} />
        <CheckboxField label="Allow users to run the program independently of assignments" checked={values.allowUserToRunIndependently} onChange={set('allowUserToRunIndependently')} />
        <CheckboxField label="Enabled" checked={values.enabled} onChange={set('enabled')} />
      </div>
      <ErrorMessage error={apiError} title={existing ? 'Could not save the advertisement' : 'Could not create the advertisement'} />
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Saving…' : existing ? 'Save advertisement' : 'Create advertisement'}
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
