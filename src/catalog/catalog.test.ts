/**
 * Catalog files: merging (override by id, add entries, change assumptions and the openb mapping) and every kind of
 * rejection, with the user-facing messages pinned (temp paths stripped) because they are the interface.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../errors/index.js';
import { buildCatalog, getAccelerator, loadCatalog, openbAccelerator } from './catalog.js';
import { roundRequest } from './sharing.js';

const tmp = mkdtempSync(join(tmpdir(), 'hf-catalog-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

let n = 0;
/** Writes a catalog file (an object is written as JSON) and returns its path. */
function file(content: unknown, name = `catalog-${++n}.json`): string {
  const path = join(tmp, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return path;
}

/** The InputError `fn` throws, as `code` + message with the temp dir removed from paths. */
function failure(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    return `${e.code}\n${e.message.replaceAll(tmp + sep, '')}`;
  }
  throw new Error('expected an InputError');
}

const must = <T>(v: T | undefined): T => {
  if (v === undefined) throw new Error('missing');
  return v;
};

describe('loadCatalog without a file', () => {
  it('returns the built-in catalog', () => {
    const c = loadCatalog();
    expect(c.overrideFile).toBeNull();
    expect(c.ids()).toContain('nvidia-h20');
    expect(c.accelerators.length).toBe(c.ids().length);
    expect(c.idleFractionOfTdp).toBe(0.15);
  });
});

