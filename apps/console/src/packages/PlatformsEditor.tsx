import { PlatformData } from '../api/types';
import { ProgramFormValues } from './program-form-model';

type PlatformRow = ProgramFormValues['platforms'][number];

const OS: PlatformData['os'][] = ['windows', 'linux', 'macos'];
const ARCH: { value: PlatformData['arch']; label: string }[] = [
  { value: 'x86', label: 'x86' },
  { value: 'x64', label: 'x64' },
  { value: 'arm64', label: 'arm64' },
  { value: 'any', label: 'any architecture' },
];

export function PlatformsEditor({ any, platforms, error, onChange }: { any: boolean; platforms: PlatformRow[]; error?: string; onChange(any: boolean, platforms: PlatformRow[]): void }) {
  const update = (index: number, patch: Partial<PlatformRow>) => onChange(any, platforms.map((row, at) => (at === index ? { ...row, ...patch } : row)));
  return (
    <fieldset className={`fieldset${error ? ' field-invalid' : ''}`} aria-describedby={error ? 'platforms-error' : undefined}>
      <legend>Platforms</legend>
      <div className="form-row">
        <label className="inline">
          <input type="radio" name="platform-mode" checked={any} onChange={() => onChange(true, platforms)} /> This program can run on any platform
        </label>
        <label className="inline">
          <input type="radio" name="platform-mode" checked={!any} onChange={() => onChange(false, platforms.length ? platforms : [{ os: 'windows', arch: 'x64', minVersion: '', maxVersion: '' }])} /> Only on these
          platforms
        </label>
      </div>
      {!any ? (
        <ul className="plain-list">
          {platforms.map((row, index) => (
            <li key={index} className="platform-row">
              <label>
                OS
                <select value={row.os} onChange={(event) => update(index, { os: event.target.value as PlatformData['os'] })}>
                  {OS.map((os) => (
                    <option key={os}>{os}</option>
                  ))}
                </select>
              </label>
              <label>
                Architecture
                <select value={row.arch} onChange={(event) => update(index, { arch: event.target.value as PlatformData['arch'] })}>
                  {ARCH.map((arch) => (
                    <option key={arch.value} value={arch.value}>
                      {arch.label}
                    </option>
                  ))}
                </select>
              </label>
              <label>
                Minimum version
                <input value={row.minVersion} onChange={(event) => update(index, { minVersion: event.target.value })} placeholder="e.g. 10.0" />
              </label>
              <label>
                Maximum version
                <input value={row.maxVersion} onChange={(event) => update(index, { maxVersion: event.target.value })} />
              </label>
              <button type="button" onClick={() => onChange(any, platforms.filter((_, at) => at !== index))} aria-label={`Remove platform ${index + 1}`}>
                Remove
              </button>
            </li>
          ))}
          <li>
            <button type="button" onClick={() => onChange(any, [...platforms, { os: 'windows', arch: 'x64', minVersion: '', maxVersion: '' }])}>
              Add platform
            </button>
          </li>
        </ul>
      ) : null}
      {error ? (
        <span className="field-error" id="platforms-error">
          {error}
        </span>
      ) : null}
    </fieldset>
  );
}
