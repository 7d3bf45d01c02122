import { FormEvent, useState } from 'react';
import { useSession } from '../api/session';
import { MaintenanceWindow } from '../api/types';
import { ErrorMessage } from '../components/feedback';
import { SelectField, TextField } from '../components/fields';
import { mergeFieldErrors } from '../components/form-errors';

const DAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

function recurrenceText(window: MaintenanceWindow): string {
  const { recurrence } = window;
  if (recurrence.type === 'weekly') return `weekly on ${(recurrence.days ?? []).join(', ')}`;
  if (recurrence.type === 'monthly') return `monthly on day ${recurrence.day}`;
  return recurrence.type === 'none' ? 'once' : recurrence.type;
}

/** The browser's local time with its offset, as the API wants: 2026-03-02T22:00:00+01:00. */
function withOffset(local: string): string {
  const date = new Date(local);
  const minutes = -date.getTimezoneOffset();
  const sign = minutes >= 0 ? '+' : '-';
  const pad = (value: number) => String(Math.floor(Math.abs(value))).padStart(2, '0');
  return `${local.length === 16 ? `${local}:00` : local}${sign}${pad(minutes / 60)}:${pad(minutes % 60)}`;
}

export function MaintenanceWindows({ collectionId, windows, editable, onChanged }: { collectionId: string; windows: MaintenanceWindow[]; editable: boolean; onChanged(): void }) {
  const { api, canDelete } = useSession();
  const [adding, setAdding] = useState(false);
  const [name, setName] = useState('');
  const [start, setStart] = useState('');
  const [duration, setDuration] = useState('120');
  const [type, setType] = useState<MaintenanceWindow['recurrence']['type']>('weekly');
  const [days, setDays] = useState<string[]>(['saturday']);
  const [day, setDay] = useState('1');
  const [error, setError] = useState<unknown>(undefined);
  const errors = mergeFieldErrors(['name', 'start', 'durationMinutes', 'recurrence'], {}, error);
  const base = `/collections/${encodeURIComponent(collectionId)}/maintenance-windows`;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim() || !start) {
      setError(new Error('Give the window a name and a start.'));
      return;
    }
    const recurrence = type === 'weekly' ? { type, days } : type === 'monthly' ? { type, day: Number(day) } : { type };
    try {
      await api.post('targeting', base, { name: name.trim(), start: withOffset(start), durationMinutes: Number(duration), recurrence });
      setAdding(false);
      setName('');
      setError(undefined);
      onChanged();
    } catch (reason) {
      setError(reason);
    }
  };

  const remove = async (window: MaintenanceWindow) => {
    try {
      await api.delete('targeting', `${base}/${encodeURIComponent(window.id)}`);
      onChanged();
    } catch (reason) {
      setError(reason);
    }
  };

  return (
    <div>
      {windows.length === 0 ? <p className="empty">No maintenance windows: mandatory programs may run at any time.</p> : null}
      <ul className="plain-list">
        {windows.map((window) => (
          <li key={window.id} className="list-row">
            <span>
              <strong>{window.name}</strong>: from {window.start} for {window.durationMinutes} min, {recurrenceText(window)}
            </span>
            {editable && canDelete ? (
              <button type="button" className="danger" onClick={() => void remove(window)} aria-label={`Delete window ${window.name}`}>
                Delete
              </button>
            ) : null}
          </li>
        ))}
      </ul>
      {editable && !adding ? (
        <button type="button" onClick={() => setAdding(true)}>
          Add maintenance window
        </button>
      ) : null}
      {adding ? (
        <form className="form card" onSubmit={submit} noValidate aria-label="New maintenance window">
          <div className="form-grid">
            <TextField label="Name" required value={name} onChange={setName} error={errors.name} />
            <TextField label="Start (your local time)" required type="datetime-local" value={start} onChange={setStart} error={errors.start} />
            <TextField label="Duration (minutes)" type="number" value={duration} onChange={setDuration} error={errors.durationMinutes} hint="1–1440" />
            <SelectField<MaintenanceWindow['recurrence']['type']> label="Recurrence" value={type} options={['none', 'daily', 'weekly', 'monthly'] as const} onChange={setType} error={errors.recurrence} />
            {type === 'monthly' ? <TextField label="Day of month" type="number" value={day} onChange={setDay} /> : null}
          </div>
          {type === 'weekly' ? (
            <fieldset className="fieldset">
              <legend>Days</legend>
              <div className="check-grid">
                {DAYS.map((weekday) => (
                  <label key={weekday} className="inline">
                    <input type="checkbox" checked={days.includes(weekday)} onChange={() => setDays(days.includes(weekday) ? days.filter((item) => item !== weekday) : [...days, weekday])} /> {weekday}
                  </label>
                ))}
              </div>
            </fieldset>
          ) : null}
          <ErrorMessage error={error} title="Could not add the window" />
          <div className="actions">
            <button type="submit" className="primary">
              Add window
            </button>
            <button type="button" onClick={() => setAdding(false)}>
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <ErrorMessage error={error} />
      )}
    </div>
  );
}
