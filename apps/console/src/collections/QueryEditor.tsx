import { useEffect, useId, useState } from 'react';
import { ApiError } from '../api/api-error';
import { useSession } from '../api/session';
import { PreviewResult } from '../api/types';
import { describeError } from '../api/api-error';
import { useDebounced } from '../components/use-debounced';

const CHECK_DELAY_MS = 300;

type Check =
  | { kind: 'idle' }
  | { kind: 'checking' }
  | { kind: 'ok'; result: PreviewResult }
  | { kind: 'invalid'; message: string; position: number | undefined }
  | { kind: 'failed'; error: unknown };

/** The expression with a caret under the character the parser stopped at. */
function PositionMarker({ expression, position }: { expression: string; position: number }) {
  const at = Math.min(Math.max(position, 0), expression.length);
  return (
    <pre className="query-marker" aria-hidden="true">
      {expression.slice(0, at)}
      <mark>{expression.slice(at, at + 1) || ' '}</mark>
      {expression.slice(at + 1)}
      {'\n'}
      {' '.repeat(at)}^
    </pre>
  );
}

/**
 * A query expression box that asks the targeting service's parser as you type (POST
 * /collections/preview): a bad expression shows where and what was expected, a good one how many
 * clients it matches and a few of them.
 */
export function QueryEditor({ value, onChange, limitingCollectionId, label = 'Query expression', error }: {
  value: string;
  onChange(value: string): void;
  limitingCollectionId?: string;
  label?: string;
  error?: string;
}) {
  const { api } = useSession();
  const id = useId();
  const expression = useDebounced(value, CHECK_DELAY_MS);
  const [check, setCheck] = useState<Check>({ kind: 'idle' });

  useEffect(() => {
    if (expression.trim() === '') {
      setCheck({ kind: 'idle' });
      return undefined;
    }
    const controller = new AbortController();
    setCheck({ kind: 'checking' });
    api
      .request<PreviewResult>('targeting', '/collections/preview', {
        method: 'POST',
        body: { expression, ...(limitingCollectionId ? { limitingCollectionId } : {}) },
        signal: controller.signal,
      })
      .then((result) => setCheck({ kind: 'ok', result }))
      .catch((reason: unknown) => {
        if (controller.signal.aborted) return;
        if (reason instanceof ApiError && reason.status === 422) {
          const detail = reason.details.find((item) => item.field === 'expression') ?? reason.details[0];
          setCheck({ kind: 'invalid', message: detail?.problems[0] ?? reason.message, position: detail?.position });
        } else {
          setCheck({ kind: 'failed', error: reason });
        }
      });
    return () => controller.abort();
  }, [api, expression, limitingCollectionId]);

  const stale = value !== expression;
  const invalid = check.kind === 'invalid' || Boolean(error);
  return (
    <div className={`field query-editor${invalid ? ' field-invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      <textarea
        id={id}
        className="code"
        rows={3}
        spellCheck={false}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        aria-invalid={invalid}
        aria-describedby={`${id}-check`}
        placeholder="os.name = 'windows' AND inventory.department IN ('Finance','HR')"
      />
      <div id={`${id}-check`} className="query-check" aria-live="polite">
        {error ? <span className="field-error">{error}</span> : null}
        {check.kind === 'checking' || (stale && value.trim() !== '') ? <span className="muted">Checking…</span> : null}
        {!stale && check.kind === 'invalid' ? (
          <>
            <span className="field-error" role="alert">
              {check.message}
            </span>
            {check.position !== undefined ? <PositionMarker expression={expression} position={check.position} /> : null}
          </>
        ) : null}
        {!stale && check.kind === 'failed' ? <span className="field-error">Could not check the expression: {describeError(check.error)}</span> : null}
        {!stale && check.kind === 'ok' ? (
          <span className="query-ok">
            Valid · matches {check.result.count} {check.result.count === 1 ? 'client' : 'clients'}
            {check.result.sample.length > 0 ? `, e.g. ${check.result.sample.slice(0, 5).map((client) => client.name).join(', ')}` : ''}
          </span>
        ) : null}
      </div>
    </div>
  );
}
