import { ReactNode } from 'react';

/** One row of a property list: its name and its value. */
export type Property = readonly [name: string, value: ReactNode];

/** The name/value list every detail page shows its object's fields in. */
export function PropertyList({ rows, label }: { rows: readonly Property[]; label?: string }) {
  return (
    <dl className="properties" aria-label={label}>
      {rows.map(([name, value], index) => (
        <div key={`${name}-${index}`}>
          <dt>{name}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
