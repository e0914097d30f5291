#!/usr/bin/env node
/**
 * Fits the performance model's efficiency factors on the measured figures (src/plan/perf/measurements.ts), prints
 * each figure with its prediction, the fit's error and the leave-one-out error, and with `--write` rewrites the
 * generated part of docs/perf.md. Run after `npm run build`: node scripts/calibrate-perf.mjs [--write]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { loadCatalog } from '../dist/catalog/index.js';
import {
  calibrate,
  calibrationMarkdown,
  GENERATED_BEGIN,
  GENERATED_END,
  TRTLLM_FIT,
} from '../dist/plan/index.js';

const calibration = calibrate(loadCatalog());
const markdown = calibrationMarkdown(calibration);
process.stdout.write(markdown);
const { decodeBandwidth, prefillCompute } = calibration.factors;
if (decodeBandwidth !== TRTLLM_FIT.decodeBandwidth || prefillCompute !== TRTLLM_FIT.prefillCompute) {
  process.stdout.write(
    `\nThe fit differs from TRTLLM_FIT in src/plan/perf/efficiency.ts: set it to ` +
      `{ decodeBandwidth: ${decodeBandwidth}, prefillCompute: ${prefillCompute} }.\n`,
  );
}
if (process.argv.includes('--write')) {
  const file = new URL('../docs/perf.md', import.meta.url);
  const doc = readFileSync(file, 'utf8');
  const begin = doc.indexOf(GENERATED_BEGIN);
  const end = doc.indexOf(GENERATED_END);
  if (begin < 0 || end < begin) throw new Error('docs/perf.md lacks the calibration markers');
  writeFileSync(file, `${doc.slice(0, begin + GENERATED_BEGIN.length)}\n\n${markdown}\n${doc.slice(end)}`);
  process.stdout.write('docs/perf.md updated\n');
}