describe('loadCatalog with a catalog file', () => {
  it('overrides the fields an entry names and keeps the rest', () => {
    const path = file({ accelerators: [{ id: 'nvidia-h20', priceUsd: 11000, idleW: 70 }] });
    const h20 = must(loadCatalog(path).get('nvidia-h20'));
    expect(h20.priceUsd).toBe(11000);
    expect(h20.provenance.priceUsd).toBe('user');
    expect(h20.ranges.priceUsd).toBeUndefined();
    expect(h20.sources.priceUsd).toEqual([`catalog file ${path}`]);
    expect(h20.idleW).toBe(70);
    expect(h20.provenance.idleW).toBe('user');
    expect(h20.assumptions.filter((a) => a.field === 'idleW')).toEqual([]);
    expect(h20.bf16Tflops).toBe(148);
    expect(h20.provenance.tdpW).toBe('range');
  });

  it('replaces an assumption by a value the user sets, keeping the user’s sources', () => {
    const path = file({
      accelerators: [
        { id: 't-head-zhenwu-810e', bf16Tflops: 386, sources: { bf16Tflops: ['https://example.com/ppu'] } },
      ],
    });
    const zw = must(loadCatalog(path).get('t-head-zhenwu-810e'));
    expect(zw.bf16Tflops).toBe(386);
    expect(zw.provenance.bf16Tflops).toBe('user');
    expect(zw.assumptions.map((a) => a.field)).toEqual(['memoryBandwidthTBps', 'idleW']);
    expect(zw.sources.bf16Tflops).toEqual([`catalog file ${path}`, 'https://example.com/ppu']);
  });

  it('adds a new entry with its own sharing mode, nulls for what it does not say', () => {
    const path = file({
      accelerators: [
        {
          id: 'acme-x1',
          vendor: 'Acme',
          model: 'X1',
          memoryGiB: 64,
          tdpW: 350,
          sharing: {
            kind: 'partitions',
            profiles: [
              { name: 'whole', milli: 1000, memoryGiB: 64 },
              { name: 'half', milli: 500, memoryGiB: 32 },
            ],
          },
        },
      ],
    });
    const c = loadCatalog(path);
    const x1 = must(c.get('acme-x1'));
    expect(c.ids().at(-1)).toBe('acme-x1');
    expect(x1).toMatchObject({ vendor: 'Acme', model: 'X1', memoryGiB: 64, tdpW: 350, bf16Tflops: null });
    expect(x1.provenance.bf16Tflops).toBe('missing');
    expect(x1.idleW).toBe(52.5);
    expect(x1.provenance.idleW).toBe('assumed');
    expect(x1.sources.entry).toEqual([`catalog file ${path}`]);
    expect(x1.sharing.kind === 'partitions' && x1.sharing.profiles.map((p) => p.name)).toEqual([
      'half',
      'whole',
    ]);
    expect(roundRequest(x1.sharing, 200, x1.id)).toEqual({ ok: true, milli: 500, profile: 'half' });
  });

  it('gives a new entry without a sharing mode whole devices only, and says why', () => {
    const path = file({ accelerators: [{ id: 'acme-x2', vendor: 'Acme', model: 'X2' }] });
    const x2 = must(loadCatalog(path).get('acme-x2'));
    expect(x2.sharing.kind).toBe('none');
    expect(x2.sharing.why).toBe(`no sharing mode given in ${path}`);
    expect(x2.idleW).toBeNull();
  });

  it('applies a global idle fraction, a per-entry one, and recomputes assumed idle from a new TDP', () => {
    const path = file({
      idleFractionOfTdp: 0.1,
      accelerators: [
        { id: 'nvidia-h100', idleFractionOfTdp: 0.2 },
        { id: 'huawei-ascend-910b', tdpW: 400 },
      ],
    });
    const c = loadCatalog(path);
    expect(c.idleFractionOfTdp).toBe(0.1);
    expect(must(c.get('nvidia-a100')).idleW).toBe(40);
    expect(must(c.get('nvidia-h100')).idleW).toBe(140);
    const b = must(c.get('huawei-ascend-910b'));
    expect([b.tdpW, b.provenance.tdpW, b.idleW, b.provenance.idleW]).toEqual([400, 'user', 40, 'assumed']);
  });

  it('turns a figure set to null into an unknown one', () => {
    const path = file({ accelerators: [{ id: 'nvidia-t4', tdpW: null, scaleUp: { name: 'PCIe' } }] });
    const t4 = must(loadCatalog(path).get('nvidia-t4'));
    expect([t4.tdpW, t4.provenance.tdpW, t4.idleW, t4.ranges.tdpW]).toEqual([
      null,
      'missing',
      null,
      undefined,
    ]);
    expect(t4.scaleUp).toEqual({ name: 'PCIe', gbps: null });
  });

  it('remaps openb GPU types to catalog ids', () => {
    const c = loadCatalog(file({ openbGpuTypes: { G2: 'nvidia-h20', G9: 'nvidia-l20' } }));
    expect(c.openbGpuTypes.G2).toEqual({
      id: 'nvidia-h20',
      assumed: false,
      why: expect.stringMatching(/^set in /),
    });
    expect(openbAccelerator(c, 'G9').id).toBe('nvidia-l20');
    expect(openbAccelerator(c, 'V100M16').id).toBe('nvidia-v100-16gb');
  });

  it('accepts a file with a byte-order mark', () => {
    expect(loadCatalog(file('\ufeff{ "accelerators": [] }')).accelerators.length).toBe(
      buildCatalog().ids().length,
    );
  });
});

