import { useSession } from '../api/session';
import { AdvertisementExplain } from '../api/types';
import { ClientName } from '../clients/ClientName';
import { advertisementVerdict } from '../components/explain-summary';
import { ExplainForClient } from '../components/ExplainForClient';

/** Why a client does or does not get the advertisement, check by check. */
export function ExplainAdvertisement({ advertisementId }: { advertisementId: string }) {
  const { api } = useSession();
  return (
    <ExplainForClient
      label="Explain for a client"
      idPrefix="ad-explain"
      explain={(clientId) => api.get<AdvertisementExplain>('advertisement', `/clients/${encodeURIComponent(clientId)}/explain`, { advertisementId })}
    >
      {(result) => (
        <>
          <p className="explain-summary">
            <strong>
              <ClientName id={result.clientId} /> {advertisementVerdict(result.checks).text}
            </strong>
            {result.network ? ` · network: ${result.network}` : ''}
          </p>
          <ul className="checks">
            {result.checks.map((check) => (
              <li key={check.condition} className={check.passed ? 'check-pass' : 'check-fail'}>
                {check.passed ? '✔' : '✘'} {check.condition}: {check.detail}
              </li>
            ))}
          </ul>
          {result.locations && result.locations.length > 0 ? <p>Content locations: {result.locations.map((location) => `${location.distributionPoint} (${location.tier})`).join(', ')}</p> : null}
        </>
      )}
    </ExplainForClient>
  );
}
