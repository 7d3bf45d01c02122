import { useSession } from '../api/session';
import { PackageData } from '../api/types';
import { ErrorMessage } from '../components/feedback';
import { CheckboxField, SelectField, TextAreaField, TextField } from '../components/fields';
import { useApiForm } from '../components/use-api-form';
import { LocationChoice, PACKAGE_FIELDS, packageBody, packageFormValues, PackageFormValues, validatePackage } from './package-form-model';

export function PackageForm({ existing, onSaved, onCancel }: { existing?: PackageData; onSaved(pkg: PackageData): void; onCancel?(): void }) {
  const { api } = useSession();
  const { values, setValues, set, errors, apiError, busy, submit } = useApiForm({
    initial: () => packageFormValues(existing),
    fields: PACKAGE_FIELDS,
    validate: validatePackage,
    save: (current: PackageFormValues) => {
      const body = packageBody(current);
      return existing ? api.patch<PackageData>('catalog', `/packages/${existing.id}`, body) : api.post<PackageData>('catalog', '/packages', body);
    },
    onSaved,
  });
  const setS3 = (key: keyof PackageFormValues['s3']) => (value: string) => setValues((current) => ({ ...current, s3: { ...current.s3, [key]: value } }));

  const locationOptions: { value: LocationChoice; label: string }[] = [
    ...(existing ? [{ value: 'keep' as const, label: existing.sourceLocation ? `Keep (${existing.sourceLocation})` : 'Keep (none)' }] : []),
    { value: 'none', label: 'None — upload the source here' },
    { value: 'directory', label: 'Directory mounted into the catalog' },
    { value: 's3', label: 'S3 prefix' },
  ];

  return (
    <form className="form card" onSubmit={submit} noValidate aria-label={existing ? `Edit package ${existing.id}` : 'New package'}>
      <div className="form-grid">
        <TextField label="Name" required value={values.name} onChange={set('name')} error={errors.name} />
        <TextField label="Version" value={values.version} onChange={set('version')} error={errors.version} />
        <TextField label="Manufacturer" value={values.manufacturer} onChange={set('manufacturer')} error={errors.manufacturer} />
        <TextField label="Language" value={values.language} onChange={set('language')} error={errors.language} />
        <SelectField label="Priority" value={values.priority} options={['high', 'medium', 'low'] as const} onChange={set('priority')} error={errors.priority} hint="Order in which replication serves packages" />
        <TextField
          label="Refresh source every (minutes)"
          value={values.sourceRefreshMinutes}
          onChange={set('sourceRefreshMinutes')}
          error={errors.sourceRefreshMinutes}
          hint="5–10080; empty = only on request"
          type="number"
        />
      </div>
      <TextAreaField label="Description" value={values.description} onChange={set('description')} error={errors.description} />
      <div className="form-row">
        <CheckboxField label="Has source files" checked={values.hasSource} onChange={set('hasSource')} hint="Off for a command-only package that needs no distribution point" />
        <CheckboxField label="Persist in client cache" checked={values.persistInCache} onChange={set('persistInCache')} hint="Clients never evict it" />
      </div>
      <SelectField label="Source location" value={values.location} options={locationOptions} onChange={set('location')} error={errors.sourceLocation} />
      {values.location === 'directory' ? <TextField label="Directory path" value={values.directoryPath} onChange={set('directoryPath')} hint="Relative to the catalog's CATALOG_SOURCE_ROOT" /> : null}
      {values.location === 's3' ? (
        <div className="form-grid">
          <TextField label="S3 endpoint" value={values.s3.endpoint} onChange={setS3('endpoint')} placeholder="https://s3.example.com" />
          <TextField label="Bucket" value={values.s3.bucket} onChange={setS3('bucket')} />
          <TextField label="Prefix" value={values.s3.prefix} onChange={setS3('prefix')} />
          <TextField label="Region" value={values.s3.region} onChange={setS3('region')} placeholder="us-east-1" />
          <TextField label="Access key" value={values.s3.accessKey} onChange={setS3('accessKey')} />
          <TextField label="Secret key" type="password" value={values.s3.secretKey} onChange={setS3('secretKey')} hint="Stored encrypted, never shown again" />
        </div>
      ) : null}
      <ErrorMessage error={apiError} title={existing ? 'Could not save the package' : 'Could not create the package'} />
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Saving…' : existing ? 'Save package' : 'Create package'}
        </button>
        {onCancel ? (
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
        ) : null}
      </div>
    </form>
  );
}
