/**
 * @module defrag/pending-pod
 * The pod to make room for, as a user gives it: the REST contract's object (`{ cpuMilli, memMiB, gpuCount,
 * gpuMilli, gpuModels? }`) or the CLI's short spec `gpu=4,cpu=8000,mem=32768[,milli=500][,model=a|b]`.
 *
 * In the short spec, `gpu` is a device count, or a fraction below 1 for a share of one device (`gpu=0.5` is one
 * device at 500 milli); `milli` sets the milli per device explicitly; `model` lists accepted device models
 * separated by `|` (commas separate the keys).
 */
import { z } from 'zod';
import { ErrorCode, InputError } from '../errors/index.js';
import { MILLI_PER_DEVICE, type PodSpec } from '../model/index.js';

export const PendingPodInput = z.strictObject({
  cpuMilli: z.number().int().min(0),
  memMiB: z.number().int().min(0),
  gpuCount: z.number().int().min(0).max(64).default(0),
  gpuMilli: z.number().int().min(0).max(MILLI_PER_DEVICE).default(MILLI_PER_DEVICE),
  gpuModels: z.array(z.string().min(1)).optional(),
});
export type PendingPodInput = z.output<typeof PendingPodInput>;

/** The model's pod for a pending pod given as the contract's object. */
export function pendingPodSpec(input: PendingPodInput, name = 'pending'): PodSpec {
  const gpuCount = input.gpuMilli > 0 ? input.gpuCount : 0;
  return {
    name,
    cpuMilli: input.cpuMilli,
    memMiB: input.memMiB,
    gpuCount,
    gpuMilli: gpuCount > 0 ? input.gpuMilli : 0,
    gpuTypes: gpuCount > 0 ? (input.gpuModels ?? []) : [],
  };
}

const KEYS = ['gpu', 'milli', 'cpu', 'mem', 'model'] as const;
const EXAMPLE = 'gpu=4,cpu=8000,mem=32768[,milli=500][,model=a|b]';

/** Reads the short spec (`field` names the option in messages). */
export function parsePendingPodText(text: string, field = '--pod', name = 'pending'): PodSpec {
  const bad = (message: string) =>
    new InputError(ErrorCode.InvalidOption, { field, message, expected: EXAMPLE, got: text });
  const values = new Map<string, string>();
  for (const part of text
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '')) {
    const eq = part.indexOf('=');
    const key = eq < 0 ? part : part.slice(0, eq).trim();
    if (!(KEYS as readonly string[]).includes(key))
      throw bad(`unknown key "${key}" (keys: ${KEYS.join(', ')})`);
    if (eq < 0) throw bad(`"${key}" has no value`);
    if (values.has(key)) throw bad(`"${key}" is given twice`);
    values.set(key, part.slice(eq + 1).trim());
  }
  const number = (key: string, whole: boolean): number | undefined => {
    const v = values.get(key);
    if (v === undefined) return undefined;
    const n = /^\d+(\.\d+)?$/.test(v) ? Number(v) : NaN;
    if (!Number.isFinite(n) || (whole && !Number.isInteger(n))) {
      throw bad(`${key}=${v}: expected a ${whole ? 'whole ' : ''}number ≥ 0`);
    }
    return n;
  };
  if (!values.has('cpu') && !values.has('gpu')) throw bad('give at least gpu or cpu');
  const gpu = number('gpu', false) ?? 0;
  let milli = number('milli', true);
  let gpuCount = gpu;
  if (gpu > 0 && gpu < 1) {
    if (milli !== undefined) throw bad('a fractional gpu and milli together');
    milli = Math.round(gpu * MILLI_PER_DEVICE);
    gpuCount = 1;
  }
  if (!Number.isInteger(gpuCount)) throw bad(`gpu=${gpu}: a whole device count, or a fraction below 1`);
  if (milli !== undefined && (milli < 1 || milli > MILLI_PER_DEVICE))
    throw bad(`milli=${milli}: expected 1 to 1000`);
  const models = values.get('model');
  const gpuModels =
    models === undefined
      ? undefined
      : models
          .split('|')
          .map((m) => m.trim())
          .filter(Boolean);
  if (gpuModels !== undefined && gpuModels.length === 0) throw bad('model= names no model');
  return pendingPodSpec(
    {
      cpuMilli: number('cpu', true) ?? 0,
      memMiB: number('mem', true) ?? 0,
      gpuCount,
      gpuMilli: milli ?? MILLI_PER_DEVICE,
      ...(gpuModels ? { gpuModels } : {}),
    },
    name,
  );
}
