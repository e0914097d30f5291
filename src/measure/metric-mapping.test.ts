/**
 * Metric mappings: the shipped files load, and a bad mapping is one error naming file, line and field for every
 * problem (full messages pinned: they are the interface).
 */
import { describe, expect, it } from 'vitest';
import { InputError } from '../errors/index.js';
import { inputErrorText } from '../../test/support/input-error.js';
import { acceleratorFor, loadMapping, parseMapping } from './metric-mapping.js';

/** The InputError of parsing `text` as `code` + message. */
const failure = (text: string, file = 'map.yaml'): string => inputErrorText(() => parseMapping(text, file));

const LABELS = 'labels: { host: Hostname, device: gpu, model: modelName, namespace: namespace, pod: pod }';

describe('metric mappings', () => {
  it('loads the shipped mappings with their defaults', async () => {
    const { mapping } = await loadMapping('dcgm');
    expect(mapping.name).toBe('dcgm');
    expect(mapping.utilization[0]).toEqual({ metric: 'DCGM_FI_PROF_GR_ENGINE_ACTIVE', scale: 100 });
    expect(acceleratorFor(mapping, 'NVIDIA H20')).toBe('nvidia-h20');
    const ascend = (await loadMapping('ascend')).mapping;
    expect(ascend.labels.host).toBeTruthy();
    const minimal = parseMapping(`utilization: [{ metric: util }]\n${LABELS}\n`, 'm.yaml');
    expect(minimal).toMatchObject({ name: 'custom', selector: '', models: [] });
    expect(minimal.utilization).toEqual([{ metric: 'util', scale: 1 }]);
  });

  it('a metric that is not a name, a label missing and an unknown field', () => {
    expect(
      failure(
        [
          'utilization:',
          '  - { metric: 12, scale: 1 }',
          '  - { metric: ok, scael: 2 }',
          'labels: { host: Hostname, device: gpu, model: modelName, pod: pod }',
        ].join('\n'),
      ),
    ).toMatchInlineSnapshot(`
      "HF_INVALID_FIELD
      map.yaml:2: utilization[0].metric: expected a Prometheus metric name ([a-zA-Z_:][a-zA-Z0-9_:]*), got "12"
      map.yaml:3: utilization[1].scael: unknown field, did you mean "scale"?
      map.yaml:4: labels.namespace: missing, expected a Prometheus label name ([a-zA-Z_][a-zA-Z0-9_]*)"
    `);
  });

  it('an empty utilisation list, a zero scale and a label name with a dash', () => {
    expect(
      failure(
        `utilization: []\npower: { metric: p, scale: 0 }\n${LABELS.replace('Hostname', 'host-name')}\n`,
      ),
    ).toMatchInlineSnapshot(`
      "HF_INVALID_FIELD
      map.yaml:1: utilization: expected at least one utilisation metric, got "[]"
      map.yaml:2: power.scale: expected a number > 0 (multiplier to the unit hyperfleet uses), got "0"
      map.yaml:3: labels.host: expected a Prometheus label name ([a-zA-Z_][a-zA-Z0-9_]*), got "host-name""
    `);
  });

  it('a model rule that is not a regular expression', () => {
    expect(
      failure(
        `utilization: [{ metric: u }]\n${LABELS}\nmodels:\n  - { match: 'H20(', accelerator: nvidia-h20 }\n`,
      ),
    ).toMatchInlineSnapshot(`
      "HF_INVALID_FIELD
      map.yaml:4: models[0].match: expected a valid regular expression (case-insensitive), got "H20(""
    `);
  });

  it('requests with a resource of the wrong shape, and a section of the wrong type', () => {
    expect(
      failure(
        [
          'utilization: [{ metric: u }]',
          LABELS,
          'requests:',
          '  metric: kube_pod_container_resource_requests',
          '  resources:',
          '    - nvidia_com_gpu',
          '    - { name: nvidia_com_gpu_shared, milli: -250 }',
          'podLabels: kube_pod_labels',
        ].join('\n'),
      ),
    ).toMatchInlineSnapshot(`
      "HF_INVALID_FIELD
      map.yaml:6: requests.resources[0]: expected a mapping such as { name: nvidia_com_gpu, milli: 1000 }, got "nvidia_com_gpu"
      map.yaml:7: requests.resources[1].milli: expected milli-devices per requested unit, > 0, got "-250"
      map.yaml:8: podLabels: expected a mapping such as { metric: kube_pod_labels }, got "kube_pod_labels""
    `);
  });

  it('a YAML syntax error, an empty file and a file that is not a mapping', () => {
    expect(failure('utilization:\n  - { metric: u\nlabels: {}\n')).toMatchInlineSnapshot(`
      "HF_INVALID_FIELD
      map.yaml:3: YAML syntax error: Flow map in block collection must be sufficiently indented and end with a }"
    `);
    expect(failure('# only a comment\n')).toMatchInlineSnapshot(`
      "HF_FILE_EMPTY
      map.yaml: file is empty (expected a metric mapping such as { utilization: [...], labels: {...} } (see mappings/dcgm.yaml))"
    `);
    expect(failure('- dcgm\n')).toMatchInlineSnapshot(`
      "HF_INVALID_FIELD
      map.yaml:1: expected a metric mapping such as { utilization: [...], labels: {...} } (see mappings/dcgm.yaml), got "[\\"dcgm\\"]""
    `);
  });

  it('a JSON mapping with a duplicate key (JSON is read as YAML)', () => {
    const json = '{\n  "utilization": [{ "metric": "u" }],\n  "utilization": [],\n  "labels": {}\n}\n';
    expect(failure(json, 'map.json')).toMatchInlineSnapshot(`
      "HF_INVALID_FIELD
      map.json:3: utilization: duplicate key (first on line 2), expected each key once per mapping"
    `);
  });

  it('names the option and the shipped mappings when the file is missing', async () => {
    const e = await loadMapping('nosuch').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(InputError);
    expect((e as InputError).message).toMatchInlineSnapshot(
      `"nosuch: --mapping: file not found (expected a mapping file (YAML or JSON), or one of the shipped mappings: dcgm, ascend)"`,
    );
  });
});
