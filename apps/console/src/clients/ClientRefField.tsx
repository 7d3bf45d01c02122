import { useEffect, useRef, useState } from 'react';
import { describeError } from '../api/api-error';
import { useSession } from '../api/session';
import { ClientData, Page } from '../api/types';
import { useLoad } from '../api/use-load';
import { formatDate } from '../components/format';
import { useDebounced } from '../components/use-debounced';
import { ClientCandidate, ClientRefAnswer, isClientId, osText, resolveClientRef } from './computer-api';

type Lookup = { status: 'empty' } | { status: 'resolving' } | { status: 'failed'; error: unknown } | ({ status: 'done' } & ClientRefAnswer);

/** How long typing must pause before the name is looked up. */
const LOOKUP_DELAY_MS = 300;

/** The computer a typed name or ID stands for, looked up once typing pauses. */
function useClientLookup(text: string): Lookup {
  const { api } = useSession();
  const settled = useDebounced(text.trim(), LOOKUP_DELAY_MS);
  // Each answer with the text it answers, so an answer to earlier text never passes for the current one.
  const [answer, setAnswer] = useState<{ ref: string; lookup: Lookup }>({ ref: '', lookup: { status: 'empty' } });
  useEffect(() => {
    if (settled === '') return undefined;
    const controller = new AbortController();
    resolveClientRef(api, settled, controller.signal)
      .then((found) => {
        if (!controller.signal.aborted) setAnswer({ ref: settled, lookup: { status: 'done', ...found } });
      })
      .catch((error: unknown) => {
        if (!controller.signal.aborted) setAnswer({ ref: settled, lookup: { status: 'failed', error } });
      });
    return () => controller.abort();
  }, [api, settled]);
  if (text.trim() === '') return EMPTY;
  return answer.ref === text.trim() ? answer.lookup : RESOLVING;
}

const EMPTY: Lookup = { status: 'empty' };
const RESOLVING: Lookup = { status: 'resolving' };

function Candidates({ candidates, pick }: { candidates: ClientCandidate[]; pick(candidate: ClientCandidate): void }) {
  return (
    <ul className="plain-list candidates">
      {candidates.map((candidate) => (
        <li key={candidate.id}>
          <button type="button" onClick={() => pick(candidate)} aria-label={`Use ${candidate.name} ${candidate.id}`}>
            Use
          </button>{' '}
          <strong>{candidate.name}</strong> · {osText(candidate.os)} · site {candidate.siteCode} · last seen {formatDate(candidate.lastSeenAt)} <span className="muted">{candidate.id}</span>
        </li>
      ))}
    </ul>
  );
}

/**
 * A computer typed by its name or ID. Names are suggested as they are typed; once typing pauses the
 * name is looked up: `onChange` gets the ID of the one computer it names, or '' while there is none
 * (an ID typed as such is passed on at once). An ambiguous name lists its computers to pick from.
 */
export function ClientRefField({ id, label, value = '', onChange, placeholder = 'Name or client ID' }: {
  id: string;
  label: string;
  /** The client ID the field holds (e.g. of a saved rule); shown as typed while it is the one this field passed on. */
  value?: string;
  onChange(clientId: string): void;
  placeholder?: string;
}) {
  const { api } = useSession();
  const [text, setText] = useState(value);
  const lookup = useClientLookup(text);
  const suggestFor = useDebounced(text.trim(), LOOKUP_DELAY_MS);
  const suggestions = useLoad((signal) => api.get<Page<ClientData>>('targeting', '/clients', { name: suggestFor, limit: 20 }, signal), [api, suggestFor]);
  const onChangeRef = useRef(onChange);
  onChangeRef.current = onChange;
  const passedOn = useRef(value);
  const passOn = (clientId: string) => {
    passedOn.current = clientId;
    onChangeRef.current(clientId);
  };

  // A value this field did not pass on (the rules above were removed, the form was reset): show it.
  useEffect(() => {
    if (value !== passedOn.current) {
      passedOn.current = value;
      setText(value);
    }
  }, [value]);

  const found = lookup.status === 'done' && lookup.kind === 'found' ? lookup.client : null;
  // Each answer once: typing in between has passed on '' or the typed ID.
  useEffect(() => {
    if (found) passOn(found.id);
  }, [lookup]);

  const type = (typed: string) => {
    setText(typed);
    passOn(isClientId(typed) ? typed.trim() : '');
  };

  const noteId = `${id}-note`;
  const settledText = text.trim();
  return (
    <span className="client-ref">
      <label htmlFor={id}>{label}</label>{' '}
      <input id={id} list={`${id}-names`} value={text} onChange={(event) => type(event.target.value)} placeholder={placeholder} aria-describedby={noteId} autoComplete="off" />
      <datalist id={`${id}-names`}>
        {suggestions.data?.items.map((client) => (
          <option key={client.id} value={client.name}>
            {client.id}
          </option>
        ))}
      </datalist>{' '}
      <span id={noteId} aria-live="polite" className={lookup.status === 'failed' || (lookup.status === 'done' && lookup.kind !== 'found') ? 'field-error' : 'field-hint'}>
        {lookup.status === 'resolving' ? 'Looking up…' : null}
        {found ? (
          <>
            ✓ {found.name} <span className="muted">{found.id}</span>
          </>
        ) : null}
        {lookup.status === 'done' && lookup.kind === 'missing' ? `No computer is named “${settledText}” or has that ID.` : null}
        {lookup.status === 'done' && lookup.kind === 'ambiguous' ? `${lookup.candidates.length} computers are named “${settledText}”: pick one.` : null}
        {lookup.status === 'failed' ? `Could not look the computer up: ${describeError(lookup.error)}` : null}
      </span>
      {lookup.status === 'done' && lookup.kind === 'ambiguous' ? <Candidates candidates={lookup.candidates} pick={(candidate) => type(candidate.id)} /> : null}
    </span>
  );
}
