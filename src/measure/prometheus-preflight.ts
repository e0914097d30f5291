/**
 * @module measure/prometheus-preflight
 * What is checked before any figure is queried, each failure one clear {@link InputError}: Prometheus answers, it
 * has a mapped utilisation metric, that metric has series in the window, they carry the mapped labels, and the
 * team label can be read. The window and the labels are checked on the series index (no samples read).
 */
import { ErrorCode, InputError } from '../errors/index.js';
import type { MetricMapping, ScaledMetric } from './metric-mapping.js';
import type { PrometheusClient } from './prometheus-client.js';
import { teamSource, type TeamSource } from './prometheus-team.js';
import type { QueryWindow } from './prometheus-window.js';
import { telemetryMatchers } from './step-expressions.js';

export interface PreflightInput {
  mapping: MetricMapping;
  mappingFile: string;
  teamLabel: string;
  window: QueryWindow;
  /** Called after each check, with what was checked. */
  tick: (detail: string) => void;
}

export interface Preflight {
  /** The first mapped utilisation metric Prometheus has. */
  util: ScaledMetric;
  /** Metric names Prometheus has, and those with series in the window. */
  allNames: ReadonlySet<string>;
  windowNames: ReadonlySet<string>;
  team: TeamSource;
}

/** The checks before the queries; ticks `metric names`, `window check` and `labels`. */
export async function preflight(client: PrometheusClient, input: PreflightInput): Promise<Preflight> {
  const { mapping: m, mappingFile, window, tick } = input;
  const allNames = await client.metricNames();
  tick('metric names');
  const util = m.utilization.find((u) => allNames.has(u.metric));
  if (!util) {
    throw new InputError(ErrorCode.InvalidField, {
      file: mappingFile,
      field: 'utilization',
      message: `metric missing: Prometheus at ${client.base} has no series named ${m.utilization.map((u) => u.metric).join(' or ')}`,
      expected: 'the exporter scraped by this Prometheus, or a --mapping naming its metrics',
    });
  }
  const [combos, windowNames] = await Promise.all([
    client.series(`${util.metric}{${telemetryMatchers(m)}}`, window.fromSec + 0.001, window.toSec),
    client.metricNames(window.fromSec, window.toSec),
  ]);
  tick('window check');
  // The index knows series by 2-hour chunks: a window inside a chunk may still hold no sample (the source checks
  // the observed steps too).
  if (combos.length === 0) throw emptyWindowError(client, m, util, window);
  const L = m.labels;
  const checked = [...new Set([L.host, L.device, L.model, L.pod])];
  const missingLabels = checked.filter((label) => !combos.some((c) => (c[label] ?? '') !== ''));
  tick('labels');
  if (missingLabels.length > 0) {
    throw new InputError(ErrorCode.InvalidField, {
      file: mappingFile,
      field: 'labels',
      message:
        `labels missing: no series of ${util.metric} carries ${missingLabels.join(', ')} in the window` +
        (missingLabels.includes(L.pod)
          ? ' (the pod label needs the exporter in Kubernetes mode, e.g. dcgm-exporter with DCGM_EXPORTER_KUBERNETES=true)'
          : ''),
      expected:
        'the mapping’s label names (labels.host, labels.device, labels.model, labels.pod) on the series',
    });
  }
  const team = teamSource(input.teamLabel, m, allNames, client.base);
  return { util, allNames, windowNames, team };
}

/** No sample of the utilisation metric in the window. */
export function emptyWindowError(
  client: PrometheusClient,
  m: MetricMapping,
  util: ScaledMetric,
  window: QueryWindow,
): InputError {
  const sel = m.selector.trim();
  return new InputError(ErrorCode.InvalidField, {
    field: '--from/--to',
    message:
      `empty window: no samples of ${util.metric}${sel ? `{${sel}}` : ''} between ` +
      `${new Date(window.fromSec * 1000).toISOString()} and ${new Date(window.toSec * 1000).toISOString()} at ${client.base}`,
    expected: 'a window in which the exporter was scraped',
  });
}
