import { describe, expect, it } from 'vitest';
import { inputErrorText } from '../../../test/support/input-error.js';
import { DEFAULT_RESOURCE_MODELS } from '../resource-models.js';
import { readHamiNode } from './hami-node.js';
import { HAMI_VENDORS } from './hami-vendors.js';
import { parseNodeRegister } from './node-register.js';

const NV = 'hami.io/node-nvidia-register';

/** The InputError's text on one line. */
const thrown = (f: () => unknown): string => inputErrorText(f).replace(/\n/g, ' ');

function node(annotations: Record<string, string>, allocatable: Record<string, string> = {}) {
  return {
    metadata: { name: 'n1', annotations },
    status: { allocatable: { cpu: '32', memory: '128Gi', ...allocatable } },
  };
}

describe('parseNodeRegister', () => {
  it('reads the text form field by field: id,count,devmem,devcore,type,numa,health', () => {
    const devices = parseNodeRegister(
      NV,
      'GPU-a,10,40960,100,NVIDIA-NVIDIA A100-SXM4-40GB,0,true:GPU-b,4,81920,100,NVIDIA-NVIDIA A100-SXM4-80GB,1,false:',
    );
    expect(devices).toEqual([
      {
        id: 'GPU-a',
        count: 10,
        devmemMiB: 40960,
        devcore: 100,
        type: 'NVIDIA-NVIDIA A100-SXM4-40GB',
        numa: 0,
        health: true,
      },
      {
        id: 'GPU-b',
        count: 4,
        devmemMiB: 81920,
        devcore: 100,
        type: 'NVIDIA-NVIDIA A100-SXM4-80GB',
        numa: 1,
        health: false,
      },
    ]);
  });

  it('reads the 9-field text form (index and mode appended) and the JSON form alike', () => {
    const text = parseNodeRegister(NV, 'GPU-a,10,24576,100,NVIDIA-NVIDIA L20,0,true,0,hami-core:');
    const json = parseNodeRegister(
      NV,
      JSON.stringify([
        {
          id: 'GPU-a',
          index: 0,
          count: 10,
          devmem: 24576,
          devcore: 100,
          type: 'NVIDIA-NVIDIA L20',
          numa: 0,
          mode: 'hami-core',
          health: true,
        },
      ]),
    );
    expect(json).toEqual(text);
    expect(text[0]).toMatchObject({ id: 'GPU-a', count: 10, devmemMiB: 24576, health: true });
  });

  it('names the annotation, the device and the field of a malformed value', () => {
    expect(
      thrown(() => parseNodeRegister(NV, 'GPU-a,10,40960,100,T,0,true:GPU-b,ten,1,100,T,0,true:')),
    ).toMatch(/metadata\.annotations\["hami\.io\/node-nvidia-register"\].*device 2: count.*split count.*ten/);
    expect(thrown(() => parseNodeRegister(NV, 'GPU-a,10,40960,100,T,0,yes:'))).toMatch(
      /device 1: health.*true or false.*yes/,
    );
    expect(thrown(() => parseNodeRegister(NV, 'GPU-a,10,40960:'))).toMatch(/device 1: fields.*3 fields/);
    expect(thrown(() => parseNodeRegister(NV, '[{"id":"GPU-a","count":10}]'))).toMatch(
      /device 1: devmem.*\(missing\)/,
    );
    expect(thrown(() => parseNodeRegister(NV, '[{'))).toMatch(/not valid JSON/);
    expect(thrown(() => parseNodeRegister(NV, 'GPU-a,1,1,100,T,0,true:GPU-a,1,1,100,T,0,true:'))).toMatch(
      /device 2: id.*not listed before/,
    );
  });
});

