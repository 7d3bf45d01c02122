import { useSession } from '../api/session';
import { MeteringRule } from '../api/types';
import { ErrorMessage } from '../components/feedback';
import { CheckboxField, TextField } from '../components/fields';
import { useApiForm } from '../components/use-api-form';
import { PlatformsEditor } from '../packages/PlatformsEditor';
import { METERING_RULE_FIELDS, meteringRuleBody, meteringRuleFormValues, MeteringRuleFormValues, validateMeteringRule } from './metering-rule-form-model';

/** Create or edit a metering rule: every field of the rule; the service's 422 lands beside the field it names. */
export function MeteringRuleForm({ existing, onSaved, onCancel }: { existing?: MeteringRule; onSaved(rule: MeteringRule): void; onCancel?(): void }) {
  const { api } = useSession();
  const { values, setValues, set, errors, apiError, busy, submit } = useApiForm({
    initial: () => meteringRuleFormValues(existing),
    fields: METERING_RULE_FIELDS,
    validate: validateMeteringRule,
    save: (current: MeteringRuleFormValues) => {
      const body = meteringRuleBody(current);
      return existing
        ? api.patch<MeteringRule>('metering', `/metering/rules/${encodeURIComponent(existing.id)}`, body)
        : api.post<MeteringRule>('metering', '/metering/rules', body);
    },
    onSaved,
  });

  return (
    <form className="form card" onSubmit={submit} noValidate aria-label={existing ? `Edit metering rule ${existing.id}` : 'New metering rule'}>
      <div className="form-grid">
        <TextField label="Product name" required value={values.productName} onChange={set('productName')} error={errors.productName} maxLength={255} />
        <TextField
          label="File name"
          value={values.fileName}
          onChange={set('fileName')}
          error={errors.fileName}
          hint="The executable without its path, e.g. WINWORD.EXE or code; compared without regard to case"
        />
        <TextField
          label="Original file name"
          value={values.originalFileName}
          onChange={set('originalFileName')}
          error={errors.originalFileName}
          hint="From the version resource (Windows); matches a renamed copy too"
        />
        <TextField label="Version pattern" value={values.fileVersion} onChange={set('fileVersion')} error={errors.fileVersion} hint="* any run of characters, ? one character: 16.*; * for any version" />
        <TextField label="Language" value={values.language} onChange={set('language')} error={errors.language} hint="en-US or a language ID such as 1033; empty: any" />
        <TextField label="Site" value={values.site} onChange={set('site')} error={errors.site} hint="Code of the site whose clients meter it, e.g. S01; empty: every site" />
        <TextField
          label="Licences owned"
          type="number"
          value={values.licencesOwned}
          onChange={set('licencesOwned')}
          error={errors.licencesOwned}
          hint="The line the peak of concurrent users is set against"
        />
        <TextField
          label="Installed software name"
          value={values.installedSoftwareName}
          onChange={set('installedSoftwareName')}
          error={errors.installedSoftwareName}
          hint="Pattern (* and ?, any case) matched against the software the agents report installed; empty: the product name"
        />
      </div>
      <PlatformsEditor
        any={values.anyPlatform}
        platforms={values.platforms}
        error={errors.platforms}
        onChange={(anyPlatform, platforms) => setValues((current) => ({ ...current, anyPlatform, platforms }))}
      />
      <div className="form-row">
        <CheckboxField label="Enabled" checked={values.enabled} onChange={set('enabled')} hint="A disabled rule is sent to no client; what was recorded stays" />
      </div>
      <ErrorMessage error={apiError} title={existing ? 'Could not save the rule' : 'Could not create the rule'} />
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Saving…' : existing ? 'Save rule' : 'Create rule'}
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
