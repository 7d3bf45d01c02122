import { percent } from './format';

export function ProgressBar({ done, total, label, tone = 'normal' }: { done: number; total: number; label: string; tone?: 'normal' | 'ok' | 'bad' }) {
  const value = percent(done, total);
  return (
    <div className="progress">
      <div className={`progress-track progress-${tone}`} role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={value}>
        <div className="progress-fill" style={{ width: `${value}%` }} />
      </div>
      <span className="progress-text">{value}%</span>
    </div>
  );
}
