import { useState } from 'react';
import { ClientData } from '../api/types';
import { PropertyList } from '../components/PropertyList';
import { filterSoftware, InventoryRow, inventorySections, SoftwareEntry } from './inventory-sections';

function Rows({ rows }: { rows: InventoryRow[] }) {
  return <PropertyList rows={rows.map((row) => [row.label, row.value] as const)} />;
}

function Software({ entries }: { entries: SoftwareEntry[] }) {
  const [filter, setFilter] = useState('');
  const shown = filterSoftware(entries, filter);
  return (
    <>
      <div className="inline-form">
        <label htmlFor="software-filter">Filter software</label>
        <input id="software-filter" value={filter} onChange={(event) => setFilter(event.target.value)} placeholder="name, version or publisher" />
        <span className="muted">
          {shown.length} of {entries.length}
        </span>
      </div>
      {shown.length === 0 ? (
        <p className="empty">{entries.length === 0 ? 'The client reported no installed software.' : 'No installed software matches the filter.'}</p>
      ) : (
        <div className="table-wrap">
          <table aria-label="Installed software">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Version</th>
                <th scope="col">Publisher</th>
                <th scope="col">Source</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((entry, index) => (
                <tr key={`${entry.name}-${entry.version ?? ''}-${index}`}>
                  <td>{entry.name}</td>
                  <td>{entry.version ?? '—'}</td>
                  <td>{entry.publisher ?? '—'}</td>
                  <td>{entry.source ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

/** The inventory the client reported, in readable sections. */
export function InventoryPanel({ client }: { client: ClientData }) {
  const sections = inventorySections(client);
  return (
    <section className="panel" aria-labelledby="inventory-title">
      <h2 id="inventory-title">Inventory</h2>
      <h3>Hardware</h3>
      {sections.hardware.length > 0 ? <Rows rows={sections.hardware} /> : <p className="empty">The client reported no hardware facts.</p>}
      <h3>Operating system</h3>
      <Rows rows={sections.os} />
      <h3>Network</h3>
      <Rows rows={sections.network} />
      <h3>Installed software</h3>
      {sections.software ? <Software entries={sections.software} /> : <p className="empty">The client reports no installed software.</p>}
      <h3>Custom fields</h3>
      {sections.custom.length === 0 ? (
        <p className="empty">No custom fields.</p>
      ) : (
        <PropertyList label="Custom fields" rows={sections.custom.map((field) => [field.key, field.structured ? <pre className="inventory">{field.value}</pre> : field.value] as const)} />
      )}
    </section>
  );
}