describe('catalog file errors', () => {
  it('rejects a negative power, naming the file, entry and field', () => {
    const path = file({ accelerators: [{ id: 'nvidia-h20', tdpW: -400 }] }, 'neg.json');
    expect(failure(() => loadCatalog(path))).toMatchInlineSnapshot(`
      "HF_INVALID_FIELD
      neg.json:5: accelerators[0](nvidia-h20).tdpW: expected a power in W > 0 and ≤ 5000, or null (700, not 700000: that is mW), got "-400""
    `);
  });

  it('rejects negative memory and price, and memory given in MiB', () => {
    const path = file(
      {
        accelerators: [
          { id: 'nvidia-h20', memoryGiB: -96, priceUsd: -1 },
          { id: 'nvidia-h100', memoryGiB: 81920 },
        ],
      },
      'units.json',
    );
    expect(failure(() => loadCatalog(path))).toMatchInlineSnapshot(`
      "HF_INVALID_FIELD
      units.json:5: accelerators[0](nvidia-h20).memoryGiB: expected a memory size in GiB > 0 and ≤ 2048, or null (96, not 98304: that is MiB), got "-96"
      units.json:6: accelerators[0](nvidia-h20).priceUsd: expected a unit price in USD ≥ 0 and ≤ 1000000, or null, got "-1"
      units.json:10: accelerators[1](nvidia-h100).memoryGiB: expected a memory size in GiB > 0 and ≤ 2048, or null (96, not 98304: that is MiB), got "81920""
    `);
  });

  it('rejects idle power above TDP', () => {
    const path = file({ accelerators: [{ id: 'nvidia-t4', idleW: 90 }] }, 'idle.json');
    expect(failure(() => loadCatalog(path))).toMatchInlineSnapshot(`
      "HF_INVALID_FIELD
      idle.json:5: accelerators[0](nvidia-t4).idleW: expected an idle power ≤ the TDP (70 W), got "90""
    `);
  });

  it('rejects an id that is not kebab-case', () => {
    const path = file({ accelerators: [{ id: 'NVIDIA_H20', priceUsd: 1 }] }, 'id.json');
    expect(failure(() => loadCatalog(path))).toMatchInlineSnapshot(`
      "HF_INVALID_FIELD
      id.json:4: accelerators[0](NVIDIA_H20).id: expected a kebab-case id of vendor and model, such as nvidia-h20, got "NVIDIA_H20""
    `);
  });

  it('rejects an unknown sharing kind and a bad profile', () => {
    const path = file(
      {
        accelerators: [
          { id: 'nvidia-h20', sharing: { kind: 'mig' } },
          { id: 'nvidia-l20', sharing: { kind: 'partitions', profiles: [{ name: '1g', milli: 1500 }] } },
        ],
      },
      'sharing.json',
    );
    expect(failure(() => loadCatalog(path))).toMatchInlineSnapshot(`
      "HF_INVALID_FIELD
      sharing.json:6: accelerators[0](nvidia-h20).sharing.kind: expected a sharing mode: { "kind": one of milli, partitions, none }, got "mig"
      sharing.json:16: accelerators[1](nvidia-l20).sharing.profiles[0].milli: expected a whole number of milli-devices, 1..1000 (1000 = one device), got "1500""
    `);
  });

  it('rejects an unknown field and suggests the right one', () => {
    const path = file({ accelerators: [{ id: 'nvidia-h20', tdp: 400 }], accelerator: [] }, 'typo.json');
    expect(failure(() => loadCatalog(path))).toMatchInlineSnapshot(`
      "HF_INVALID_FIELD
      typo.json:5: accelerators[0](nvidia-h20).tdp: unknown field, did you mean "tdpW"?
      typo.json:8: accelerator: unknown field, did you mean "accelerators"?"
    `);
  });

  it('rejects a wrong type and a non-object file', () => {
    const path = file({ accelerators: [{ id: 'nvidia-h20', tdpW: '400' }] }, 'type.json');
    expect(failure(() => loadCatalog(path))).toMatchInlineSnapshot(`
      "HF_INVALID_FIELD
      type.json:5: accelerators[0](nvidia-h20).tdpW: expected a power in W > 0 and ≤ 5000, or null (700, not 700000: that is mW), got "400""
    `);
    expect(failure(() => loadCatalog(file([], 'array.json')))).toMatchInlineSnapshot(`
      "HF_INVALID_FIELD
      array.json:1: expected a JSON object with "accelerators" (and optionally "idleFractionOfTdp", "openbGpuTypes"), got "[]""
    `);
  });

  it('rejects an unknown id without vendor and model, listing close ids', () => {
    const path = file({ accelerators: [{ id: 'nvidia-h2o', priceUsd: 1 }] }, 'unknown.json');
    expect(failure(() => loadCatalog(path))).toMatchInlineSnapshot(`
      "HF_INVALID_FIELD
      unknown.json:4: accelerators[0](nvidia-h2o).id: not a catalog id, and a new entry needs vendor and model, expected an existing id (closest: nvidia-h20, nvidia-h200, nvidia-l20) or a new entry with vendor and model, got "nvidia-h2o""
    `);
  });

  it('rejects a duplicate id', () => {
    const path = file(
      {
        accelerators: [
          { id: 'nvidia-h20', priceUsd: 1 },
          { id: 'nvidia-h20', priceUsd: 2 },
        ],
      },
      'dup.json',
    );
    expect(failure(() => loadCatalog(path))).toMatchInlineSnapshot(`
      "HF_INVALID_FIELD
      dup.json:8: accelerators[1](nvidia-h20).id: duplicate id (also accelerators[0]), got "nvidia-h20""
    `);
  });

  it('rejects an openb mapping to an id the catalog lacks', () => {
    const path = file({ openbGpuTypes: { G2: 'nvidia-a1000' } }, 'openb.json');
    expect(failure(() => loadCatalog(path))).toMatchInlineSnapshot(`
      "HF_INVALID_FIELD
      openb.json:3: openbGpuTypes.G2: expected a catalog id (closest: nvidia-a100, nvidia-a10, nvidia-a800), got "nvidia-a1000""
    `);
  });

  it('reports a missing file, an empty file and broken JSON with the line', () => {
    expect(failure(() => loadCatalog(join(tmp, 'nope.json')))).toMatchInlineSnapshot(`
      "HF_FILE_NOT_FOUND
      nope.json: file not found (expected a JSON catalog file)"
    `);
    expect(failure(() => loadCatalog(file('  \n', 'empty.json')))).toMatchInlineSnapshot(`
      "HF_FILE_EMPTY
      empty.json: file is empty (expected a JSON catalog file such as { "accelerators": [ … ] })"
    `);
    const broken = file('{\n  "accelerators": [\n    { "id": "nvidia-h20", }\n  ]\n}\n', 'broken.json');
    expect(failure(() => loadCatalog(broken))).toMatchInlineSnapshot(`
      "HF_INVALID_FIELD
      broken.json:3: JSON syntax error: Expected double-quoted property name"
    `);
  });
});