describe('readHamiNode', () => {
  it('takes devices from the registration, not from nvidia.com/gpu (devices × split)', () => {
    const r = readHamiNode(
      node(
        {
          [NV]: 'GPU-a,10,81920,100,NVIDIA-NVIDIA A100-SXM4-80GB,0,true:GPU-b,10,81920,100,NVIDIA-NVIDIA A100-SXM4-80GB,0,true:',
        },
        { 'nvidia.com/gpu': '20' },
      ),
      DEFAULT_RESOURCE_MODELS,
    );
    expect(r.spec).toEqual({
      name: 'n1',
      cpuMilli: 32000,
      memMiB: 131072,
      gpuCount: 2,
      gpuModel: 'nvidia-a100',
    });
    expect(r.hami?.devices.map((d) => d.id)).toEqual(['GPU-a', 'GPU-b']);
    expect(r.warnings).toEqual([]);
  });

  it('leaves unhealthy devices out, and uses an unknown type verbatim with a warning', () => {
    const r = readHamiNode(
      node({
        [NV]: 'GPU-a,10,40960,100,NVIDIA-NVIDIA A100-SXM4-40GB,0,false:GPU-b,10,40960,100,NVIDIA-NVIDIA A100-SXM4-40GB,0,true:',
      }),
      DEFAULT_RESOURCE_MODELS,
    );
    expect(r.spec.gpuCount).toBe(1);
    expect(r.spec.gpuModel).toBe('NVIDIA-NVIDIA A100-SXM4-40GB');
    expect(r.hami?.devices.map((d) => d.id)).toEqual(['GPU-b']);
    expect(r.warnings.join('\n')).toMatch(/1 of 2 devices unhealthy \(GPU-a\)[\s\S]*uncatalogued/);
  });

  it('reads every vendor whose register annotation it carries, mapping the type to the catalog', () => {
    const cases: [string, string, string][] = [
      ['hami.io/node-register-Ascend910B', 'Ascend910B', 'huawei-ascend-910b'],
      ['hami.io/node-dcu-register', 'DCU-K100_AI', 'hygon-dcu-k100-ai'],
      ['hami.io/node-mlu-register', 'MLU370-X8', 'cambricon-mlu370'],
      ['hami.io/node-metax-sgpu-register', 'MXC500', 'metax-c500'],
      ['hami.io/node-kunlun-register', 'P800', 'kunlunxin-p800'],
      ['hami.io/node-iluvatar-register', 'Iluvatar-BI-V150', 'iluvatar-bi-v150'],
      ['hami.io/node-mthreads-register', 'MTT S4000', 'moore-threads-mtt-s4000'],
      ['hami.io/node-enflame-register', 'Enflame-S60', 'Enflame-S60'],
    ];
    for (const [annotation, type, model] of cases) {
      const r = readHamiNode(
        node({ [annotation]: `dev-0,4,65536,100,${type},0,true:` }),
        DEFAULT_RESOURCE_MODELS,
      );
      expect([annotation, r.spec.gpuCount, r.spec.gpuModel]).toEqual([annotation, 1, model]);
      expect(r.hami?.vendor.registerAnnotation).toBe(annotation);
    }
    // Every vendor of the table is read (the cases above cover them all, NVIDIA aside).
    expect(new Set(cases.map((c) => c[0]))).toEqual(
      new Set(
        HAMI_VENDORS.map((v) => v.registerAnnotation).filter(
          (a) => a !== NV && !/Ascend910C|Ascend310P/.test(a),
        ),
      ),
    );
  });

  it('skips the devices of a malformed registration or a deleted handshake with a warning, never throwing', () => {
    const bad = readHamiNode(node({ [NV]: 'GPU-a,x,1,1,T,0,true:' }), DEFAULT_RESOURCE_MODELS);
    expect(bad.spec.gpuCount).toBe(0);
    expect(bad.warnings.join()).toMatch(/node n1: its devices are not used: .*count/);
    const gone = readHamiNode(
      node({ [NV]: 'GPU-a,10,1,100,T,0,true:', 'hami.io/node-handshake': 'Deleted_2024.01.01 00:00:00' }),
      DEFAULT_RESOURCE_MODELS,
    );
    expect(gone.spec.gpuCount).toBe(0);
    expect(gone.warnings.join()).toMatch(/stopped reporting/);
    const plain = readHamiNode(node({}, { 'nvidia.com/gpu': '8' }), DEFAULT_RESOURCE_MODELS);
    expect(plain.spec.gpuCount).toBe(0);
    expect(plain.warnings.join()).toMatch(/no HAMi registration annotation/);
  });
});
