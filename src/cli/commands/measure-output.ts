/**
 * @module cli/commands/measure-output
 * What `hyperfleet measure` writes: the HTML report (when asked for) and, on stdout, the result as one JSON
 * object or the one-screen text summary.
 */
import type { MeasureResult } from '../../measure/index.js';

/**
 * Rendered in full before anything is written; written to a temporary file and renamed, so a failure never leaves
 * a partial report that looks complete.
 */
export async function writeMeasureReport(file: string, result: MeasureResult): Promise<void> {
  const { renderMeasureReport } = await import('../../report/index.js');
  const { writeFile, rename } = await import('node:fs/promises');
  const html = renderMeasureReport(result);
  const tmp = `${file}.tmp-${process.pid}`;
  await writeFile(tmp, html);
  await rename(tmp, file);
  process.stderr.write(`report: ${file}\n`);
}

export async function printMeasureResult(result: MeasureResult, json: boolean): Promise<void> {
  if (json) process.stdout.write(JSON.stringify(result) + '\n');
  else {
    const { summaryText } = await import('../../report/index.js');
    process.stdout.write(summaryText(result));
  }
}
