/**
 * The colour the HTML experiment report gives each policy: a report of one run per policy of POLICY_NAMES (under
 * its paper label, as `hyperfleet experiment` writes them), read back from the swatch beside each policy's name.
 * Tests compare the dashboard with it.
 */
import { POLICY_NAMES, type PolicyName } from '../../src/policies/policy.js';
import { paperLabel } from '../../src/policies/registry.js';
import { renderExperimentReport } from '../../src/report/experiment-report.js';
import { policyDisplayName } from '../../src/report/palette.js';

export interface ReportColours {
  /** The report's HTML (its charts draw each policy's line in its colour). */
  html: string;
  /** Each policy's swatch colours: exactly one when the report is consistent. */
  swatches: Map<PolicyName, string[]>;
}

export function reportColours(): ReportColours {
  const curve = Array.from({ length: 131 }, (_, x) => Math.min(x, 90));
  const html = renderExperimentReport({
    title: 'policy colours',
    runs: POLICY_NAMES.map((id) => ({
      workload: 'openb_pod_list_default',
      policy: paperLabel(id),
      seed: 42,
      tune: 1.3,
      allocation: curve,
      fragAmount: curve,
      fragRatio: curve,
      failedPods: 0,
    })),
  });
  const found = [...html.matchAll(/background:(#[0-9a-f]{6})" aria-hidden="true"><\/span>([^<]+)</g)];
  const swatches = new Map(
    POLICY_NAMES.map((id) => {
      const display = policyDisplayName(paperLabel(id));
      return [id, [...new Set(found.filter((m) => m[2] === display).map((m) => m[1]))]];
    }),
  );
  return { html, swatches };
}
