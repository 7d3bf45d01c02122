import { CollectionData, CollectionRule } from '../api/types';
import { ClientRefField } from '../clients/ClientRefField';
import { QueryEditor } from './QueryEditor';

const RULE_TYPES: CollectionRule['type'][] = ['query', 'direct', 'include', 'exclude'];

function emptyRule(type: CollectionRule['type']): CollectionRule {
  if (type === 'query') return { type, name: '', expression: '' };
  if (type === 'direct') return { type, clientId: '' };
  return { type, collectionId: '' };
}

const RULE_HINT: Record<CollectionRule['type'], string> = {
  query: 'adds every client the expression matches',
  direct: 'adds one computer, by its name or ID',
  include: "adds another collection's members",
  exclude: "removes another collection's members",
};

export function RulesEditor({ rules, onChange, collections, limitingCollectionId, error }: {
  rules: CollectionRule[];
  onChange(rules: CollectionRule[]): void;
  collections: CollectionData[];
  limitingCollectionId: string;
  error?: string;
}) {
  const replace = (index: number, rule: CollectionRule) => onChange(rules.map((current, at) => (at === index ? rule : current)));
  return (
    <fieldset className={`fieldset${error ? ' field-invalid' : ''}`}>
      <legend>Membership rules</legend>
      <p className="muted">Members = limiting collection ∩ ((direct ∪ query ∪ include) − exclude).</p>
      {rules.length === 0 ? <p className="empty">No rules: the collection has no members.</p> : null}
      <ol className="rules">
        {rules.map((rule, index) => (
          <li key={index} className="rule card">
            <div className="rule-head">
              <label>
                Rule {index + 1} type{' '}
                <select value={rule.type} onChange={(event) => replace(index, emptyRule(event.target.value as CollectionRule['type']))}>
                  {RULE_TYPES.map((type) => (
                    <option key={type} value={type}>
                      {type}
                    </option>
                  ))}
                </select>
              </label>
              <span className="muted">{RULE_HINT[rule.type]}</span>
              <button type="button" onClick={() => onChange(rules.filter((_, at) => at !== index))} aria-label={`Remove rule ${index + 1}`}>
                Remove
              </button>
            </div>
            {rule.type === 'query' ? (
              <>
                <label>
                  Rule name <input value={rule.name} onChange={(event) => replace(index, { ...rule, name: event.target.value })} />
                </label>
                <QueryEditor value={rule.expression} onChange={(expression) => replace(index, { ...rule, expression })} limitingCollectionId={limitingCollectionId} />
              </>
            ) : null}
            {rule.type === 'direct' ? (
              <ClientRefField id={`rule-${index}-client`} label="Computer" value={rule.clientId} onChange={(clientId) => replace(index, { ...rule, clientId })} />
            ) : null}
            {rule.type === 'include' || rule.type === 'exclude' ? (
              <label>
                Collection{' '}
                <select value={rule.collectionId} onChange={(event) => replace(index, { ...rule, collectionId: event.target.value })}>
                  <option value="">Choose…</option>
                  {collections.map((collection) => (
                    <option key={collection.id} value={collection.id}>
                      {collection.id} {collection.name}
                    </option>
                  ))}
                </select>
              </label>
            ) : null}
          </li>
        ))}
      </ol>
      <button type="button" onClick={() => onChange([...rules, emptyRule('query')])}>
        Add rule
      </button>
      {error ? <span className="field-error">{error}</span> : null}
    </fieldset>
  );
}