describe('getAccelerator', () => {
  const c = buildCatalog();

  it('returns the entry for a known id', () => {
    expect(getAccelerator(c, 'cambricon-mlu370').model).toBe('MLU370-X8');
  });

  it('lists close ids for an unknown one, with the caller’s file and field', () => {
    expect(
      failure(() => getAccelerator(c, 'h20', { file: 'fleet.yaml', line: 4, field: 'pools[0].accelerator' })),
    ).toMatchInlineSnapshot(`
        "HF_UNKNOWN_GPU_TYPE
        fleet.yaml:4: pools[0].accelerator: expected an accelerator catalog id (closest: nvidia-h20, nvidia-h200), got "h20""
      `);
    expect(failure(() => getAccelerator(c, 'ascend-910b'))).toMatchInlineSnapshot(`
      "HF_UNKNOWN_GPU_TYPE
      accelerator: expected an accelerator catalog id (closest: huawei-ascend-910b), got "ascend-910b""
    `);
    expect(failure(() => getAccelerator(c, 'zzz'))).toMatchInlineSnapshot(`
      "HF_UNKNOWN_GPU_TYPE
      accelerator: expected an accelerator catalog id (\`hyperfleet catalog\` lists them), got "zzz""
    `);
  });

  it('maps openb types, refusing an unknown one', () => {
    expect(openbAccelerator(c, 'G3').id).toBe('nvidia-a800');
    expect(failure(() => openbAccelerator(c, 'K80'))).toMatch(
      /model: expected an openb GPU type \(P100, T4, /,
    );
  });
});
