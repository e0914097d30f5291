/**
 * @module test/support/slow-first-sequencer
 * The order vitest starts test files in: the end-to-end and browser files (test/e2e, test/browser), which spawn
 * servers, simulators and the CLI and take seconds to minutes each, before the unit tests, which take
 * milliseconds. Why: on a clean clone (CI) vitest has no recorded durations and starts the largest files first,
 * so a slow small file (a real kube-scheduler run) could start last and leave one worker busy while the other
 * idles. The order within each group is vitest's own (recorded durations when it has them, else size).
 */
import { BaseSequencer, type TestSpecification } from 'vitest/node';

const SLOW = /[\\/]test[\\/](e2e|browser)[\\/]/;

export class SlowFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const slow = sorted.filter((f) => SLOW.test(f.moduleId));
    return [...slow, ...sorted.filter((f) => !SLOW.test(f.moduleId))];
  }
}
