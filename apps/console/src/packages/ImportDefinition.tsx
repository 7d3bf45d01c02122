import { ChangeEvent, FormEvent, useId, useState } from 'react';
import { ApiError } from '../api/api-error';
import { useSession } from '../api/session';
import { ImportedDefinition } from '../api/types';
import { Link } from '../app/router';
import { ErrorMessage, Notice } from '../components/feedback';
import { formatBytes } from '../components/format';

/** Definition files are small; the catalog refuses more than this, so a larger one is not worth reading. */
const DEFINITION_LIMIT_BYTES = 1024 * 1024;

interface ChosenFile {
  name: string;
  size: number;
  text: string;
}

/**
 * FileReader rather than Blob.text(): it honours a byte-order mark, and Windows tools write .sms
 * files in UTF-16LE. The text is then sent as UTF-8.
 */
function readText(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result ?? ''));
    reader.onerror = () => reject(new Error(`The file ${file.name} could not be read.`));
    reader.readAsText(file);
  });
}

export function ImportDefinition({ onImported, onCancel }: { onImported(result: ImportedDefinition): void; onCancel?(): void }) {
  const { api } = useSession();
  const hintId = useId();
  const [chosen, setChosen] = useState<ChosenFile | null>(null);
  const [error, setError] = useState<unknown>(undefined);
  const [busy, setBusy] = useState(false);
  /** An import the catalog made with warnings: shown here before moving on, or they would be lost. */
  const [withWarnings, setWithWarnings] = useState<ImportedDefinition | null>(null);

  const onPick = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    setChosen(null);
    setError(undefined);
    if (!file) return;
    if (file.size > DEFINITION_LIMIT_BYTES) {
      setError(new Error(`${file.name} is ${formatBytes(file.size)}; a package definition file is at most ${formatBytes(DEFINITION_LIMIT_BYTES)}.`));
      return;
    }
    try {
      const text = await readText(file);
      if (text.trim() === '') setError(new Error(`${file.name} is empty.`));
      else setChosen({ name: file.name, size: file.size, text });
    } catch (reason) {
      setError(reason);
    }
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!chosen) {
      setError(new Error('Choose a package definition file first.'));
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      const imported = await api.postText<ImportedDefinition>('catalog', '/package-definitions', chosen.text);
      if (imported.warnings.length > 0) setWithWarnings(imported);
      else onImported(imported);
    } catch (reason) {
      setError(reason);
    } finally {
      setBusy(false);
    }
  };

  const details = error instanceof ApiError ? error.detailsBeyondMessage() : [];
  if (withWarnings) {
    const { package: pkg, programs, warnings } = withWarnings;
    return (
      <div className="card">
        <Notice>
          Imported <Link to={`/packages/${pkg.id}`}>{pkg.id}</Link> ({pkg.name}) with {programs.length} program{programs.length === 1 ? '' : 's'}. Not imported from the
          file:
          <ul>
            {warnings.map((warning) => (
              <li key={warning}>{warning}</li>
            ))}
          </ul>
        </Notice>
        <div className="actions">
          <button type="button" className="primary" onClick={() => onImported(withWarnings)}>
            Open {pkg.id}
          </button>
        </div>
      </div>
    );
  }
  return (
    <form className="form card" onSubmit={submit} noValidate aria-label="Import package definition">
      <p id={hintId} className="field-hint">
        A package definition file (.sms or .pdf, the INI format of Configuration Manager) creates the package and its programs in one step. Any text file in that
        format is accepted.
      </p>
      <div className="form-row">
        <label className="button-like">
          Choose definition file…
          <input
            type="file"
            accept=".sms,.pdf,.ini,.txt,text/plain"
            className="visually-hidden"
            aria-describedby={hintId}
            onChange={(event) => void onPick(event)}
            disabled={busy}
          />
        </label>
        <span aria-live="polite">{chosen ? `${chosen.name} (${formatBytes(chosen.size)})` : 'No file chosen'}</span>
      </div>
      <ErrorMessage error={error} title="Could not import the definition">
        {details.length > 0 ? (
          <ul>
            {details.map((detail) => (
              <li key={detail}>{detail}</li>
            ))}
          </ul>
        ) : null}
      </ErrorMessage>
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Importing…' : 'Import'}
        </button>
        {onCancel ? (
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
        ) : null}
      </div>
    </form>
  );
}
