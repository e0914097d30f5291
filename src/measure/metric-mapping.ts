/**
 * @module measure/metric-mapping
 * Metric and label names of the telemetry, in one file (YAML or JSON): the shipped `mappings/dcgm.yaml` (NVIDIA
 * DCGM exporter + kube-state-metrics) and `mappings/ascend.yaml` (Huawei Ascend npu-exporter), or the user's own.
 * Validated field by field; an error names the file, line and field.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isMap, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import * as z from 'zod';
import { ErrorCode, InputError, type InputIssue } from '../errors/index.js';
import { readInputText } from '../input/index.js';

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

const metricName = z
  .string()
  .regex(METRIC_NAME, { error: 'a Prometheus metric name ([a-zA-Z_:][a-zA-Z0-9_:]*)' });
const labelName = z.string().regex(LABEL_NAME, { error: 'a Prometheus label name ([a-zA-Z_][a-zA-Z0-9_]*)' });
const scaled = z.strictObject({
  metric: metricName,
  scale: z.number({ error: 'a number (multiplier to the unit hyperfleet uses)' }).positive().default(1),
});

const MappingSchema = z.strictObject({
  name: z.string().default('custom'),
  utilization: z.array(scaled).min(1, { error: 'at least one utilisation metric' }),
  memoryUsed: scaled.optional(),
  power: scaled.optional(),
  energy: scaled.optional(),
  labels: z.strictObject({
    host: labelName,
    device: labelName,
    uuid: labelName.optional(),
    model: labelName,
    namespace: labelName,
    pod: labelName,
    container: labelName.optional(),
  }),
  selector: z.string().default(''),
  requests: z
    .strictObject({
      metric: metricName,
      resourceLabel: labelName.default('resource'),
      namespaceLabel: labelName.default('namespace'),
      podLabel: labelName.default('pod'),
      resources: z.array(
        z.strictObject({
          name: z.string().min(1),
          milli: z.number().positive({ error: 'milli-devices per requested unit, > 0' }),
        }),
      ),
    })
    .optional(),
  podLabels: z
    .strictObject({
      metric: metricName,
      namespaceLabel: labelName.default('namespace'),
      podLabel: labelName.default('pod'),
    })
    .optional(),
  models: z.array(z.strictObject({ match: z.string().min(1), accelerator: z.string().min(1) })).default([]),
});

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

export function parseMapping(text: string, file: string): MetricMapping {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false });
  if (doc.errors.length > 0) {
    const err = doc.errors[0];
    throw new InputError(ErrorCode.InvalidField, {
      file,
      line: lc.linePos(err.pos[0]).line,
      message: `not valid YAML: ${err.message.split('\n')[0]}`,
    });
  }
  const data: unknown = doc.toJS();
  if (data === null || typeof data !== 'object') {
    throw new InputError(ErrorCode.FileEmpty, {
      file,
      message: 'expected a mapping such as { utilization: [...], labels: {...} } (see mappings/dcgm.yaml)',
    });
  }
  const parsed = MappingSchema.safeParse(data);
  if (!parsed.success) {
    const issues: InputIssue[] = parsed.error.issues.slice(0, 20).map((issue) => {
      const node = nodeAt(doc.contents, issue.path as (string | number)[]);
      const line = node?.range ? lc.linePos(node.range[0]).line : undefined;
      return {
        file,
        line,
        field: issue.path.join('.') || '(root)',
        message: issue.message,
      };
    });
    throw new InputError(ErrorCode.InvalidField, issues);
  }
  for (const [k, m] of parsed.data.models.entries()) {
    try {
      new RegExp(m.match, 'i');
    } catch {
      throw new InputError(ErrorCode.InvalidField, {
        file,
        field: `models.${k}.match`,
        expected: 'a regular expression',
        got: m.match,
      });
    }
  }
  return parsed.data;
}

function nodeAt(root: unknown, path: readonly (string | number)[]): Node | undefined {
  let node = root as Node | undefined;
  for (const key of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => (p.key as { value?: unknown })?.value === key);
      if (!pair) return node;
      node = pair.value as Node;
    } else if (isSeq(node) && typeof key === 'number') {
      const next = node.items[key] as Node | undefined;
      if (!next) return node;
      node = next;
    } else return node;
  }
  return node;
}

/** Catalog id for a model label value, by the mapping's `models` rules (first match), else undefined. */
export function acceleratorFor(mapping: MetricMapping, modelName: string): string | undefined {
  for (const m of mapping.models) if (new RegExp(m.match, 'i').test(modelName)) return m.accelerator;
  return undefined;
}
