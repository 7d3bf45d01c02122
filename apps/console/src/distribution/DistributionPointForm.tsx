import { useSession } from '../api/session';
import { DistributionPoint } from '../api/types';
import { ErrorMessage } from '../components/feedback';
import { CheckboxField, TextAreaField, TextField } from '../components/fields';
import { useApiForm } from '../components/use-api-form';
import { DP_FIELDS, dpBody, dpFormValues, DpFormValues, validateDp } from './dp-form-model';

/** Saving is the connection test: the service checks the bucket before it stores anything. */
export function DistributionPointForm({ existing, onSaved, onCancel }: { existing?: DistributionPoint; onSaved(dp: DistributionPoint): void; onCancel(): void }) {
  const { api, isAdmin } = useSession();
  const creating = !existing;
  const { values, set, errors, apiError, busy, submit } = useApiForm({
    initial: () => dpFormValues(existing),
    fields: DP_FIELDS,
    validate: (current: DpFormValues) => validateDp(current, creating),
    save: (current: DpFormValues) => {
      const body = dpBody(current, existing);
      return existing
        ? api.patch<DistributionPoint>('replication', `/distribution-points/${encodeURIComponent(existing.name)}`, body)
        : api.post<DistributionPoint>('replication', '/distribution-points', body);
    },
    onSaved,
  });

  return (
    <form className="form card" onSubmit={submit} noValidate aria-label={creating ? 'New distribution point' : `Edit distribution point ${existing.name}`}>
      <div className="form-grid">
        <TextField label="Name" required value={values.name} onChange={set('name')} error={errors.name} disabled={!creating} />
        <TextField label="Description" value={values.description} onChange={set('description')} error={errors.description} />
        <TextField label="S3 endpoint" required value={values.endpoint} onChange={set('endpoint')} error={errors.endpoint} placeholder="http://127.0.0.1:9101" hint="Where the service writes" />
        <TextField label="Public endpoint" value={values.publicEndpoint} onChange={set('publicEndpoint')} error={errors.publicEndpoint} hint="Where clients download; empty = the endpoint" />
        <TextField label="Bucket" required value={values.bucket} onChange={set('bucket')} error={errors.bucket} />
        <TextField label="Region" value={values.region} onChange={set('region')} error={errors.region} />
        {creating || isAdmin ? (
          <>
            <TextField label="Access key" required={creating} value={values.accessKey} onChange={set('accessKey')} error={errors.accessKey} />
            <TextField
              label="Secret key"
              required={creating}
              type="password"
              value={values.secretKey}
              onChange={set('secretKey')}
              error={errors.secretKey}
              hint={creating ? 'Stored encrypted, never shown again' : 'Empty = keep the stored secret'}
            />
          </>
        ) : null}
        <TextField label="Site code" value={values.siteCode} onChange={set('siteCode')} error={errors.siteCode} hint="Empty = this site" />
        <TextField label="Max concurrent transfers" type="number" value={values.maxConcurrentTransfers} onChange={set('maxConcurrentTransfers')} error={errors.maxConcurrentTransfers} />
        <TextField label="Rate limit (bytes/s)" type="number" value={values.rateLimitBytesPerSec} onChange={set('rateLimitBytesPerSec')} error={errors.rateLimitBytesPerSec} hint="Empty = unlimited" />
      </div>
      <TextAreaField label="Boundaries (CIDR, one per line)" value={values.boundaries} onChange={set('boundaries')} error={errors.boundaries} rows={2} />
      <div className="form-row">
        <CheckboxField label="Protected" checked={values.protected} onChange={set('protected')} hint="Clients inside its boundaries use it first" />
        <CheckboxField label="Enabled" checked={values.enabled} onChange={set('enabled')} />
      </div>
      <ErrorMessage error={apiError} title={creating ? 'Could not add the distribution point' : 'Could not save the distribution point'} />
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Checking the connection…' : creating ? 'Test connection and add' : 'Test connection and save'}
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
