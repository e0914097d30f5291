/**
 * @module measure/metric-mapping
 * Metric and label names of the telemetry, in one file (YAML or JSON): the shipped `mappings/dcgm.yaml` (NVIDIA
 * DCGM exporter + kube-state-metrics) and `mappings/ascend.yaml` (Huawei Ascend npu-exporter), or the user's own.
 * Validated by one zod schema, the models' patterns included; an error names the file, line and field.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as z from 'zod';
import { parseUserDocument, readInputText } from '../input/index.js';

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

// The `error` texts say what a valid value looks like.
const METRIC = 'a Prometheus metric name ([a-zA-Z_:][a-zA-Z0-9_:]*)';
const LABEL = 'a Prometheus label name ([a-zA-Z_][a-zA-Z0-9_]*)';
const metricName = z.string({ error: METRIC }).regex(METRIC_NAME, { error: METRIC });
const labelName = z.string({ error: LABEL }).regex(LABEL_NAME, { error: LABEL });
const text = (expected: string) => z.string({ error: expected }).min(1, { error: expected });
const SCALE = 'a number > 0 (multiplier to the unit hyperfleet uses)';
const scaled = z.strictObject(
  {
    metric: metricName,
    scale: z.number({ error: SCALE }).positive({ error: SCALE }).default(1),
  },
  { error: 'a mapping such as { metric: DCGM_FI_DEV_GPU_UTIL, scale: 1 }' },
);

/** Whether `pattern` compiles as the case-insensitive regular expression {@link acceleratorFor} makes of it. */
function isRegExp(pattern: string): boolean {
  try {
    new RegExp(pattern, 'i');
    return true;
  } catch {
    return false;
  }
}

const MappingSchema = z.strictObject(
  {
    name: z.string({ error: 'a name for the mapping' }).default('custom'),
    utilization: z
      .array(scaled, { error: 'a list of utilisation metrics such as [{ metric: DCGM_FI_DEV_GPU_UTIL }]' })
      .min(1, { error: 'at least one utilisation metric' }),
    memoryUsed: scaled.optional(),
    power: scaled.optional(),
    energy: scaled.optional(),
    labels: z.strictObject(
      {
        host: labelName,
        device: labelName,
        uuid: labelName.optional(),
        model: labelName,
        namespace: labelName,
        pod: labelName,
        container: labelName.optional(),
      },
      { error: 'a mapping of label names: host, device, model, namespace, pod (uuid, container optional)' },
    ),
    selector: z.string({ error: 'PromQL label matchers such as \'cluster="prod"\', or empty' }).default(''),
    requests: z
      .strictObject(
        {
          metric: metricName,
          resourceLabel: labelName.default('resource'),
          namespaceLabel: labelName.default('namespace'),
          podLabel: labelName.default('pod'),
          resources: z.array(
            z.strictObject(
              {
                name: text('a resource label value such as nvidia_com_gpu'),
                milli: z
                  .number({ error: 'milli-devices per requested unit, > 0' })
                  .positive({ error: 'milli-devices per requested unit, > 0' }),
              },
              { error: 'a mapping such as { name: nvidia_com_gpu, milli: 1000 }' },
            ),
            { error: 'a list of requested resources such as [{ name: nvidia_com_gpu, milli: 1000 }]' },
          ),
        },
        { error: 'a mapping with metric and resources (kube-state-metrics requests)' },
      )
      .optional(),
    podLabels: z
      .strictObject(
        {
          metric: metricName,
          namespaceLabel: labelName.default('namespace'),
          podLabel: labelName.default('pod'),
        },
        { error: 'a mapping such as { metric: kube_pod_labels }' },
      )
      .optional(),
    models: z
      .array(
        z.strictObject(
          {
            match: text('a regular expression (case-insensitive)').refine(isRegExp, {
              error: 'a valid regular expression (case-insensitive)',
            }),
            accelerator: text('an accelerator catalog id such as nvidia-h20'),
          },
          { error: "a mapping such as { match: 'H20', accelerator: nvidia-h20 }" },
        ),
        { error: 'a list of model rules such as [{ match: H20, accelerator: nvidia-h20 }]' },
      )
      .default([]),
  },
  { error: 'a metric mapping such as { utilization: [...], labels: {...} } (see mappings/dcgm.yaml)' },
);

export type MetricMapping = z.infer<typeof MappingSchema>;
export type ScaledMetric = z.infer<typeof scaled>;

/** The folder of the shipped mappings (`mappings/` at the package root, beside dist/ and src/). */
export function shippedMappingsDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let k = 0; k < 5; k++) {
    if (existsSync(join(dir, 'mappings', 'dcgm.yaml'))) return join(dir, 'mappings');
    dir = dirname(dir);
  }
  return resolve('mappings');
}

/** `dcgm`, `ascend` (shipped) or a file path. */
export async function loadMapping(spec = 'dcgm'): Promise<{ mapping: MetricMapping; file: string }> {
  const file =
    /^[a-z0-9-]+$/.test(spec) && !existsSync(spec) ? join(shippedMappingsDir(), `${spec}.yaml`) : spec;
  const text = readInputText(file, {
    what: 'a mapping file (YAML or JSON), or one of the shipped mappings: dcgm, ascend',
    field: '--mapping',
    shownAs: spec,
  });
  return { mapping: parseMapping(text, file), file };
}

/** Parses and validates a metric mapping (YAML, or JSON which YAML reads too); `file` names it in messages. */
export function parseMapping(text: string, file: string): MetricMapping {
  return parseUserDocument(text, file, MappingSchema, {
    syntax: 'yaml',
    what: 'a metric mapping such as { utilization: [...], labels: {...} } (see mappings/dcgm.yaml)',
  });
}

/** Catalog id for a model label value, by the mapping's `models` rules (first match), else undefined. */
export function acceleratorFor(mapping: MetricMapping, modelName: string): string | undefined {
  for (const m of mapping.models) if (new RegExp(m.match, 'i').test(modelName)) return m.accelerator;
  return undefined;
}
