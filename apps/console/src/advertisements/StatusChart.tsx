import { StatusSummary } from '../api/types';

const BARS: { key: keyof StatusSummary; label: string; color: string }[] = [
  { key: 'targeted', label: 'Targeted', color: '#5b6b7f' },
  { key: 'accepted', label: 'Accepted', color: '#2f6db5' },
  { key: 'waiting', label: 'Waiting', color: '#8a6d00' },
  { key: 'running', label: 'Running', color: '#6a4fb3' },
  { key: 'succeeded', label: 'Succeeded', color: '#1f7a3a' },
  { key: 'failed', label: 'Failed', color: '#b3261e' },
  // Started but silent past the program's maximum run time plus the grace: "no report (timed out)".
  { key: 'timedOut', label: 'Timed out', color: '#a35200' },
  { key: 'notReported', label: 'Not reported', color: '#8c8c8c' },
];

const WIDTH = 560;
const ROW = 30;
const LABEL = 120;
const COUNT = 48;

/** Horizontal bars scaled to the targeted count; the numbers are also in the table the chart describes. */
export function StatusChart({ summary }: { summary: StatusSummary }) {
  const max = Math.max(1, ...BARS.map((bar) => summary[bar.key]));
  const barSpace = WIDTH - LABEL - COUNT;
  const description = BARS.map((bar) => `${bar.label} ${summary[bar.key]}`).join(', ');
  return (
    <figure className="status-chart">
      <svg viewBox={`0 0 ${WIDTH} ${BARS.length * ROW}`} role="img" aria-label={`Status summary: ${description}`} preserveAspectRatio="xMinYMin meet">
        {BARS.map((bar, index) => {
          const value = summary[bar.key];
          const width = (value / max) * barSpace;
          const y = index * ROW;
          return (
            <g key={bar.key} data-status={bar.key}>
              <text x={LABEL - 8} y={y + ROW / 2 + 5} textAnchor="end" className="chart-label">
                {bar.label}
              </text>
              <rect x={LABEL} y={y + 6} width={barSpace} height={ROW - 12} className="chart-track" rx="3" />
              <rect x={LABEL} y={y + 6} width={width} height={ROW - 12} fill={bar.color} rx="3" />
              <text x={WIDTH - COUNT + 8} y={y + ROW / 2 + 5} className="chart-count">
                {value}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption className="visually-hidden">{description}</figcaption>
    </figure>
  );
}
