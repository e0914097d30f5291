import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadMapping, shippedMappingsDir } from './metric-mapping.js';
import { labelMatchers, recordingRules, stepFigures } from './step-expressions.js';

describe('recording rules', () => {
  it('the shipped mappings/dcgm-rules.yaml is what recordingRules generates for the DCGM mapping', async () => {
    const { mapping } = await loadMapping('dcgm');
    const shipped: unknown = parse(readFileSync(join(shippedMappingsDir(), 'dcgm-rules.yaml'), 'utf8'));
    expect(shipped).toEqual(recordingRules(mapping, { stepSec: 60, idleBelowPct: 5, idleForSec: 1800 }));
  });

  it('records the same expressions the subqueries evaluate, labelled with their parameters', async () => {
    const { mapping } = await loadMapping('dcgm');
    const util = mapping.utilization[1];
    const f = stepFigures(mapping, util, {
      stepSec: 60,
      idleBelowPct: 5,
      idleForSec: 1800,
      sampling: 'lookback',
      hasRequests: true,
      energyLookbackSec: 3600,
    });
    const rules = recordingRules(mapping, { stepSec: 60, idleBelowPct: 5, idleForSec: 1800 }).groups[0].rules;
    const idleEnd = rules.find(
      (r) =>
        r.record === f.idleEnd.record &&
        labelMatchers(r.labels as Record<string, string>) === labelMatchers(f.idleEnd.labels),
    );
    expect(idleEnd?.expr).toBe(f.idleEnd.expr);
    expect(f.idleEnd.labels).toEqual({
      hyperfleet_step: '60',
      hyperfleet_util: 'DCGM_FI_DEV_GPU_UTIL',
      hyperfleet_idle_below: '5',
      hyperfleet_idle_for: '1800',
    });
    expect(f.heartbeat).toEqual(f.idleEnd.labels);
    // One heartbeat per utilisation metric; energy and power once.
    expect(rules.filter((r) => r.record === 'hyperfleet:rules_evaluated')).toHaveLength(2);
    expect(rules.filter((r) => r.record === 'hyperfleet:device_power_watts')).toHaveLength(1);
  });
});
