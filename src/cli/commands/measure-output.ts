/**
 * @module cli/commands/measure-output
 * What `hyperfleet measure` writes: the HTML report (when asked for) and, on stdout, the result as one JSON
 * object or the one-screen text summary.
 */
import type { MeasureResult } from '../../measure/index.js';
import { writeOutputFile } from '../output-file.js';

/** Rendered in full before anything is written, then written atomically ({@link writeOutputFile}). */
export async function writeMeasureReport(file: string, result: MeasureResult): Promise<void> {
  const { renderMeasureReport } = await import('../../report/index.js');
  await writeOutputFile(file, renderMeasureReport(result), '--report');
  process.stderr.write(`report: ${file}\n`);
}

export async function printMeasureResult(result: MeasureResult, json: boolean): Promise<void> {
  if (json) process.stdout.write(JSON.stringify(result) + '\n');
  else {
    const { summaryText } = await import('../../report/index.js');
    process.stdout.write(summaryText(result));
  }
}
