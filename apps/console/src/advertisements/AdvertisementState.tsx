import { AdvertisementIntegrity, StatusSummary } from '../api/types';

/** enabled, disabled or broken: a broken advertisement is offered to no client, whatever enabled says. */
export function AdvertisementStateBadge({ ad }: { ad: AdvertisementIntegrity & { enabled: boolean } }) {
  if (ad.broken) {
    return (
      <span className="badge badge-bad" title={ad.brokenReason ?? undefined}>
        broken
      </span>
    );
  }
  return ad.enabled ? <span className="badge badge-ok">enabled</span> : <span className="badge badge-bad">disabled</span>;
}

/** Why the advertisement is broken and what to do, or nothing while it is whole. */
export function BrokenNotice({ integrity }: { integrity: AdvertisementIntegrity }) {
  if (!integrity.broken) return null;
  return (
    <div className="alert alert-error" role="alert">
      <strong>Broken: </strong>
      {integrity.brokenReason}. It is offered to no client; point it at an existing package, program and collection, or delete it.
    </div>
  );
}

/**
 * Said when more clients finished than are targeted now (they left the collection, or it is gone),
 * so that "Targeted 0, Succeeded 1" does not read as a contradiction; nothing otherwise.
 */
export function FinishedBeyondTargeted({ summary }: { summary: StatusSummary }) {
  const finished = summary.succeeded + summary.failed;
  if (finished <= summary.targeted) return null;
  return (
    <p className="muted" role="note">
      {summary.targeted === 0
        ? `No client is targeted now; ${finished} finished before.`
        : `${finished} finished, more than the ${summary.targeted} targeted now: some have left the collection since.`}
    </p>
  );
}
