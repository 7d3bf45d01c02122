import { ChangeEvent, ReactNode, useId } from 'react';

interface FieldProps {
  label: string;
  error?: string;
  hint?: ReactNode;
  children: (props: { id: string; 'aria-invalid': boolean; 'aria-describedby'?: string }) => ReactNode;
}

/** A label, the control, and the hint or error tied to it for screen readers. */
export function Field({ label, error, hint, children }: FieldProps) {
  const id = useId();
  const noteId = `${id}-note`;
  return (
    <div className={`field${error ? ' field-invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {children({ id, 'aria-invalid': Boolean(error), 'aria-describedby': error || hint ? noteId : undefined })}
      {error ? (
        <span className="field-error" id={noteId}>
          {error}
        </span>
      ) : hint ? (
        <span className="field-hint" id={noteId}>
          {hint}
        </span>
      ) : null}
    </div>
  );
}

export function TextField({ label, value, onChange, error, hint, required, type = 'text', placeholder, disabled, maxLength }: {
  label: string;
  value: string;
  onChange(value: string): void;
  error?: string;
  hint?: ReactNode;
  required?: boolean;
  type?: string;
  placeholder?: string;
  disabled?: boolean;
  maxLength?: number;
}) {
  return (
    <Field label={required ? `${label} *` : label} error={error} hint={hint}>
      {(props) => (
        <input
          {...props}
          type={type}
          value={value}
          required={required}
          placeholder={placeholder}
          disabled={disabled}
          maxLength={maxLength}
          onChange={(event: ChangeEvent<HTMLInputElement>) => onChange(event.target.value)}
        />
      )}
    </Field>
  );
}

export function TextAreaField({ label, value, onChange, error, hint, required, rows = 3 }: {
  label: string;
  value: string;
  onChange(value: string): void;
  error?: string;
  hint?: ReactNode;
  required?: boolean;
  rows?: number;
}) {
  return (
    <Field label={required ? `${label} *` : label} error={error} hint={hint}>
      {(props) => <textarea {...props} rows={rows} value={value} required={required} onChange={(event) => onChange(event.target.value)} />}
    </Field>
  );
}

export function SelectField<T extends string>({ label, value, options, onChange, error, hint }: {
  label: string;
  value: T;
  options: readonly (T | { value: T; label: string })[];
  onChange(value: T): void;
  error?: string;
  hint?: ReactNode;
}) {
  return (
    <Field label={label} error={error} hint={hint}>
      {(props) => (
        <select {...props} value={value} onChange={(event) => onChange(event.target.value as T)}>
          {options.map((option) => {
            const item = typeof option === 'string' ? { value: option, label: option } : option;
            return (
              <option key={item.value} value={item.value}>
                {item.label}
              </option>
            );
          })}
        </select>
      )}
    </Field>
  );
}

export function CheckboxField({ label, checked, onChange, hint }: { label: string; checked: boolean; onChange(checked: boolean): void; hint?: string }) {
  const id = useId();
  return (
    <div className="field field-checkbox">
      <input id={id} type="checkbox" checked={checked} onChange={(event) => onChange(event.target.checked)} aria-describedby={hint ? `${id}-hint` : undefined} />
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <span className="field-hint" id={`${id}-hint`}>
          {hint}
        </span>
      ) : null}
    </div>
  );
}
