import { useSession } from '../api/session';
import { CollectionExplain } from '../api/types';
import { ClientName } from '../clients/ClientName';
import { membershipVerdict, ruleCountsForMember } from '../components/explain-summary';
import { ExplainForClient } from '../components/ExplainForClient';

function RuleText({ rule }: { rule: CollectionExplain['rules'][number]['rule'] }) {
  if (rule.type === 'query') return <>{`query “${rule.name}”: ${rule.expression}`}</>;
  if (rule.type === 'direct') {
    return (
      <>
        direct: <ClientName id={rule.clientId} />
      </>
    );
  }
  return <>{`${rule.type}: ${rule.collectionId}`}</>;
}

/** Why one client is or is not a member, rule by rule. */
export function ExplainMembership({ collectionId }: { collectionId: string }) {
  const { api } = useSession();
  return (
    <ExplainForClient
      label="Explain membership"
      idPrefix="explain"
      explain={(clientId) => api.get<CollectionExplain>('targeting', `/collections/${encodeURIComponent(collectionId)}/explain`, { clientId })}
    >
      {(result) => (
        <>
          <p className="explain-summary">
            <strong>
              <ClientName id={result.clientId} /> {membershipVerdict(result).text}
            </strong>
          </p>
          {result.limiting ? (
            <ul className="checks">
              <li className={result.limiting.member ? 'check-pass' : 'check-fail'}>
                {result.limiting.member ? '✔' : '✘'} limiting collection {result.limiting.collectionId}: {result.limiting.member ? 'the client is in it' : 'the client is not in it'}
              </li>
            </ul>
          ) : null}
          <ul className="checks">
            {result.rules.map((item, index) => (
              <li key={index} className={ruleCountsForMember(item) ? 'check-pass' : 'check-fail'}>
                {ruleCountsForMember(item) ? '✔' : '✘'} <RuleText rule={item.rule} /> — {item.matched ? item.effect : 'does not match'}
              </li>
            ))}
          </ul>
        </>
      )}
    </ExplainForClient>
  );
}
