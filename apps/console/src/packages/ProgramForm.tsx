import { useSession } from '../api/session';
import { ProgramData } from '../api/types';
import { ErrorMessage } from '../components/feedback';
import { CheckboxField, SelectField, TextAreaField, TextField } from '../components/fields';
import { useApiForm } from '../components/use-api-form';
import { PlatformsEditor } from './PlatformsEditor';
import { PROGRAM_FIELDS, programBody, programFormValues, ProgramFormValues, validateProgram } from './program-form-model';

export function ProgramForm({ packageId, existing, onSaved, onCancel }: { packageId: string; existing?: ProgramData; onSaved(program: ProgramData): void; onCancel(): void }) {
  const { api } = useSession();
  const creating = !existing;
  const { values, setValues, set, errors, apiError, busy, submit } = useApiForm({
    initial: () => programFormValues(existing),
    fields: PROGRAM_FIELDS,
    validate: (current: ProgramFormValues) => validateProgram(current, creating),
    save: (current: ProgramFormValues) => {
      const body = programBody(current, creating);
      const path = `/packages/${encodeURIComponent(packageId)}/programs`;
      return existing ? api.patch<ProgramData>('catalog', `${path}/${encodeURIComponent(existing.name)}`, body) : api.post<ProgramData>('catalog', path, body);
    },
    onSaved,
  });

  return (
    <form className="form card" onSubmit={submit} noValidate aria-label={creating ? 'New program' : `Edit program ${existing.name}`}>
      <div className="form-grid">
        <TextField label="Name" required value={values.name} onChange={set('name')} error={errors.name} disabled={!creating} hint={creating ? 'Unique in the package; cannot change later' : undefined} />
        <TextField label="Working directory" value={values.workingDirectory} onChange={set('workingDirectory')} error={errors.workingDirectory} hint="Relative to the package root" />
      </div>
      <TextAreaField label="Command line" required value={values.commandLine} onChange={set('commandLine')} error={errors.commandLine} rows={2} />
      <div className="form-grid">
        <SelectField label="Run" value={values.runWindow} options={['normal', 'minimized', 'maximized', 'hidden'] as const} onChange={set('runWindow')} error={errors.runWindow} />
        <SelectField label="After running" value={values.afterRunning} options={['none', 'system-restart', 'program-restarts', 'logoff'] as const} onChange={set('afterRunning')} error={errors.afterRunning} />
        <TextField label="Category" value={values.category} onChange={set('category')} error={errors.category} />
        <TextField label="Estimated disk space (MB)" type="number" value={values.estimatedDiskSpaceMb} onChange={set('estimatedDiskSpaceMb')} error={errors.estimatedDiskSpaceMb} hint="Empty = unknown" />
        <TextField label="Maximum run time (minutes)" type="number" value={values.maxRunTimeMinutes} onChange={set('maxRunTimeMinutes')} error={errors.maxRunTimeMinutes} hint="1–720; the client stops the program after it" />
        <SelectField
          label="Program can run"
          value={values.runWhen}
          options={[
            { value: 'any', label: 'whether or not a user is logged on' },
            { value: 'user-logged-on', label: 'only when a user is logged on' },
            { value: 'no-user', label: 'only when no user is logged on' },
          ]}
          onChange={set('runWhen')}
          error={errors.runWhen}
        />
        <SelectField
          label="Run with"
          value={values.runAs}
          options={[
            { value: 'admin', label: 'administrative rights' },
            { value: 'user', label: "the user's rights" },
          ]}
          onChange={set('runAs')}
          error={errors.runAs}
        />
        <SelectField
          label="Run once for"
          value={values.runOncePer}
          options={[
            { value: 'computer', label: 'the computer' },
            { value: 'user', label: 'every user' },
          ]}
          onChange={set('runOncePer')}
          error={errors.runOncePer}
        />
      </div>
      <PlatformsEditor
        any={values.anyPlatform}
        platforms={values.platforms}
        error={errors.platforms}
        onChange={(anyPlatform, platforms) => setValues((current) => ({ ...current, anyPlatform, platforms }))}
      />
      <fieldset className="fieldset">
        <legend>Run another program first</legend>
        <div className="form-grid">
          <TextField label="Package ID" value={values.dependsOnPackageId} onChange={set('dependsOnPackageId')} error={errors.dependsOn} placeholder="e.g. S0100001" />
          <TextField label="Program" value={values.dependsOnProgram} onChange={set('dependsOnProgram')} />
        </div>
        <CheckboxField label="Always run it first" checked={values.dependsOnAlwaysRunFirst} onChange={set('dependsOnAlwaysRunFirst')} hint="Off: run it only if it never succeeded on that client" />
      </fieldset>
      <div className="form-grid">
        <TextField label="Success exit codes" value={values.successExitCodes} onChange={set('successExitCodes')} error={errors.successExitCodes} />
        <TextField label="Reboot exit codes" value={values.rebootExitCodes} onChange={set('rebootExitCodes')} error={errors.rebootExitCodes} hint="Success, reboot pending" />
        <TextField label="Retry exit codes" value={values.retryExitCodes} onChange={set('retryExitCodes')} error={errors.retryExitCodes} hint="Failed now, retried later" />
      </div>
      <div className="form-row">
        <CheckboxField label="Allow users to interact with this program" checked={values.allowUserInteraction} onChange={set('allowUserInteraction')} />
        <CheckboxField label="Suppress program notifications" checked={values.suppressNotifications} onChange={set('suppressNotifications')} />
        <CheckboxField label="Disable this program on computers where it is advertised" checked={values.disabled} onChange={set('disabled')} />
      </div>
      <ErrorMessage error={apiError} title={creating ? 'Could not create the program' : 'Could not save the program'} />
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Saving…' : creating ? 'Create program' : 'Save program'}
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
