/** The resource map: merging a user file over the defaults, and a malformed file's errors with line numbers. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../errors/index.js';
import { inputErrorText } from '../../test/support/input-error.js';
import {
  buildResourceModels,
  DEFAULT_RESOURCE_MAP,
  DEFAULT_RESOURCE_MODELS,
  loadResourceModels,
  parseResourceMapText,
} from './resource-models.js';

const dir = mkdtempSync(join(tmpdir(), 'hf-resmap-'));
function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

async function issuesOf(path: string): Promise<string[]> {
  try {
    await loadResourceModels(path);
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return (e as InputError).message.split('\n');
  }
  throw new Error('expected an InputError');
}

describe('loadResourceModels', () => {
  it('without a file: the defaults', async () => {
    expect(await loadResourceModels()).toBe(DEFAULT_RESOURCE_MODELS);
    expect(DEFAULT_RESOURCE_MODELS.lookup('huawei.com/Ascend910B')?.models).toEqual(['huawei-ascend-910b']);
    // exact names before patterns, longest pattern first
    expect(DEFAULT_RESOURCE_MODELS.lookup('huawei.com/Ascend910-8c')?.models).toEqual(['huawei-ascend-910']);
    expect(DEFAULT_RESOURCE_MODELS.lookup('huawei.com/Ascend910')?.unsupported).toBeUndefined();
    expect(DEFAULT_RESOURCE_MODELS.lookup('example.com/x')).toBeUndefined();
  });

  it('a user file adds, replaces and removes entries', async () => {
    const path = file(
      'map.yaml',
      [
        'resources:',
        '  huawei.com/Ascend910:',
        '    vendor: huawei',
        '    models: [huawei-ascend-910b]',
        '    doc: only 910B here',
        '  example.com/npu-*: { vendor: example, models: [ex-npu] }',
        '  amd.com/gpu: null',
        'productLabels:',
        '  example.com/chip: { values: { X1: ex-npu } }',
        'instanceTypes:',
        '  ecs.ex.*: ex-npu',
        '  g4dn.*:',
      ].join('\n'),
    );
    const m = await loadResourceModels(path);
    expect(m.lookup('huawei.com/Ascend910')?.models).toEqual(['huawei-ascend-910b']);
    expect(m.lookup('example.com/npu-large')).toMatchObject({ vendor: 'example', models: ['ex-npu'] });
    expect(m.lookup('amd.com/gpu')).toBeUndefined();
    expect(m.lookup('cambricon.com/mlu')?.vendor).toBe('cambricon');
    expect(m.productLabels.map((p) => p.label)).toContain('example.com/chip');
    expect(m.instanceModel('ecs.ex.8xlarge')).toBe('ex-npu');
    expect(m.instanceModel('g4dn.xlarge')).toBeUndefined();
    expect(m.instanceModel('p5.48xlarge')).toBe('nvidia-h100');
  });

  it('a malformed file: one issue per problem with file, line and field', async () => {
    const path = file(
      'bad.yaml',
      [
        'resources:', // 1
        '  huawei.com/Ascend910B:', // 2
        '    models: huawei-ascend-910b', // 3
        '    colour: red', // 4
        '  not a resource: { vendor: x, models: [] }', // 5
        'productLabels:', // 6
        '  nvidia.com/gpu.product:', // 7
        '    values: { NVIDIA-H20: 20 }', // 8
        'instanceTypes: [p5]', // 9
        'extras: 1', // 10
      ].join('\n'),
    );
    expect(await issuesOf(path)).toEqual([
      `${path}:2: resources.huawei.com/Ascend910B.vendor: missing, expected a vendor name such as huawei`,
      `${path}:3: resources.huawei.com/Ascend910B.models: expected a list of device model names ([] = any), got "huawei-ascend-910b"`,
      `${path}:4: resources.huawei.com/Ascend910B.colour: unknown field, expected one of vendor, models, unsupported, doc`,
      `${path}:5: resources.not a resource: invalid name, expected an extended resource name domain/name (e.g. huawei.com/Ascend910B), optionally ending in *`,
      `${path}:8: productLabels.nvidia.com/gpu.product.values.NVIDIA-H20: expected a device model name, got "20"`,
      `${path}:9: instanceTypes: expected a mapping, got "[p5]"`,
      `${path}:10: extras: unknown field, expected one of resources, productLabels, instanceTypes, podAnnotations, ignore`,
    ]);
  });

  it('syntax errors, empty and missing files', async () => {
    expect((await issuesOf(file('syntax.yaml', 'resources:\n  a.com/b: [\n')))[0]).toMatch(
      /syntax.yaml:\d+: YAML syntax error/,
    );
    expect(await issuesOf(file('empty.yaml', '\n'))).toEqual([
      `${join(dir, 'empty.yaml')}: file is empty (expected a resource map with resources, productLabels, instanceTypes, podAnnotations and/or ignore)`,
    ]);
    expect((await issuesOf(join(dir, 'nope.yaml')))[0]).toMatch(/nope.yaml: file not found/);
    // JSON is YAML: lines work too
    const json = file(
      'map.json',
      '{\n  "resources": {\n    "a.com/b": { "vendor": "", "models": [] }\n  }\n}\n',
    );
    expect(await issuesOf(json)).toEqual([
      `${json}:3: resources.a.com/b.vendor: expected a vendor name such as huawei, got ""`,
    ]);
    expect(() => parseResourceMapText('resources: 3', 'x.yaml')).toThrow(
      'x.yaml:1: resources: expected a mapping, got "3"',
    );
  });
});

describe('parseResourceMapText: the full message of each kind of mistake', () => {
  const failure = (text: string, file = 'map.yaml'): string =>
    inputErrorText(() => parseResourceMapText(text, file));

  it('accepts removals, prefix patterns and entries that only refuse', () => {
    const data = parseResourceMapText(
      'resources:\n  amd.com/gpu: null\n  example.com/vnpu-*: { vendor: example, unsupported: not modelled }\n',
      'ok.yaml',
    );
    const m = buildResourceModels(DEFAULT_RESOURCE_MAP, data);
    expect(m.lookup('amd.com/gpu')).toBeUndefined();
    expect(m.lookup('example.com/vnpu-2c')).toMatchObject({ models: [], unsupported: 'not modelled' });
  });

  it('an entry without models (and not refused) points at the entry', () => {
    expect(failure('resources:\n  example.com/npu:\n    vendor: example\n    doc: x\n'))
      .toMatchInlineSnapshot(`
      "HF_INVALID_FIELD
      map.yaml:2: resources.example.com/npu.models: missing, expected a list of device models ([] = any)"
    `);
  });

  it('a misspelt section and field get a hint', () => {
    expect(failure('resource:\n  example.com/npu: { vendor: x, model: [a] }\nproductLabel: {}\n'))
      .toMatchInlineSnapshot(`
      "HF_INVALID_FIELD
      map.yaml:1: resource: unknown field, did you mean "resources"?
      map.yaml:3: productLabel: unknown field, did you mean "productLabels"?"
    `);
    expect(failure('resources:\n  example.com/npu: { vendor: x, model: [a] }\n')).toMatchInlineSnapshot(`
      "HF_INVALID_FIELD
      map.yaml:2: resources.example.com/npu.model: unknown field, did you mean "models"?
      map.yaml:2: resources.example.com/npu.models: missing, expected a list of device models ([] = any)"
    `);
  });

  it('product labels and instance types of the wrong shape', () => {
    expect(
      failure(
        [
          'productLabels:',
          '  example.com/chip: [X1]',
          '  example.com/card:',
          '    values: { X1: "", X2: [a] }',
          'instanceTypes:',
          '  ecs.x.*: ""',
          '  ecs.y.*: 7',
        ].join('\n'),
      ),
    ).toMatchInlineSnapshot(`
      "HF_INVALID_FIELD
      map.yaml:2: productLabels.example.com/chip: expected a mapping with values and doc (or null to remove), got "[X1]"
      map.yaml:4: productLabels.example.com/card.values.X1: expected a device model name, got ""
      map.yaml:4: productLabels.example.com/card.values.X2: expected a device model name, got "[a]"
      map.yaml:6: instanceTypes.ecs.x.*: expected a device model name (or null to remove), got ""
      map.yaml:7: instanceTypes.ecs.y.*: expected a device model name (or null to remove), got "7""
    `);
  });

  it('model lists with blank or non-text models', () => {
    expect(failure('resources:\n  example.com/npu: { vendor: " ", models: [a, "", { b: 1 }] }\n'))
      .toMatchInlineSnapshot(`
      "HF_INVALID_FIELD
      map.yaml:2: resources.example.com/npu.vendor: expected a vendor name such as huawei, got " "
      map.yaml:2: resources.example.com/npu.models[1]: expected a device model name, got ""
      map.yaml:2: resources.example.com/npu.models[2]: expected a device model name, got "{ b: 1 }""
    `);
  });

  it('JSON: a bad resource name and a duplicate key, with lines', () => {
    expect(failure('{\n  "resources": {\n    "npu": { "vendor": "x", "models": [] }\n  }\n}\n', 'map.json'))
      .toMatchInlineSnapshot(`
      "HF_INVALID_FIELD
      map.json:3: resources.npu: invalid name, expected an extended resource name domain/name (e.g. huawei.com/Ascend910B), optionally ending in *"
    `);
    expect(failure('{\n  "instanceTypes": { "a": "m" },\n  "instanceTypes": {}\n}\n', 'map.json'))
      .toMatchInlineSnapshot(`
      "HF_INVALID_FIELD
      map.json:3: instanceTypes: duplicate key (first on line 2), expected each key once per mapping"
    `);
  });

  it('syntax errors and an empty file', () => {
    expect(failure('resources:\n  a.com/b: [\n')).toMatchInlineSnapshot(`
      "HF_INVALID_FIELD
      map.yaml:3: YAML syntax error: Flow sequence in block collection must be sufficiently indented and end with a ]"
    `);
    expect(failure('# nothing\n')).toMatchInlineSnapshot(`
      "HF_FILE_EMPTY
      map.yaml: file is empty (expected a resource map with resources, productLabels, instanceTypes, podAnnotations and/or ignore)"
    `);
    expect(failure('just text\n')).toMatchInlineSnapshot(`
      "HF_INVALID_FIELD
      map.yaml:1: expected a mapping with resources, productLabels, instanceTypes, podAnnotations and/or ignore, got "just text""
    `);
  });
});
