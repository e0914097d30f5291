/** A progress bar with its value exposed to assistive technology (0–100 %). */
import type { ReactNode } from 'react';

export function ProgressBar({ value, label }: { value: number; label: string }): ReactNode {
  const pct = Math.round(Math.max(0, Math.min(1, value)) * 100);
  return (
    <div
      className="progress"
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={pct}
    >
      <div className="progress-fill" style={{ width: `${pct}%` }} />
    </div>
  );
}
