import { AdvertisementIntegrity } from '../api/types';

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
