import type { MeteringReport } from '../api/types';
import { CHART_SIZE, ChartMeasure, formatDuration, formatScaleSeconds, usageChartGeometry } from './usage-chart';

const MEASURE_WORDS: Record<ChartMeasure, { label: string; format(value: number): string; scale(value: number): string }> = {
  launches: { label: 'Launches', format: String, scale: String },
  usageSeconds: { label: 'Usage time', format: formatDuration, scale: formatScaleSeconds },
};

const BAR_COLOUR = '#2f6db5';
const PEAK_COLOUR = '#6a4fb3';
const LICENCE_COLOUR = '#b3261e';

/**
 * Usage of each day of the month: bars of the chosen measure (left scale), the peak of concurrent
 * users as a line and the licences owned as a dashed line (right scale, in users). Hand-written
 * SVG; the numbers are also in the summary and the tables below it.
 */
export function UsageChart({ report, measure }: { report: MeteringReport; measure: ChartMeasure }) {
  const geometry = usageChartGeometry(report.month, report.days, report.licencesOwned, measure);
  const words = MEASURE_WORDS[measure];
  const { plot } = geometry;
  const bottom = plot.y + plot.height;
  const peakOf = new Map(report.days.map((day) => [day.day, day.peakConcurrentUsers]));
  const description =
    `${words.label} per day of ${report.month}: ` +
    (geometry.bars.length === 0 ? 'no usage' : geometry.bars.map((bar) => `${bar.day.slice(8)} ${words.format(bar.value)}`).join(', ')) +
    `; licences owned ${report.licencesOwned}; peak concurrent users ${report.summary.peakConcurrentUsers}`;
  const labelEvery = geometry.days.length > 16 ? 5 : 1;

  return (
    <figure className="status-chart usage-chart" style={{ maxWidth: CHART_SIZE.width }}>
      <svg viewBox={`0 0 ${CHART_SIZE.width} ${CHART_SIZE.height}`} role="img" aria-label={description} preserveAspectRatio="xMinYMin meet" data-measure={measure}>
        <rect x={plot.x} y={plot.y} width={plot.width} height={plot.height} className="chart-track" />
        {/* Scales: the measure on the left, users on the right. */}
        <text x={plot.x - 6} y={plot.y + 10} textAnchor="end" className="chart-label" data-axis="measure-max">
          {words.scale(geometry.measureMax)}
        </text>
        <text x={plot.x - 6} y={bottom} textAnchor="end" className="chart-label">
          0
        </text>
        <text x={plot.x + plot.width + 6} y={plot.y + 10} className="chart-label" data-axis="users-max">
          {geometry.usersMax}
        </text>
        <text x={plot.x + plot.width + 6} y={bottom} className="chart-label">
          0
        </text>
        {geometry.days.map((day, index) =>
          index % labelEvery === 0 || index === geometry.days.length - 1 ? (
            <text key={day} x={plot.x + (index + 0.5) * geometry.slotWidth} y={bottom + 18} textAnchor="middle" className="chart-label">
              {Number(day.slice(8))}
            </text>
          ) : null,
        )}
        <g className="usage-bars">
          {geometry.bars.map((bar) => (
            <rect key={bar.day} className="usage-bar" data-day={bar.day} data-value={bar.value} x={bar.x} y={bar.y} width={bar.width} height={bar.height} fill={BAR_COLOUR} rx="2">
              <title>{`${bar.day}: ${words.format(bar.value)}, peak ${peakOf.get(bar.day) ?? 0} concurrent users`}</title>
            </rect>
          ))}
        </g>
        {geometry.peakLine.length > 0 ? (
          <polyline
            className="peak-line"
            points={geometry.peakLine.map((point) => `${point.x},${point.y}`).join(' ')}
            fill="none"
            stroke={PEAK_COLOUR}
            strokeWidth="2"
            strokeLinejoin="round"
          />
        ) : null}
        {geometry.peakLine.map((point) => (
          <circle key={point.day} className="peak-point" data-day={point.day} data-value={point.value} cx={point.x} cy={point.y} r="2.5" fill={PEAK_COLOUR} />
        ))}
        <line
          className="licence-line"
          data-value={geometry.licenceLine.value}
          x1={geometry.licenceLine.x1}
          x2={geometry.licenceLine.x2}
          y1={geometry.licenceLine.y}
          y2={geometry.licenceLine.y}
          stroke={LICENCE_COLOUR}
          strokeWidth="2"
          strokeDasharray="6 4"
        />
      </svg>
      <figcaption className="chart-legend">
        <span style={{ color: BAR_COLOUR }}>■</span> {words.label} (left scale) · <span style={{ color: PEAK_COLOUR }}>●—</span> peak concurrent users ·{' '}
        <span style={{ color: LICENCE_COLOUR }}>- -</span> licences owned ({report.licencesOwned}) (right scale, users)
      </figcaption>
    </figure>
  );
}
