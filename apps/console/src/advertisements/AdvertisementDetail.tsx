import { useState } from 'react';
import { useSession } from '../api/session';
import { AdvertisementStatusPage, AdvertisementView, ClientStatusRow } from '../api/types';
import { useCursorPages } from '../api/use-cursor-pages';
import { useLoad } from '../api/use-load';
import { Link } from '../app/router';
import { DetailHeader } from '../components/DetailHeader';
import { ErrorMessage, LoadState } from '../components/feedback';
import { formatDate } from '../components/format';
import { PagedList } from '../components/PagedList';
import { PropertyList } from '../components/PropertyList';
import { useDeleteAndLeave } from '../components/use-delete-and-leave';
import { AdvertisementForm } from './AdvertisementForm';
import { BrokenNotice, FinishedBeyondTargeted } from './AdvertisementState';
import { ClientStatusRows } from './ClientStatusRows';
import { ExplainAdvertisement } from './ExplainAdvertisement';
import { RolloutPanel } from './RolloutPanel';
import { StatusChart } from './StatusChart';

const POLL_MS = 3000;

function scheduleText(ad: AdvertisementView): string {
  if (ad.mandatory.length === 0) return 'optional (no mandatory assignment)';
  return ad.mandatory
    .map((schedule) => (schedule.type === 'at' ? `at ${formatDate(schedule.at)}` : schedule.type === 'recurring' ? `from ${formatDate(schedule.at)} every ${schedule.every}` : schedule.type))
    .join('; ');
}

export function AdvertisementDetail({ id }: { id: string }) {
  const { api, canWrite, canDelete } = useSession();
  const [editing, setEditing] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const ad = useLoad((signal) => api.get<AdvertisementView>('advertisement', `/advertisements/${encodeURIComponent(id)}`, undefined, signal), [api, id]);
  const status = useCursorPages<ClientStatusRow, AdvertisementStatusPage>((page, signal) => api.get('advertisement', `/advertisements/${encodeURIComponent(id)}/status`, page, signal), [api, id], { pollMs: POLL_MS });

  const remove = useDeleteAndLeave({
    question: `Delete advertisement ${id}?`,
    service: 'advertisement',
    path: `/advertisements/${encodeURIComponent(id)}`,
    leaveTo: '/advertisements',
    onError: setError,
  });

  // "Retry failed": every failed client (or the one given) runs it again; the polled status shows them move.
  const retryFailed = async (clientId?: string) => {
    setError(undefined);
    try {
      const query = clientId === undefined ? '' : `?clientId=${encodeURIComponent(clientId)}`;
      await api.post('advertisement', `/advertisements/${encodeURIComponent(id)}/retry-failed${query}`);
    } catch (failure) {
      setError(failure);
    }
  };

  // "Re-run": one computer runs it again whatever its state and rerun rule (operator); the polled status shows it move.
  const rerun = async (clientId: string) => {
    setError(undefined);
    try {
      await api.post('advertisement', `/advertisements/${encodeURIComponent(id)}/clients/${encodeURIComponent(clientId)}/rerun`);
    } catch (failure) {
      setError(failure);
    }
  };

  return (
    <LoadState what={`advertisement ${id}`} {...ad}>
      {(data) => (
        <article aria-labelledby="ad-title">
          <DetailHeader
            list={{ name: 'Advertisements', path: '/advertisements' }}
            titleId="ad-title"
            title={data.name}
            id={data.id}
            onEdit={canWrite && !editing ? () => setEditing(true) : undefined}
            onDelete={canDelete ? () => void remove() : undefined}
          />
          <ErrorMessage error={error} />
          {/* The status is polled: it tells at once when the advertisement breaks or is whole again. */}
          <BrokenNotice integrity={status.pages[0] ?? data} />
          {editing ? (
            <AdvertisementForm
              existing={data}
              onCancel={() => setEditing(false)}
              onSaved={() => {
                setEditing(false);
                ad.reload();
              }}
            />
          ) : (
            <section className="panel" aria-label="Properties">
              <PropertyList
                rows={[
                  [
                    'Package / program',
                    <>
                      <Link to={`/packages/${data.packageId}`}>{data.packageId}</Link> · {data.program}
                    </>,
                  ],
                  [
                    'Collection',
                    <>
                      <Link to={`/collections/${data.collectionId}`}>{data.collectionId}</Link>
                      {data.includeSubcollections ? ' and its subcollections' : ''}
                    </>,
                  ],
                  ['Schedule', scheduleText(data)],
                  ['Available / expires', `${formatDate(data.availableAt)} / ${data.expiresAt ? formatDate(data.expiresAt) : 'never'}`],
                  ['Rerun', data.rerun],
                  ['Network', `fast: ${data.fastNetwork} · slow: ${data.slowNetwork}${data.allowFallbackToUnprotected ? ' · fallback to unprotected DPs' : ''}`],
                  [
                    'Windows',
                    `${data.ignoreMaintenanceWindows ? 'ignores maintenance windows' : 'honours maintenance windows'}${data.allowRestartOutsideWindows ? ' · may restart outside them' : ''}`,
                  ],
                  [
                    'Retries',
                    data.retry.maxAttempts === 1
                      ? 'no retry (1 attempt)'
                      : `${data.retry.maxAttempts} attempts · ${data.retry.initialBackoffSeconds} s doubling to at most ${data.retry.maxBackoffSeconds} s (±25 %)`,
                  ],
                  [
                    'State',
                    `${data.enabled ? 'enabled' : 'disabled'} · priority ${data.priority} · ${data.allowUserToRunIndependently ? 'users may run it independently' : 'users may not run it independently'}`,
                  ],
                ]}
              />
            </section>
          )}
          {/* Only an advertisement created with phases has a rollout (asking for another's is a 404 the browser logs). */}
          {data.rollout ? <RolloutPanel advertisementId={data.id} /> : null}
          <section className="panel" aria-labelledby="ad-status-title">
            <h2 id="ad-status-title">Status</h2>
            <p className="muted">Updates every 3 seconds.</p>
            <PagedList what="client rows" list={status}>
              {(rows, pages) => (
                <>
                  <StatusChart summary={pages[0].summary} />
                  {canWrite && pages[0].summary.failed > 0 ? (
                    <button type="button" onClick={() => void retryFailed()}>
                      Retry the {pages[0].summary.failed} failed
                    </button>
                  ) : null}
                  <FinishedBeyondTargeted summary={pages[0].summary} />
                  <ClientStatusRows
                    advertisementId={data.id}
                    rows={rows}
                    onRetry={canWrite ? (clientId) => void retryFailed(clientId) : undefined}
                    onRerun={canWrite ? (clientId) => void rerun(clientId) : undefined}
                  />
                </>
              )}
            </PagedList>
          </section>
          <section className="panel" aria-labelledby="ad-explain-title">
            <h2 id="ad-explain-title">Explain for one client</h2>
            <ExplainAdvertisement advertisementId={data.id} />
          </section>
        </article>
      )}
    </LoadState>
  );
}
