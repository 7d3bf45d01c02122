import { Fragment, useState } from 'react';
import { messageLabel, ProgramOutputView } from '../advertisements/ProgramOutputView';
import { useSession } from '../api/session';
import { useCursorPages } from '../api/use-cursor-pages';
import { useLoad } from '../api/use-load';
import { Link } from '../app/router';
import { ErrorMessage, LoadState, Notice } from '../components/feedback';
import { formatDate } from '../components/format';
import { PagedList } from '../components/PagedList';
import { applyingFirst, appliesText, failureFacts, stateTone, versionText } from './client-advertisements-model';
import { ClientAdvertisementEntry, ClientAdvertisementsPage, ProgramOutput, StatusHistoryEntry } from '../api/types';
import { clientPaths } from './computer-api';

/** How often the page reads the computer's states again while it is open. */
const POLL_MS = 10_000;

const TONE_CLASS = { ok: 'badge badge-ok', bad: 'badge badge-bad', warn: 'badge badge-warn', none: 'badge' } as const;

/** A program's output, named for the screen reader (the same view as the advertisement's client rows). */
function OutputGroup({ output, label }: { output: ProgramOutput; label: string }) {
  return (
    <div role="group" aria-label={label}>
      <ProgramOutputView output={output} />
    </div>
  );
}

function History({ advertisementId, clientId }: { advertisementId: string; clientId: string }) {
  const { api } = useSession();
  const history = useCursorPages<StatusHistoryEntry>((page, signal) => api.get('advertisement', clientPaths.history(advertisementId, clientId), page, signal), [api, advertisementId, clientId]);
  return (
    <PagedList what="history entries" list={history} empty="No report yet.">
      {(items) => (
        <ol className="history">
          {items.map((entry) => {
            return (
              <li key={entry.seq}>
                <strong>{entry.state}</strong> at {formatDate(entry.reportedAt)}
                {entry.packageVersion !== null ? ` · package ${versionText(entry.packageVersion)}` : ''}
                {entry.messageId !== null ? ` · ${messageLabel(entry)}` : ''}
                {entry.exitCode !== null ? ` · exit code ${entry.exitCode}` : ''}
                {entry.detail ? ` · ${entry.detail}` : ''}
                <span className="muted"> (#{entry.seq})</span>
                {entry.output ? (
                  <details>
                    <summary>Output</summary>
                    <OutputGroup output={entry.output} label={`Output of report ${entry.seq}`} />
                  </details>
                ) : null}
              </li>
            );
          })}
        </ol>
      )}
    </PagedList>
  );
}

function LastFailure({ item }: { item: ClientAdvertisementEntry }) {
  const failure = item.lastFailure!;
  return (
    <div className="last-failure">
      <p>
        <strong>Last failure</strong> at {formatDate(failure.at)}: {failureFacts(failure).join(' · ')}
      </p>
      {failure.output ? <OutputGroup output={failure.output} label={`Output of the last failure of ${item.advertisementName}`} /> : <p className="muted">No output was reported.</p>}
    </div>
  );
}

/** Every advertisement of the system as it stands for this computer: applies or why not, its state, and its runs. */
export function ClientAdvertisementsPanel({ clientId, clientName }: { clientId: string; clientName: string }) {
  const { api, canWrite } = useSession();
  const [open, setOpen] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(undefined);
  const [notice, setNotice] = useState<string | null>(null);
  const advertisements = useLoad((signal) => api.get<ClientAdvertisementsPage>('advertisement', clientPaths.advertisements(clientId), undefined, signal), [api, clientId], POLL_MS);

  const rerun = async (item: ClientAdvertisementEntry) => {
    setError(undefined);
    setNotice(null);
    try {
      await api.post('advertisement', clientPaths.rerun(item.advertisementId, clientId));
      setNotice(`${clientName} will run ${item.advertisementName} again at its next policy check.`);
      advertisements.reload();
    } catch (reason) {
      setError(reason);
    }
  };

  return (
    <section className="panel" aria-labelledby="client-advertisements-title">
      <h2 id="client-advertisements-title">Advertisements</h2>
      <ErrorMessage error={error} title="Could not re-run" />
      {notice ? <Notice>{notice}</Notice> : null}
      <LoadState what="advertisements" {...advertisements} isEmpty={(data) => data.items.length === 0} empty="There are no advertisements.">
        {(data) => (
          <div className="table-wrap">
            <table aria-label="Advertisements for the computer">
              <thead>
                <tr>
                  <th scope="col">Advertisement</th>
                  <th scope="col">Package and program</th>
                  <th scope="col">Applies</th>
                  <th scope="col">State</th>
                  <th scope="col">Package version</th>
                  <th scope="col">Last report</th>
                  <th scope="col">Actions</th>
                </tr>
              </thead>
              <tbody>
                {applyingFirst(data.items).map((item) => {
                  const isOpen = open === item.advertisementId;
                  return (
                    <Fragment key={item.advertisementId}>
                      <tr data-state={item.state ?? ''} data-applies={item.applies}>
                        <th scope="row">
                          <Link to={`/advertisements/${encodeURIComponent(item.advertisementId)}`}>{item.advertisementName}</Link> <span className="muted">{item.advertisementId}</span>
                        </th>
                        <td>
                          {item.packageName ?? 'deleted package'} <span className="muted">{item.packageId}</span> · {item.programName}
                        </td>
                        <td>{appliesText(item)}</td>
                        <td>
                          {item.state ? <span className={TONE_CLASS[stateTone(item.state)]}>{item.state}</span> : '—'}
                          {item.messageId !== null ? <div className="muted">{messageLabel(item)}</div> : null}
                        </td>
                        <td>{versionText(item.packageVersion)}</td>
                        <td>{formatDate(item.lastReportAt)}</td>
                        <td>
                          <div className="row-actions">
                            <button type="button" aria-expanded={isOpen} onClick={() => setOpen(isOpen ? null : item.advertisementId)} aria-label={`History of ${item.advertisementName}`}>
                              {isOpen ? 'Hide history' : 'History'}
                            </button>
                            {canWrite && item.applies ? (
                              <button type="button" onClick={() => void rerun(item)} aria-label={`Re-run ${item.advertisementName}`}>
                                Re-run
                              </button>
                            ) : null}
                          </div>
                        </td>
                      </tr>
                      {item.lastFailure ? (
                        <tr>
                          <td colSpan={7}>
                            <LastFailure item={item} />
                          </td>
                        </tr>
                      ) : null}
                      {isOpen ? (
                        <tr>
                          <td colSpan={7}>
                            <History advertisementId={item.advertisementId} clientId={clientId} />
                          </td>
                        </tr>
                      ) : null}
                    </Fragment>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </LoadState>
    </section>
  );
}
