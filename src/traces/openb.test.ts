/**
 * Unit tests of the openb loaders on small CSV fixtures written to a temp dir by the tests themselves.
 * Error messages are pinned exactly (with the temp dir removed from paths) because they are the user interface.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCode, InputError } from '../errors/index.js';
import { podsOf } from '../model/pod-table.js';
import { checkGpuTypesExist, loadOpenbNodes, loadOpenbPods, loadOpenbPodTable } from './openb.js';
import { parseCsvRecords, splitPlainCsv } from '../input/csv-records.js';

const NODE_HEADER = 'sn,cpu_milli,memory_mib,gpu,model';
const POD_HEADER =
  'name,cpu_milli,memory_mib,num_gpu,gpu_milli,gpu_spec,qos,pod_phase,creation_time,deletion_time,scheduled_time';

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'hf-openb-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

/** Writes a fixture and returns its path. */
async function fixture(name: string, content: string | Buffer): Promise<string> {
  const path = join(tmp, name);
  await writeFile(path, content);
  return path;
}

const csv = (...lines: string[]): string => `${lines.join('\n')}\n`;

/** The InputError a promise rejects with, as `code` + the user-facing message with temp paths made relative. */
async function failure(p: Promise<unknown> | (() => unknown)): Promise<string> {
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    return `${e.code}\n${e.message.replaceAll(tmp + sep, '')}`;
  }
  throw new Error('expected an InputError');
}

describe('loadOpenbNodes', () => {
  it('reads GPU and CPU-only nodes', async () => {
    const file = await fixture(
      'nodes.csv',
      csv(
        NODE_HEADER,
        'openb-node-0000,64000,262144,2,P100',
        'openb-node-0001,96000,393216,8,G2',
        'cpu-1,32000,262144,0,',
      ),
    );
    expect(await loadOpenbNodes(file)).toEqual([
      { name: 'openb-node-0000', cpuMilli: 64000, memMiB: 262144, gpuCount: 2, gpuModel: 'P100' },
      { name: 'openb-node-0001', cpuMilli: 96000, memMiB: 393216, gpuCount: 8, gpuModel: 'G2' },
      { name: 'cpu-1', cpuMilli: 32000, memMiB: 262144, gpuCount: 0, gpuModel: '' },
    ]);
  });

  it('accepts CRLF line ends, a byte-order mark, reordered columns and quoted fields', async () => {
    const file = await fixture(
      'nodes-crlf.csv',
      '\uFEFFmodel,gpu,sn,memory_mib,cpu_milli\r\n"V100M32",8,"n-1",786432,96000\r\nT4,2,n-2,524288,104000\r\n',
    );
    expect(await loadOpenbNodes(file)).toEqual([
      { name: 'n-1', cpuMilli: 96000, memMiB: 786432, gpuCount: 8, gpuModel: 'V100M32' },
      { name: 'n-2', cpuMilli: 104000, memMiB: 524288, gpuCount: 2, gpuModel: 'T4' },
    ]);
  });

  it('refuses a GPU node without a model', async () => {
    const file = await fixture('nodes-nomodel.csv', csv(NODE_HEADER, 'n-1,8000,32768,1,'));
    expect(await failure(loadOpenbNodes(file))).toMatchInlineSnapshot(`
      "HF_INVALID_FIELD
      nodes-nomodel.csv:2: model: expected a GPU model name such as V100M32 (the node has gpu > 0), got """
    `);
  });
});

