/**
 * @module schedule/hami/node-register
 * Reads one HAMi node registration annotation (`hami.io/node-nvidia-register`, …): the devices a HAMi device
 * plugin found on the node. Two encodings exist across HAMi v2.x, and both are read:
 * - the original text form, one device per `:`-terminated item, fields separated by `,`:
 *   `id,count,devmem,devcore,type,numa,health` — e.g.
 *   `GPU-0a1b…,10,40960,100,NVIDIA-NVIDIA A100-SXM4-40GB,0,true:` (later versions append `,index,mode`);
 * - the JSON form of later v2.x releases: an array of `{"id","count","devmem","devcore","type","numa","health",…}`
 *   (other keys, such as `index` and `mode`, are ignored).
 *
 * Fields: `id` the device UUID; `count` the split count (how many virtual devices, i.e. pods, it may hold);
 * `devmem` its memory in MiB; `devcore` its compute in percent (100 for a whole device); `type` the vendor-prefixed
 * model name (`NVIDIA-<NVML name>`, `Ascend910B`, …); `numa` its NUMA node; `health` whether it may be used.
 * A malformed annotation is an InputError naming the annotation, the device and the field.
 */
import { z } from 'zod';
import { ErrorCode, fieldPath, InputError } from '../../errors/index.js';

/** One device of a HAMi registration. */
export interface HamiDevice {
  readonly id: string;
  /** Split count: how many virtual devices (pods) the device may hold at once. */
  readonly count: number;
  readonly devmemMiB: number;
  readonly devcore: number;
  readonly type: string;
  readonly numa: number;
  readonly health: boolean;
}

const FIELDS = ['id', 'count', 'devmem', 'devcore', 'type', 'numa', 'health'] as const;

const count = z.number().int().min(1);
const amount = z.number().int().min(0);
const JsonDevice = z.looseObject({
  id: z.string().min(1),
  count,
  devmem: z.number().int().min(1),
  devcore: amount,
  type: z.string().min(1),
  numa: z.number().int().optional(),
  health: z.boolean(),
});

const EXPECTED: Record<(typeof FIELDS)[number], string> = {
  id: 'a device UUID',
  count: 'a split count ≥ 1',
  devmem: 'device memory in MiB ≥ 1',
  devcore: 'device cores in percent ≥ 0',
  type: 'a device type',
  numa: 'a NUMA node number',
  health: 'true or false',
};

function bad(annotation: string, device: number, field: string, expected: string, got: unknown): InputError {
  return new InputError(ErrorCode.InvalidNode, {
    field: fieldPath(['metadata', 'annotations', annotation]),
    message: device < 0 ? field : `device ${device + 1}: ${field}`,
    expected,
    got: typeof got === 'string' ? got : JSON.stringify(got),
  });
}

function wholeNumber(text: string, min: number): number | undefined {
  const t = text.trim();
  return /^-?\d+$/.test(t) && Number(t) >= min ? Number(t) : undefined;
}

function readTextDevice(annotation: string, item: string, i: number): HamiDevice {
  const parts = item.split(',');
  if (parts.length !== 7 && parts.length !== 9) {
    throw bad(
      annotation,
      i,
      'fields',
      `${FIELDS.join(',')} (7 fields, or 9 with index and mode)`,
      `${parts.length} fields in "${item}"`,
    );
  }
  const [id, countText, memText, coreText, type, numaText, healthText] = parts.map((p) => p.trim());
  const number = (field: (typeof FIELDS)[number], text: string, min: number): number => {
    const n = wholeNumber(text, min);
    if (n === undefined) throw bad(annotation, i, field, EXPECTED[field], text);
    return n;
  };
  if (id === '') throw bad(annotation, i, 'id', EXPECTED.id, id);
  if (type === '') throw bad(annotation, i, 'type', EXPECTED.type, type);
  if (healthText !== 'true' && healthText !== 'false') {
    throw bad(annotation, i, 'health', EXPECTED.health, healthText);
  }
  return {
    id,
    count: number('count', countText, 1),
    devmemMiB: number('devmem', memText, 1),
    devcore: number('devcore', coreText, 0),
    type,
    numa: number('numa', numaText, -1),
    health: healthText === 'true',
  };
}

function readJsonDevices(annotation: string, text: string): HamiDevice[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new InputError(ErrorCode.InvalidNode, {
      field: fieldPath(['metadata', 'annotations', annotation]),
      message: `not valid JSON (${(e as Error).message})`,
    });
  }
  if (!Array.isArray(data)) throw bad(annotation, -1, 'value', 'a JSON array of devices', data);
  return data.map((d: unknown, i) => {
    const parsed = JsonDevice.safeParse(d);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = String(issue.path[0] ?? 'device');
      const expected = EXPECTED[field as (typeof FIELDS)[number]] ?? 'a device object';
      const got = field in (d as object) ? (d as Record<string, unknown>)[field] : '(missing)';
      throw bad(annotation, i, field, expected, got);
    }
    const v = parsed.data;
    return {
      id: v.id,
      count: v.count,
      devmemMiB: v.devmem,
      devcore: v.devcore,
      type: v.type,
      numa: v.numa ?? 0,
      health: v.health,
    };
  });
}

/** The devices of a registration annotation's value, in the order the plugin lists them. */
export function parseNodeRegister(annotation: string, value: string): HamiDevice[] {
  const text = value.trim();
  const devices = text.startsWith('[')
    ? readJsonDevices(annotation, text)
    : text
        .split(':')
        .filter((item) => item.trim() !== '')
        .map((item, i) => readTextDevice(annotation, item, i));
  const seen = new Set<string>();
  for (const [i, d] of devices.entries()) {
    if (seen.has(d.id)) throw bad(annotation, i, 'id', 'a UUID not listed before', d.id);
    seen.add(d.id);
  }
  return devices;
}
