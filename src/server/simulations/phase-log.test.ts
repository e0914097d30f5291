/**
 * The phase log on a clock the test moves: the phase running is the last one started, each finished phase keeps
 * the time from its start to the next one's (a phase may come again: the check re-solves) and its detail (a
 * scenario's name) if it had one, and ending the run
 * closes the last phase and leaves none running.
 */
import { describe, expect, it } from 'vitest';
import { PhaseLog, type PhasedRun } from './phase-log.js';

describe('PhaseLog', () => {
  it('keeps the running phase and the seconds of each finished one, in order', () => {
    let ms = 1000;
    const run: PhasedRun<string> = { phases: [] };
    const log = new PhaseLog(run, () => ms);
    log.end(); // nothing ran yet: nothing to close
    expect(run).toEqual({ phases: [] });
    log.start('reading');
    ms += 250;
    expect(run.phase).toBe('reading');
    expect(run.phases).toEqual([]);
    log.start('solving');
    ms += 1500;
    log.start('re-solving');
    ms += 2;
    log.start('solving');
    ms += 40;
    expect(run.phase).toBe('solving');
    log.start('scenario', 'h20-banned');
    expect(run.phaseDetail).toBe('h20-banned');
    ms += 10;
    log.start('reading');
    expect(run.phaseDetail).toBeUndefined();
    log.end();
    expect(run.phase).toBeUndefined();
    expect(run.phases).toEqual([
      { phase: 'reading', seconds: 0.25 },
      { phase: 'solving', seconds: 1.5 },
      { phase: 're-solving', seconds: 0.002 },
      { phase: 'solving', seconds: 0.04 },
      { phase: 'scenario', detail: 'h20-banned', seconds: 0.01 },
      { phase: 'reading', seconds: 0 },
    ]);
    log.end();
    expect(run.phases).toHaveLength(6);
  });
});