describe('loadOpenbPods', () => {
  it('converts rows as the reference simulator does (spec §1.2)', async () => {
    const file = await fixture(
      'pods.csv',
      csv(
        POD_HEADER,
        'cpu,12000,16384,0,0,,LS,Running,0,12537496,0',
        'share,6000,12288,1,460,,BE,Failed,427061,,427061',
        'whole,4000,8192,2,1000,V100M16|V100M32|,LS,Pending,10,20,',
        'capped,4000,8192,1,1500,,Burstable,Running,,,',
        'zero-milli,4000,8192,1,0,T4,LS,Running,1,2,3',
        'cpu-with-milli,4000,0,0,500,T4,,Running,1,2,3',
      ),
    );
    const { pods, lines } = await loadOpenbPods(file);
    expect(lines).toEqual([2, 3, 4, 5, 6, 7]);
    expect(pods).toEqual([
      {
        name: 'cpu',
        cpuMilli: 12000,
        memMiB: 16384,
        gpuCount: 0,
        gpuMilli: 0,
        gpuTypes: [],
        qos: 'LS',
        creationTimeSec: 0,
        deletionTimeSec: 12537496,
        scheduledTimeSec: 0,
      },
      {
        name: 'share',
        cpuMilli: 6000,
        memMiB: 12288,
        gpuCount: 1,
        gpuMilli: 460,
        gpuTypes: [],
        qos: 'BE',
        creationTimeSec: 427061,
        deletionTimeSec: undefined,
        scheduledTimeSec: 427061,
      },
      {
        name: 'whole',
        cpuMilli: 4000,
        memMiB: 8192,
        gpuCount: 2,
        gpuMilli: 1000,
        gpuTypes: ['V100M16', 'V100M32'],
        qos: 'LS',
        creationTimeSec: 10,
        deletionTimeSec: 20,
      },
      // gpu_milli above one GPU is capped at 1000.
      {
        name: 'capped',
        cpuMilli: 4000,
        memMiB: 8192,
        gpuCount: 1,
        gpuMilli: 1000,
        gpuTypes: [],
        qos: 'Burstable',
      },
      // num_gpu > 0 with 0 milli is a CPU-only pod: no GPUs, no type constraint.
      {
        name: 'zero-milli',
        cpuMilli: 4000,
        memMiB: 8192,
        gpuCount: 0,
        gpuMilli: 0,
        gpuTypes: [],
        qos: 'LS',
        creationTimeSec: 1,
        deletionTimeSec: 2,
        scheduledTimeSec: 3,
      },
      // num_gpu = 0: gpu_milli and gpu_spec are ignored.
      {
        name: 'cpu-with-milli',
        cpuMilli: 4000,
        memMiB: 0,
        gpuCount: 0,
        gpuMilli: 0,
        gpuTypes: [],
        creationTimeSec: 1,
        deletionTimeSec: 2,
        scheduledTimeSec: 3,
      },
    ]);
  });

  it('reads the 5-column multigpu files', async () => {
    const file = await fixture(
      'multigpu.csv',
      csv('name,cpu_milli,memory_mib,num_gpu,gpu_milli', 'p-0,12000,16384,1,1000', 'p-1,64000,262144,8,1000'),
    );
    const { pods } = await loadOpenbPods(file);
    expect(pods).toEqual([
      { name: 'p-0', cpuMilli: 12000, memMiB: 16384, gpuCount: 1, gpuMilli: 1000, gpuTypes: [] },
      { name: 'p-1', cpuMilli: 64000, memMiB: 262144, gpuCount: 8, gpuMilli: 1000, gpuTypes: [] },
    ]);
  });

  it('reports physical lines past blank lines and quoted fields spanning lines', async () => {
    const file = await fixture(
      'pods-lines.csv',
      csv(
        'name,cpu_milli,memory_mib,num_gpu,gpu_milli',
        'a,1,1,0,0',
        '',
        '"b',
        'still b",1,1,0,0',
        'c,1,1,0,0',
      ),
    );
    const { pods, lines } = await loadOpenbPods(file);
    expect(pods.map((p) => p.name)).toEqual(['a', 'b\nstill b', 'c']);
    expect(lines).toEqual([2, 4, 6]);
  });
});

describe('line numbers in messages', () => {
  it('count blank lines in CRLF files', async () => {
    const file = await fixture(
      'crlf-lines.csv',
      'name,cpu_milli,memory_mib,num_gpu,gpu_milli\r\na,1,1,0,0\r\n\r\nb,x,1,0,0\r\n',
    );
    expect(await failure(loadOpenbPods(file))).toMatchInlineSnapshot(`
      "HF_INVALID_FIELD
      crlf-lines.csv:4: cpu_milli: expected a whole number ≥ 0 (milli-cores), got "x""
    `);
  });

  it('count the lines of a quoted field spanning lines', async () => {
    const file = await fixture('quoted-lines.csv', csv(NODE_HEADER, '"n\n1",1,1,1,T4', 'n-2,1,1,-1,T4'));
    expect(await failure(loadOpenbNodes(file))).toMatchInlineSnapshot(`
      "HF_INVALID_FIELD
      quoted-lines.csv:4: gpu: expected a whole number ≥ 0 (GPU count), got "-1""
    `);
  });
});

