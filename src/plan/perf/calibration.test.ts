/**
 * The efficiency fit, pinned: it still lands on the factors the model ships (TRTLLM_FIT), every measured figure is
 * printed with its prediction and error, and docs/perf.md holds exactly the table the calibration script writes.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../catalog/index.js';
import {
  calibrate,
  calibrationMarkdown,
  GENERATED_BEGIN,
  GENERATED_END,
  squaredLogError,
} from './calibration.js';
import { TRTLLM_FIT } from './efficiency.js';
import { MEASUREMENTS } from './measurements.js';

describe('efficiency calibration', () => {
  const calibration = calibrate(loadCatalog());

  it('reproduces the shipped factors, and prints each figure, the prediction and the errors', () => {
    for (const r of calibration.rows) {
      const m = r.measurement;
      console.log(
        `${m.source}: measured ${m.measured}, predicted ${r.predicted.toFixed(0)} (${r.errorPct.toFixed(1)} %), ` +
          `leave-one-out ${r.looPredicted.toFixed(0)} (${r.looErrorPct.toFixed(1)} %)`,
      );
    }
    for (const c of calibration.perChip) {
      console.log(
        `${c.accelerator}: ${c.figures} figures, LOO median ${c.looMedianAbsPct.toFixed(1)} %, worst ${c.looWorstAbsPct.toFixed(1)} %`,
      );
    }
    expect(calibration.factors).toEqual(TRTLLM_FIT);
    expect(calibration.rows).toHaveLength(MEASUREMENTS.length);
  });

  it('is a least-squares optimum: moving either factor by 0.001 does not lower the squared log error', () => {
    const catalog = loadCatalog();
    const at = squaredLogError(catalog, calibration.factors);
    for (const [dd, dc] of [
      [0.001, 0],
      [-0.001, 0],
      [0, 0.001],
      [0, -0.001],
    ]) {
      const moved = {
        decodeBandwidth: calibration.factors.decodeBandwidth + dd,
        prefillCompute: calibration.factors.prefillCompute + dc,
      };
      expect(squaredLogError(catalog, moved)).toBeGreaterThanOrEqual(at);
    }
  });

  it('is what docs/perf.md shows', () => {
    const doc = readFileSync(new URL('../../../docs/perf.md', import.meta.url), 'utf8');
    const begin = doc.indexOf(GENERATED_BEGIN);
    const end = doc.indexOf(GENERATED_END);
    expect(begin).toBeGreaterThanOrEqual(0);
    expect(end).toBeGreaterThan(begin);
    expect(doc.slice(begin + GENERATED_BEGIN.length, end).trim()).toBe(
      calibrationMarkdown(calibration).trim(),
    );
  });
});
