import { ScheduleRow } from './advertisement-form-model';

const TYPES: { value: ScheduleRow['type']; label: string }[] = [
  { value: 'asap', label: 'As soon as possible' },
  { value: 'at', label: 'At a time' },
  { value: 'recurring', label: 'Recurring' },
  { value: 'logon', label: 'At logon' },
  { value: 'logoff', label: 'At logoff' },
];

/** Mandatory assignments: none = optional, the user may run it. */
export function SchedulesEditor({ rows, onChange, error }: { rows: ScheduleRow[]; onChange(rows: ScheduleRow[]): void; error?: string }) {
  const update = (index: number, patch: Partial<ScheduleRow>) => onChange(rows.map((row, at) => (at === index ? { ...row, ...patch } : row)));
  return (
    <fieldset className={`fieldset${error ? ' field-invalid' : ''}`}>
      <legend>Mandatory assignments</legend>
      {rows.length === 0 ? <p className="muted">None: the program is optional; users may run it.</p> : null}
      <ul className="plain-list">
        {rows.map((row, index) => (
          <li key={index} className="platform-row">
            <label>
              Schedule {index + 1}
              <select value={row.type} onChange={(event) => update(index, { type: event.target.value as ScheduleRow['type'] })}>
                {TYPES.map((type) => (
                  <option key={type.value} value={type.value}>
                    {type.label}
                  </option>
                ))}
              </select>
            </label>
            {row.type === 'at' || row.type === 'recurring' ? (
              <label>
                {row.type === 'recurring' ? 'First at' : 'At'}
                <input type="datetime-local" value={row.at} onChange={(event) => update(index, { at: event.target.value })} />
              </label>
            ) : null}
            {row.type === 'recurring' ? (
              <label>
                Every (ISO-8601)
                <input value={row.every} onChange={(event) => update(index, { every: event.target.value })} placeholder="P1D, PT12H, P1W" />
              </label>
            ) : null}
            <button type="button" onClick={() => onChange(rows.filter((_, at) => at !== index))} aria-label={`Remove schedule ${index + 1}`}>
              Remove
            </button>
          </li>
        ))}
      </ul>
      {rows.length < 15 ? (
        <button type="button" onClick={() => onChange([...rows, { type: 'asap', at: '', every: '' }])}>
          Add schedule
        </button>
      ) : null}
      {error ? <span className="field-error">{error}</span> : null}
    </fieldset>
  );
}
