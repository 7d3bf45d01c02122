import type { ProgramOutput } from '../api/types';

/**
 * A program's output as the agent captured it (the last part of each stream, control characters
 * already escaped by the agent): stderr first, where failures say why. Rendered as text.
 */
export function ProgramOutputView({ output }: { output: ProgramOutput }) {
  return (
    <div className="program-output">
      {output.truncated ? <p className="muted">The program wrote more: only the last part of each stream was kept.</p> : null}
      {(['stderr', 'stdout'] as const).map((stream) => (
        <div key={stream}>
          <strong>{stream}</strong>
          {output[stream] === '' ? <span className="muted"> (empty)</span> : <pre aria-label={stream}>{output[stream]}</pre>}
        </div>
      ))}
    </div>
  );
}

/** e.g. `10006 Program failed`; the ID alone when the table does not know it; a dash when none. */
export function messageLabel(entry: { messageId: number | null; messageText: string | null }): string {
  if (entry.messageId === null) return '—';
  return entry.messageText ? `${entry.messageId} ${entry.messageText}` : String(entry.messageId);
}