describe('bad input', () => {
  it('missing file', async () => {
    expect(await failure(loadOpenbPods(join(tmp, 'nope.csv')))).toMatchInlineSnapshot(`
      "HF_FILE_NOT_FOUND
      nope.csv: file not found (expected an openb pod list CSV; "hyperfleet traces fetch openb" downloads the openb files)"
    `);
  });

  it('a directory', async () => {
    expect(await failure(loadOpenbNodes(tmp))).toMatch(/^HF_FILE_NOT_FOUND\n.*: is a directory, expected/);
  });

  it('empty file', async () => {
    expect(await failure(loadOpenbPods(await fixture('empty.csv', '')))).toMatchInlineSnapshot(`
      "HF_FILE_EMPTY
      empty.csv: file is empty (expected an openb pod list CSV with a header line "name,cpu_milli,memory_mib,num_gpu,gpu_milli")"
    `);
  });

  it('file with only blank lines', async () => {
    expect(await failure(loadOpenbNodes(await fixture('blank.csv', '\n  \r\n\n')))).toMatchInlineSnapshot(`
      "HF_FILE_EMPTY
      blank.csv: file is empty (expected an openb node list CSV with a header line "sn,cpu_milli,memory_mib,gpu,model")"
    `);
  });

  it('header without rows', async () => {
    expect(await failure(loadOpenbNodes(await fixture('header-only.csv', csv(NODE_HEADER)))))
      .toMatchInlineSnapshot(`
      "HF_FILE_EMPTY
      header-only.csv: no rows after the header (expected an openb node list)"
    `);
  });

  it('gzip-compressed file', async () => {
    const file = await fixture('pods.csv.gz', gzipSync(csv(POD_HEADER, 'p,1,1,0,0,,LS,Running,0,1,0')));
    expect(await failure(loadOpenbPods(file))).toMatchInlineSnapshot(`
      "HF_NOT_CSV
      pods.csv.gz: gzip-compressed data, not a CSV text file (decompress it first, e.g. with gunzip)"
    `);
  });

  it('binary file', async () => {
    const file = await fixture('binary.csv', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0x41]));
    expect(await failure(loadOpenbPods(file))).toMatchInlineSnapshot(`
      "HF_NOT_CSV
      binary.csv: binary data (NUL byte at offset 4), not a CSV text file (expected an openb pod list)"
    `);
  });

  it('JSON document', async () => {
    const file = await fixture('nodes.json', JSON.stringify({ nodes: [{ sn: 'n', gpu: 1 }] }, null, 2));
    expect(await failure(loadOpenbNodes(file))).toMatchInlineSnapshot(`
      "HF_NOT_CSV
      nodes.json:1: looks like a JSON document, not CSV, expected a CSV header line "sn,cpu_milli,memory_mib,gpu,model", got "{""
    `);
  });

  it('CSV without a recognised header', async () => {
    const file = await fixture(
      'noheader.csv',
      csv('openb-pod-0000,12000,16384,1,1000', 'openb-pod-0001,1,1,1,1'),
    );
    expect(await failure(loadOpenbPods(file))).toMatchInlineSnapshot(`
      "HF_NOT_CSV
      noheader.csv:1: no recognised header, not an openb pod list CSV file, expected a header line "name,cpu_milli,memory_mib,num_gpu,gpu_milli", got "openb-pod-0000,12000,16384,1,1000""
    `);
  });

  it('malformed CSV (unclosed quote)', async () => {
    const file = await fixture('badquote.csv', csv(NODE_HEADER, 'n-1,1,1,1,T4', 'n-2,1,1,1,"T4'));
    expect(await failure(loadOpenbNodes(file))).toMatchInlineSnapshot(`
      "HF_NOT_CSV
      badquote.csv:3: malformed CSV: Quote Not Closed: the parsing is finished with an opening quote at line 3"
    `);
  });

  it('rows with the wrong number of fields', async () => {
    const file = await fixture(
      'ragged.csv',
      csv(NODE_HEADER, 'n-1,1,1,1', 'n-2,1,1,1,T4', 'n-3,1,1,1,T4,extra'),
    );
    expect(await failure(loadOpenbNodes(file))).toMatchInlineSnapshot(`
      "HF_NOT_CSV
      ragged.csv:2: malformed CSV row: 4 field(s), the header has 5, got "n-1,1,1,1"
      ragged.csv:4: malformed CSV row: 6 field(s), the header has 5, got "n-3,1,1,1,T4,extra""
    `);
  });

  it('missing required columns', async () => {
    const file = await fixture('missingcol.csv', csv('name,cpu_milli,memory_mib,gpu_spec', 'p,1,1,'));
    expect(await failure(loadOpenbPods(file))).toMatchInlineSnapshot(`
      "HF_MISSING_COLUMN
      missingcol.csv:1: missing required column(s) num_gpu, gpu_milli of an openb pod list (found: name, cpu_milli, memory_mib, gpu_spec)"
    `);
  });

  it('a pod list given as node list', async () => {
    const file = await fixture('pods-as-nodes.csv', csv(POD_HEADER, 'p,1,1,0,0,,LS,Running,0,1,0'));
    expect(await failure(loadOpenbNodes(file))).toMatchInlineSnapshot(`
      "HF_MISSING_COLUMN
      pods-as-nodes.csv:1: missing required column(s) sn, gpu, model of an openb node list (found: name, cpu_milli, memory_mib, num_gpu, gpu_milli, gpu_spec, qos, pod_phase, creation_time, deletion_time, scheduled_time)"
    `);
  });

  it('non-numeric, negative and non-integer requests, bad times, empty and duplicate names — all at once', async () => {
    const file = await fixture(
      'badfields.csv',
      csv(
        POD_HEADER,
        'p-1,abc,16384,1,1000,,LS,Running,0,1,0',
        'p-2,1000,-5,1,1000,,LS,Running,0,1,0',
        'p-3,1000,1024,1.5,1000,,LS,Running,0,1,0',
        'p-4,1000,1024,1,,,LS,Running,x,1,0',
        ',1000,1024,1,100,,LS,Running,0,1,0',
        'p-1,1000,1024,1,100,,LS,Running,0,1,0',
      ),
    );
    expect(await failure(loadOpenbPods(file))).toMatchInlineSnapshot(`
      "HF_INVALID_FIELD
      badfields.csv:2: cpu_milli: expected a whole number ≥ 0 (milli-cores), got "abc"
      badfields.csv:3: memory_mib: expected a whole number ≥ 0 (MiB), got "-5"
      badfields.csv:4: num_gpu: expected a whole number ≥ 0 (GPU count), got "1.5"
      badfields.csv:5: gpu_milli: expected a whole number ≥ 0 (milli-GPU per GPU, 1000 = a whole GPU), got ""
      badfields.csv:5: creation_time: expected a number of seconds, or an empty field, got "x"
      badfields.csv:6: name: expected a non-empty name, got ""
      badfields.csv:7: name: duplicate name (first on line 2), expected names unique within the file, got "p-1""
    `);
  });

  it('finds a duplicate name in a file whose names stop ascending, with the line of its first use', async () => {
    // Names ascend up to b-2, so no name map exists until a-9: then the names before it are mapped (the row
    // without a name skipped, as the row-by-row check skips it).
    const file = await fixture(
      'unsorted.csv',
      csv(
        POD_HEADER,
        'a-1,1000,1024,0,0,,LS,Running,0,1,0',
        ',1000,1024,0,0,,LS,Running,0,1,0',
        'b-2,1000,1024,0,0,,LS,Running,0,1,0',
        'a-9,1000,1024,0,0,,LS,Running,0,1,0',
        'b-2,1000,1024,0,0,,LS,Running,0,1,0',
        'a-1,1000,1024,0,0,,LS,Running,0,1,0',
      ),
    );
    expect(await failure(loadOpenbPods(file))).toBe(
      [
        'HF_INVALID_FIELD',
        'unsorted.csv:3: name: expected a non-empty name, got ""',
        'unsorted.csv:6: name: duplicate name (first on line 4), expected names unique within the file, got "b-2"',
        'unsorted.csv:7: name: duplicate name (first on line 2), expected names unique within the file, got "a-1"',
      ].join('\n'),
    );
    const fine = await fixture(
      'unsorted-unique.csv',
      csv(POD_HEADER, 'b-1,1000,1024,0,0,,LS,Running,0,1,0', 'a-1,1000,1024,0,0,,LS,Running,0,1,0'),
    );
    expect((await loadOpenbPods(fine)).pods.map((p) => p.name)).toEqual(['b-1', 'a-1']);
  });

  it('reads plain lines by splitting exactly as csv-parse and the per-column rules do, edge values included', async () => {
    // The LF file is split line by line and comma by comma; its CRLF twin goes through csv-parse.
    const rows = [
      POD_HEADER,
      'p-1,0,0,0,0,,,,,,',
      'p-2,999999999999999,1,1,1000,V100M16|G2,BE,Pending,1e3, 12,0x10',
      'p-3,1000,1024,2,500,, LS ,Running,12.5,-3,.5',
      ' p-4 ,0001000,1024,1,1200,A||B,LS,Running,00,7.,1.25',
      'p-5,1000,1024,1,1000,,LS,Running,0,1,0,extra',
      'p-6,1000,1024,1,1000,,LS,Running,0,1',
      '',
      'p-7,1000,1024,1,1000,,LS,Running,1.5e2,Infinity,',
    ];
    const read = async (name: string, text: string): Promise<string> => {
      try {
        return JSON.stringify(await loadOpenbPods(await fixture(name, text)));
      } catch (e) {
        if (!(e instanceof InputError)) throw e;
        return e.message.replaceAll(tmp + sep, '').replace(/-crlf/g, '');
      }
    };
    const valid = [0, 1, 2, 3, 4];
    expect(await read('edge.csv', csv(...valid.map((i) => rows[i])))).toMatch(/^\{"pods":\[\{"name":"p-1"/);
    expect(await read('edge.csv', csv(...valid.map((i) => rows[i])))).toBe(
      await read('edge-crlf.csv', valid.map((i) => rows[i]).join('\r\n') + '\r\n'),
    );
    expect(await read('edge-all.csv', csv(...rows))).toBe(
      await read('edge-all-crlf.csv', rows.join('\r\n') + '\r\n'),
    );
    expect(await read('edge-all.csv', csv(...rows))).toMatch(/edge-all\.csv:6: malformed CSV row/);
  });

  it('stops listing after 20 issues', async () => {
    const rows = Array.from({ length: 30 }, (_, i) => `n-${i},-1,1,1,T4`);
    const file = await fixture('many.csv', csv(NODE_HEADER, ...rows));
    const message = await failure(loadOpenbNodes(file));
    expect(message.split('\n')).toHaveLength(1 + 21);
    expect(message.split('\n').at(-1)).toMatchInlineSnapshot(
      `"many.csv: 10 more problem(s) not shown (first 20 listed)"`,
    );
  });
});

describe('loadOpenbPodTable', () => {
  const rows = [
    'p-1,1000,1024,1,500,T4|G2,LS,Running,0,10,0',
    'p-2,1000,1024,1,500,T4|G2,BE,Running,5,,6',
    'p-3,8000,4096,2,1000,,LS,Running,1,2,1',
    'p-4,1000,1024,1,500,T4|G2,LS,Pending,7,8,',
    'p-5,1000,1024,0,500,,,Running,0,1,0',
  ];

  it('holds the pods loadOpenbPods gives, one object per distinct request', async () => {
    const texts: [string, string][] = [
      ['plain.csv', csv(POD_HEADER, ...rows)],
      ['crlf.csv', [POD_HEADER, ...rows].join('\r\n') + '\r\n'], // through csv-parse
      ['quoted.csv', csv(POD_HEADER, '"p-0","1000",1024,1,500,"T4|G2",LS,Running,0,1,0', ...rows)],
      ['unsorted.csv', csv(POD_HEADER, ...rows.slice().reverse(), '', 'p-0,1,1,0,0,,LS,Running,0,1,0')],
    ];
    for (const [name, text] of texts) {
      const file = await fixture(`table-${name}`, text);
      const list = await loadOpenbPods(file);
      const { table, lines } = await loadOpenbPodTable(file);
      expect(podsOf(table), name).toEqual(list.pods);
      expect(lines, name).toEqual(list.lines);
      expect(
        Array.from({ length: table.count }, (_, r) => table.nameOf(r)),
        name,
      ).toEqual(list.pods.map((p) => p.name));
      expect(table.shapes.length, name).toBe(name === 'unsorted.csv' ? 4 : 3);
      expect(table.sortedByName, name).toBe(name !== 'unsorted.csv');
    }
  });

  it('refuses bad input with the messages of loadOpenbPods', async () => {
    const bad = [
      csv(
        POD_HEADER,
        rows[0],
        'p-2,1000,-1,1,500,,LS,Running,0,1,0',
        'p-3,1000,1024,x,500,,LS,Running,0,1,0',
      ),
      csv(POD_HEADER, rows[0], rows[0]),
      csv('name,cpu_milli', 'p-1,1'),
      csv(POD_HEADER, rows[0], 'p-2,1000,1024'),
      '',
    ];
    for (const [i, text] of bad.entries()) {
      const file = await fixture(`table-bad-${i}.csv`, text);
      const expected = await failure(loadOpenbPods(file));
      expect(expected).toMatch(/^HF_/);
      expect(await failure(loadOpenbPodTable(file))).toBe(expected);
    }
  });
});

describe('checkGpuTypesExist', () => {
  it('accepts types that some node has and refuses the others', async () => {
    const nodes = await loadOpenbNodes(
      await fixture(
        'types-nodes.csv',
        csv(NODE_HEADER, 'n-1,1000,1000,2,T4', 'n-2,1000,1000,8,V100M32', 'c,1,1,0,'),
      ),
    );
    const podFile = await fixture(
      'types-pods.csv',
      csv(
        'name,cpu_milli,memory_mib,num_gpu,gpu_milli,gpu_spec',
        'ok,1,1,1,500,T4|V100M32',
        'cpu,1,1,0,0,H100',
        'bad,1,1,1,500,V100M32|H100|A100',
      ),
    );
    const podList = await loadOpenbPods(podFile);
    const good = { pods: podList.pods.slice(0, 2), lines: podList.lines.slice(0, 2) };
    expect(() => checkGpuTypesExist(nodes, good, podFile)).not.toThrow();
    // The same check on the table the simulator loads.
    const podTable = await loadOpenbPodTable(podFile);
    expect(await failure(() => checkGpuTypesExist(nodes, podTable, podFile))).toBe(
      await failure(() => checkGpuTypesExist(nodes, podList, podFile)),
    );
    expect(await failure(() => checkGpuTypesExist(nodes, podList, podFile))).toMatchInlineSnapshot(`
      "HF_UNKNOWN_GPU_TYPE
      types-pods.csv:4: gpu_spec: no node has GPU type "H100", "A100", expected types of the node list: T4, V100M32, got "V100M32|H100|A100""
    `);
    let error: unknown;
    try {
      checkGpuTypesExist(nodes, podList, podFile);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).code).toBe(ErrorCode.UnknownGpuType);
    expect((error as InputError).issues).toEqual([
      expect.objectContaining({ file: podFile, line: 4, field: 'gpu_spec', got: 'V100M32|H100|A100' }),
    ]);
  });
});

describe('splitPlainCsv', () => {
  it('returns what csv-parse returns for quote-free CSV', () => {
    for (const text of ['a,b\n1,2\n', 'a,b\n1,2', 'a,b\n\n1,\n', '\uFEFFa,b\n1,2\n', 'a\n\n']) {
      const buf = Buffer.from(text);
      expect(splitPlainCsv(buf)).toEqual(parseCsvRecords(buf));
    }
  });
});
