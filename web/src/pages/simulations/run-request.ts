/**
 * What the run form holds and the request body it sends (`POST /v1/simulations`): a trace replay (FGD paper
 * protocol) or a fleet over time. The server validates every field; here only the inline fleet JSON is parsed.
 */

export type RunKind = 'paper' | 'time';

export interface PaperValues {
  workload: string;
  policies: string[];
  seeds: string;
  tune: string;
}

export interface TimeValues {
  /** An example fleet's name, or `__inline` for the JSON in `fleetText`. */
  fleet: string;
  fleetText: string;
  pods: string;
  days: string;
  policies: string[];
  seed: string;
  queue: string;
  preemption: boolean;
}

export const INLINE_FLEET = '__inline';

const SMALL_FLEET = `{
  "site": { "pue": 1.3, "electricityUsdPerKWh": 0.08 },
  "pools": [
    { "name": "h20", "accelerator": "nvidia-h20", "nodes": 8, "devicesPerNode": 8, "cpuMilli": 128000, "memoryMiB": 1048576 },
    { "name": "a100", "accelerator": "nvidia-a100", "nodes": 8, "devicesPerNode": 8, "cpuMilli": 128000, "memoryMiB": 1048576 }
  ]
}`;

export function initialPaperValues(defaultTraceIsSynthetic: boolean): PaperValues {
  return {
    workload: defaultTraceIsSynthetic ? 'synthetic' : 'default',
    policies: ['fgd', 'bestfit'],
    seeds: '42',
    tune: '1.3',
  };
}

export const INITIAL_TIME_VALUES: TimeValues = {
  fleet: INLINE_FLEET,
  fleetText: SMALL_FLEET,
  pods: '2000',
  days: '2',
  policies: ['fgd', 'bestfit'],
  seed: '42',
  queue: 'backfill',
  preemption: false,
};

export function paperRequest(v: PaperValues): Record<string, unknown> {
  return { kind: 'paper', workload: v.workload, policies: v.policies, seeds: v.seeds, tune: Number(v.tune) };
}

/** The time request, or what is wrong with the inline fleet document. */
export function timeRequest(v: TimeValues): { body: Record<string, unknown> } | { error: string } {
  let fleet: unknown = v.fleet;
  if (v.fleet === INLINE_FLEET) {
    try {
      fleet = JSON.parse(v.fleetText);
    } catch (err) {
      return { error: `fleet: not valid JSON (${(err as Error).message})` };
    }
  }
  return {
    body: {
      kind: 'time',
      fleet,
      workload: { pods: Number(v.pods), days: Number(v.days) },
      policies: v.policies,
      seed: Number(v.seed),
      queue: v.queue,
      preemption: v.preemption,
    },
  };
}
