/**
 * @module measure/prometheus-team
 * Where a pod's team comes from: the telemetry's namespace label, or a Kubernetes pod label that
 * kube-state-metrics exports on `kube_pod_labels` (as `label_<name>`), joined to the telemetry on (namespace, pod).
 */
import { ErrorCode, InputError } from '../errors/index.js';
import type { MetricMapping } from './metric-mapping.js';

/** kube-state-metrics' name for a pod label: `label_` + the name with invalid characters as `_`. */
export function kubeLabelName(label: string): string {
  return label.startsWith('label_') ? label : `label_${label.replace(/[^a-zA-Z0-9_]/g, '_')}`;
}

export interface TeamSource {
  /** Whether the team is the telemetry's namespace (no kube_pod_labels query). */
  readonly fromNamespace: boolean;
  /** The label that holds the team: the namespace label, or `label_<name>` on kube_pod_labels. */
  readonly label: string;
  /** kube_pod_labels as mapped (present in Prometheus when the team is a pod label). */
  readonly podLabels?: NonNullable<MetricMapping['podLabels']>;
}

/**
 * The team source of `--team-label` (`namespace` or a pod label). A pod label needs kube_pod_labels in Prometheus
 * (`metricNames`): without it the team cannot be read, which is the user's to fix.
 */
export function teamSource(
  teamLabel: string,
  mapping: MetricMapping,
  metricNames: ReadonlySet<string>,
  server: string,
): TeamSource {
  const ns = mapping.labels.namespace;
  if (teamLabel === 'namespace' || teamLabel === ns) return { fromNamespace: true, label: ns };
  const kpl = mapping.podLabels;
  if (!(kpl && metricNames.has(kpl.metric))) {
    throw new InputError(ErrorCode.InvalidOption, {
      field: '--team-label',
      message: `team label "${teamLabel}" is read from ${kpl?.metric ?? 'kube_pod_labels'}, which Prometheus at ${server} does not have`,
      expected: 'namespace, or kube-state-metrics exporting pod labels (--metric-labels-allowlist)',
    });
  }
  return { fromNamespace: false, label: kubeLabelName(teamLabel), podLabels: kpl };
}

/** The team of the pod of a series: its namespace, or its pod label as read (`(none)` without one). */
export function teamOfPod(
  team: TeamSource,
  metric: Record<string, string>,
  podKey: string,
  podTeamLabel: ReadonlyMap<string, string>,
): string {
  return team.fromNamespace ? metric[team.label] || '(none)' : (podTeamLabel.get(podKey) ?? '(none)');
}
