/**
 * What the "make room" form holds and the body it sends (`POST /v1/defrag`): a what-if pod in the API's own units
 * (the `hyperfleet defrag --pod` spec's: milli-CPU, MiB, GPUs, milli per GPU, allowed models) and the most moves.
 * The API has no list of pending pods, so the pod is always entered here. Only the number syntax is read here;
 * the server checks every range (milli per GPU ≤ 1000, moves ≤ 16, …) and names the field it refuses.
 */
import type { DefragRequest } from '../../types.js';

export interface DefragFormValues {
  gpuCount: string;
  gpuMilli: string;
  cpuMilli: string;
  memMiB: string;
  /** Device models the pod accepts; none: any. */
  gpuModels: string[];
  maxMoves: string;
  /** Let pods of QoS Guaranteed move too. */
  allowGuaranteed: boolean;
}

/** A whole-GPU pod of modest CPU and memory, within the server's default of 4 moves. */
export const INITIAL_DEFRAG_VALUES: DefragFormValues = {
  gpuCount: '1',
  gpuMilli: '1000',
  cpuMilli: '4000',
  memMiB: '16384',
  gpuModels: [],
  maxMoves: '4',
  allowGuaranteed: false,
};

/** The number fields, in the body's field names. */
const NUMBER_FIELDS = ['gpuCount', 'gpuMilli', 'cpuMilli', 'memMiB', 'maxMoves'] as const;
type NumberField = (typeof NUMBER_FIELDS)[number];

/** The request body, or what is wrong with the form, said as the server would (field: expected, got). */
export function defragRequest(values: DefragFormValues): { body: DefragRequest } | { error: string } {
  const n = {} as Record<NumberField, number>;
  for (const field of NUMBER_FIELDS) {
    const text = values[field].trim();
    // Number('') is 0: an empty field is an error, not a silent zero.
    const value = text === '' ? NaN : Number(text);
    if (!Number.isInteger(value) || value < 0)
      return { error: `${field}: expected a whole number ≥ 0, got "${text}"` };
    n[field] = value;
  }
  const pod = {
    cpuMilli: n.cpuMilli,
    memMiB: n.memMiB,
    gpuCount: n.gpuCount,
    gpuMilli: n.gpuMilli,
    ...(values.gpuModels.length > 0 ? { gpuModels: [...values.gpuModels] } : {}),
  };
  return { body: { pod, maxMoves: n.maxMoves, allowGuaranteed: values.allowGuaranteed } };
}
