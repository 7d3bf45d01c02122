import { FormEvent, useEffect, useState } from 'react';
import { useSession } from '../api/session';
import { CollectionData, CollectionRule } from '../api/types';
import { ErrorMessage } from '../components/feedback';
import { CheckboxField, SelectField, TextAreaField, TextField } from '../components/fields';
import { FieldErrors, hasErrors, mergeFieldErrors } from '../components/form-errors';
import { RulesEditor } from './RulesEditor';

function validate(name: string, rules: CollectionRule[], fullEvery: string): FieldErrors {
  const errors: FieldErrors = {};
  if (name.trim() === '') errors.name = 'Name is required.';
  const incomplete = rules.findIndex((rule) => (rule.type === 'query' ? !rule.name.trim() || !rule.expression.trim() : rule.type === 'direct' ? !rule.clientId : !rule.collectionId));
  if (incomplete >= 0) errors.rules = `Rule ${incomplete + 1} is incomplete.`;
  if (fullEvery !== '' && (!Number.isInteger(Number(fullEvery)) || Number(fullEvery) < 1)) errors.refresh = 'A whole number of minutes, or empty for on change only.';
  return errors;
}

export function CollectionForm({ collections, existing, parentId, onSaved, onCancel }: {
  collections: CollectionData[];
  existing?: CollectionData;
  parentId?: string;
  onSaved(collection: CollectionData): void;
  onCancel(): void;
}) {
  const { api } = useSession();
  const [name, setName] = useState(existing?.name ?? '');
  const [comment, setComment] = useState(existing?.comment ?? '');
  const [limiting, setLimiting] = useState(existing?.limitingCollectionId ?? 'SMS00001');
  const [parent, setParent] = useState(existing?.parentCollectionId ?? parentId ?? '');
  const [rules, setRules] = useState<CollectionRule[]>(existing?.rules ?? [{ type: 'query', name: 'query', expression: '' }]);
  const [incremental, setIncremental] = useState(existing?.refresh.incremental ?? true);
  const [fullEvery, setFullEvery] = useState(existing ? (existing.refresh.fullEveryMinutes === null ? '' : String(existing.refresh.fullEveryMinutes)) : '1440');
  const [submitted, setSubmitted] = useState(false);
  const [apiError, setApiError] = useState<unknown>(undefined);
  const [busy, setBusy] = useState(false);
  const errors = mergeFieldErrors(['name', 'comment', 'limitingCollectionId', 'parentCollectionId', 'rules', 'refresh'], submitted ? validate(name, rules, fullEvery) : {}, apiError);
  const others = collections.filter((collection) => collection.id !== existing?.id);
  // The service's refusal was about the form as it was: once the user changes it (fixes the query), it goes.
  useEffect(() => setApiError(undefined), [name, comment, limiting, parent, rules, incremental, fullEvery]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (hasErrors(validate(name, rules, fullEvery))) return;
    setBusy(true);
    setApiError(undefined);
    const body = {
      name: name.trim(),
      comment,
      limitingCollectionId: limiting,
      parentCollectionId: parent || null,
      rules,
      refresh: { incremental, fullEveryMinutes: fullEvery === '' ? null : Number(fullEvery) },
    };
    try {
      onSaved(existing ? await api.patch<CollectionData>('targeting', `/collections/${existing.id}`, body) : await api.post<CollectionData>('targeting', '/collections', body));
    } catch (error) {
      setApiError(error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="form card" onSubmit={submit} noValidate aria-label={existing ? `Edit collection ${existing.id}` : 'New collection'}>
      <div className="form-grid">
        <TextField label="Name" required value={name} onChange={setName} error={errors.name} />
        <SelectField
          label="Limiting collection"
          value={limiting}
          options={others.map((collection) => ({ value: collection.id, label: `${collection.id} ${collection.name}` }))}
          onChange={setLimiting}
          error={errors.limitingCollectionId}
          hint="Members are always a subset of it"
        />
        <SelectField
          label="Parent collection"
          value={parent}
          options={[{ value: '', label: 'None (top level)' }, ...others.map((collection) => ({ value: collection.id, label: `${collection.id} ${collection.name}` }))]}
          onChange={setParent}
          error={errors.parentCollectionId}
        />
        <TextField label="Full evaluation every (minutes)" type="number" value={fullEvery} onChange={setFullEvery} error={errors.refresh} hint="Empty = on rule change and on demand only" />
      </div>
      <TextAreaField label="Comment" value={comment} onChange={setComment} error={errors.comment} rows={2} />
      <CheckboxField label="Incremental updates" checked={incremental} onChange={setIncremental} hint="Re-evaluate a client as soon as its inventory changes" />
      <RulesEditor rules={rules} onChange={setRules} collections={others} limitingCollectionId={limiting} error={errors.rules} />
      <ErrorMessage error={apiError} title={existing ? 'Could not save the collection' : 'Could not create the collection'} />
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Saving…' : existing ? 'Save collection' : 'Create collection'}
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
