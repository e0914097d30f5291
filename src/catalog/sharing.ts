/**
 * @module catalog/sharing
 * How each accelerator model can be shared between pods, and the one rule that turns a pod's sharing request
 * (milli-devices, as in the openb trace) into what the model allows.
 *
 * Three kinds:
 * - `milli` — free shares of 1000 (time-slicing with isolation, as the openb trace's GPU-sharing pods use);
 * - `partitions` — fixed instance profiles (NVIDIA MIG, the Zhenwu PPU's halves). A profile of `s` compute slices
 *   out of `S` is worth ⌈s / S × 1000⌉ milli: rounding up so a pod never gets less than the profile it is given
 *   (1g on a 7-slice GPU = 143, 2g = 286, 3g = 429, 4g = 572, 7g = 1000). Memory-heavy variants with the same
 *   compute (1g.20gb beside 1g.10gb) get the same milli: the milli figure is compute, memory is carried beside it.
 *   Consequence: in milli arithmetic seven 1g instances (7 × 143 = 1001) do not fit in one device although MIG
 *   allows seven; `slices` is kept on every profile for callers that want exact slice accounting.
 * - `none` — whole devices only.
 *
 * MIG profiles are those of NVIDIA's MIG user guide ("Supported MIG Profiles"); the `+me` variants (same compute
 * and memory plus media engines) are left out because they share exactly like the plain profile.
 */
import * as z from 'zod';
import { MILLI_PER_DEVICE } from '../model/index.js';

/** One fixed instance profile. */
export interface PartitionProfile {
  /** Vendor profile name, e.g. `1g.12gb`. */
  readonly name: string;
  /** What the profile is worth in milli-devices (1..1000). */
  readonly milli: number;
  /** Device memory of the instance, GiB (the profile's nominal figure), or null when unknown. */
  readonly memoryGiB: number | null;
  /** Compute slices of the instance, when the vendor counts in slices. */
  readonly slices?: number;
}

export type SharingMode =
  | { readonly kind: 'milli' }
  | {
      readonly kind: 'partitions';
      /** What the vendor calls the partitions, for messages (`MIG profiles`). */
      readonly scheme?: string;
      /** Compute slices of a whole device (7 for NVIDIA MIG, 8 for the Zhenwu PPU), when known. */
      readonly slices?: number;
      /** Allowed profiles, smallest first. */
      readonly profiles: readonly PartitionProfile[];
    }
  | { readonly kind: 'none' };

/** A sharing mode with where it comes from and why it was chosen for the model. */
export type Sharing = SharingMode & { readonly sources: readonly string[]; readonly why: string };

export type SharingKind = SharingMode['kind'];
export const SHARING_KINDS: readonly SharingKind[] = ['milli', 'partitions', 'none'];

/** The result of {@link roundRequest}: the share the pod gets, or why it cannot get one. */
export type RoundResult =
  | { readonly ok: true; readonly milli: number; readonly profile?: string }
  | { readonly ok: false; readonly reason: string };

/** Milli value of `slices` compute slices out of `total`, rounded up (see the module header). */
export function sliceMilli(slices: number, total: number): number {
  return Math.ceil((slices / total) * MILLI_PER_DEVICE - 1e-9);
}

/** Profiles from `[name, slices, memoryGiB]` rows, sorted smallest share first (then smallest memory). */
export function sliceProfiles(
  total: number,
  rows: readonly (readonly [string, number, number | null])[],
): PartitionProfile[] {
  return rows
    .map(([name, slices, memoryGiB]) => ({ name, milli: sliceMilli(slices, total), memoryGiB, slices }))
    .sort(byShare);
}

function byShare(a: PartitionProfile, b: PartitionProfile): number {
  return a.milli - b.milli || (a.memoryGiB ?? Infinity) - (b.memoryGiB ?? Infinity);
}

/** Short description of a mode for messages and tables: `milli`, `partitions 1g,2g,3g,4g,7g`, `whole devices`. */
export function describeSharing(mode: SharingMode): string {
  switch (mode.kind) {
    case 'milli':
      return 'milli';
    case 'none':
      return 'whole devices';
    case 'partitions': {
      const sizes = [...new Set(mode.profiles.map((p) => p.name.split('.')[0]))];
      return `partitions ${sizes.join(',')}`;
    }
  }
}

/**
 * Rounds a pod's per-device request up to the smallest share the model allows.
 *
 * `milli` is the per-device request in milli-devices: 1..999 is a sharing request, 1000 a whole device (always
 * allowed, returned without a profile: a whole device needs no partitioning). Above 1000 is refused: several
 * devices are asked for as a device count, not as one share. `modelId` only names the model in refusals.
 */
export function roundRequest(mode: SharingMode, milli: number, modelId = 'this model'): RoundResult {
  if (!Number.isInteger(milli) || milli < 1) {
    return {
      ok: false,
      reason: `${modelId}: a request is a whole number of milli-devices ≥ 1, got ${milli}`,
    };
  }
  if (milli > MILLI_PER_DEVICE) {
    const how =
      mode.kind === 'partitions'
        ? ` shares only as ${mode.scheme ?? 'partitions'}`
        : mode.kind === 'none'
          ? ' is allocated as whole devices only'
          : '';
    return {
      ok: false,
      reason: `${modelId}${how}; ${milli} milli is more than one device (ask for whole devices instead)`,
    };
  }
  if (milli === MILLI_PER_DEVICE) return { ok: true, milli };
  switch (mode.kind) {
    case 'milli':
      return { ok: true, milli };
    case 'none':
      return {
        ok: false,
        reason: `${modelId} cannot be shared: whole devices only (asked for ${milli} milli)`,
      };
    case 'partitions': {
      // Profiles are few (≤ 7); a scan is as fast as a lookup table and needs no cache.
      let best: PartitionProfile | undefined;
      for (const p of mode.profiles)
        if (p.milli >= milli && (best === undefined || byShare(p, best) < 0)) best = p;
      if (best === undefined) {
        const largest = mode.profiles.reduce((m, p) => Math.max(m, p.milli), 0);
        return {
          ok: false,
          reason: `${modelId}: no partition holds ${milli} milli (the largest profile is ${largest} milli)`,
        };
      }
      return { ok: true, milli: best.milli, profile: best.name };
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Sharing of the built-in models.

const MIG_GUIDE = 'https://docs.nvidia.com/datacenter/tesla/mig-user-guide/ (Supported MIG Profiles)';
const HAMI = 'https://github.com/Project-HAMi/HAMi (charts/hami/values.yaml, device-configmap.yaml)';
const OPENB = 'https://github.com/alibaba/clusterdata/tree/master/cluster-trace-gpu-v2023';
const TIME_SLICING =
  'https://github.com/NVIDIA/k8s-device-plugin (shared access to GPUs with CUDA time-slicing)';
const TENSOR_FUSION_PPU = 'https://github.com/NexusGPU/tensor-fusion (config/samples/provider-ppu.yaml)';

/** MIG on a 7-slice GPU whose memory splits into 8 slices of `m` GiB: the profile set every A100/H100-class part has. */
function mig(m: number, full: number): Extract<SharingMode, { kind: 'partitions' }> {
  const rows: [string, number, number][] = [
    [`1g.${m}gb`, 1, m],
    [`1g.${2 * m}gb`, 1, 2 * m],
    [`2g.${2 * m}gb`, 2, 2 * m],
    [`3g.${4 * m}gb`, 3, 4 * m],
    [`4g.${4 * m}gb`, 4, 4 * m],
    [`7g.${full}gb`, 7, full],
  ];
  return { kind: 'partitions', scheme: 'MIG profiles', slices: 7, profiles: sliceProfiles(7, rows) };
}

const MILLI_TRACE: Sharing = {
  kind: 'milli',
  sources: [OPENB],
  why: 'the openb trace shares this model in milli-GPU (time-slicing); kept as the trace has it',
};

const MILLI_TIME_SLICED: Sharing = {
  kind: 'milli',
  sources: [TIME_SLICING],
  why: 'no MIG on this part; CUDA time-slicing shares any NVIDIA GPU, modelled as free milli-shares as in openb',
};

const NO_INFORMATION: Sharing = {
  kind: 'none',
  sources: [],
  why: 'the reference has no sharing information for this part: whole devices until sourced',
};

function migSharing(m: number, full: number, why: string): Sharing {
  return { ...mig(m, full), sources: [MIG_GUIDE], why };
}

/**
 * Built-in sharing per catalog id. Decisions:
 * - MIG-capable NVIDIA parts share only as MIG profiles (the profile set of their memory size);
 * - NVIDIA parts without MIG share by milli (the openb types as the trace does, the others by time-slicing);
 * - the Zhenwu PPU shares only in halves (`4g.48gb`, at most two) or whole (`8g.96gb`);
 * - Cambricon (sMLU) and Hygon (DCU cores/memory) expose free core and memory shares in HAMi: milli;
 * - Ascend 910B/910C and Kunlunxin P800 have vendor virtual-device templates (HAMi lists the resource names) but
 *   their template lists are not in the reference: whole devices until someone sources them (override with
 *   `partitions` in a catalog file);
 * - the remaining Chinese parts have no sharing information at all: whole devices.
 */
export const BUILTIN_SHARING: Readonly<Record<string, Sharing>> = {
  'nvidia-h20': migSharing(
    12,
    96,
    'MIG, Hopper 96 GB profile set; the reference (HAMi) confirms 1g.12gb/2g.24gb/3g.48gb/7g.96gb, the guide ' +
      'adds 1g.24gb and 4g.48gb as on every A100/H100-class part',
  ),
  'nvidia-h100': migSharing(10, 80, 'MIG, 80 GB profile set'),
  'nvidia-h800': migSharing(10, 80, 'MIG, 80 GB profile set (same die and memory as the H100)'),
  'nvidia-h200': {
    kind: 'partitions',
    scheme: 'MIG profiles',
    slices: 7,
    profiles: sliceProfiles(7, [
      ['1g.18gb', 1, 18],
      ['1g.35gb', 1, 35],
      ['2g.35gb', 2, 35],
      ['3g.71gb', 3, 71],
      ['4g.71gb', 4, 71],
      ['7g.141gb', 7, 141],
    ]),
    sources: [MIG_GUIDE],
    why: 'MIG, 141 GB profile set',
  },
  'nvidia-a100': migSharing(10, 80, 'MIG, A100 80 GB profile set'),
  'nvidia-a800': migSharing(10, 80, 'MIG, A100 80 GB profile set (the A800 differs only in NVLink)'),
  'nvidia-b200': {
    kind: 'partitions',
    scheme: 'MIG profiles',
    slices: 7,
    profiles: sliceProfiles(7, [
      ['1g.23gb', 1, 23],
      ['1g.45gb', 1, 45],
      ['2g.45gb', 2, 45],
      ['3g.90gb', 3, 90],
      ['4g.90gb', 4, 90],
      ['7g.180gb', 7, 180],
    ]),
    sources: [MIG_GUIDE],
    why: 'MIG, B200 180 GB profile set',
  },
  'nvidia-l20': MILLI_TIME_SLICED,
  'nvidia-l40s': MILLI_TIME_SLICED,
  'nvidia-geforce-rtx-4090': MILLI_TIME_SLICED,
  'nvidia-a10': MILLI_TRACE,
  'nvidia-v100-16gb': MILLI_TRACE,
  'nvidia-v100-32gb': MILLI_TRACE,
  'nvidia-t4': MILLI_TRACE,
  'nvidia-p100': MILLI_TRACE,
  't-head-zhenwu-810e': {
    kind: 'partitions',
    scheme: 'PPU instance profiles',
    slices: 8,
    profiles: sliceProfiles(8, [
      ['4g.48gb', 4, 48],
      ['8g.96gb', 8, 96],
    ]),
    sources: [TENSOR_FUSION_PPU],
    why: 'PPU instance profiles: half card (4g.48gb, at most two) or whole card (8g.96gb) only',
  },
  'huawei-ascend-910b': {
    kind: 'none',
    sources: [HAMI],
    why: 'virtual NPU templates exist, but the reference has no template list for the 910B sub-SKUs',
  },
  'huawei-ascend-910c': {
    kind: 'none',
    sources: [HAMI],
    why: 'virtual NPU templates exist, but the reference has no template list for the 910C',
  },
  'kunlunxin-p800': {
    kind: 'none',
    sources: [HAMI],
    why: 'a virtual XPU resource exists, but the reference has no partition list for the P800',
  },
  'cambricon-mlu370': {
    kind: 'milli',
    sources: [HAMI],
    why: 'sMLU exposes core and memory shares (cambricon.com/mlu.smlu.vcore, …vmemory): free shares',
  },
  'cambricon-mlu590': {
    kind: 'milli',
    sources: [HAMI],
    why: 'sMLU is a Cambricon-wide mechanism in HAMi; not confirmed for the 590 specifically',
  },
  'hygon-dcu-k100-ai': {
    kind: 'milli',
    sources: [HAMI],
    why: 'DCU shares by cores and memory (hygon.com/dcucores, hygon.com/dcumem): free shares',
  },
  'metax-c500': NO_INFORMATION,
  'biren-br104': NO_INFORMATION,
  'biren-br100': NO_INFORMATION,
  'moore-threads-mtt-s4000': NO_INFORMATION,
  'iluvatar-bi-v100': NO_INFORMATION,
  'iluvatar-bi-v150': NO_INFORMATION,
};

/** Sharing of models the built-in table does not cover (user-added entries without a `sharing` field). */
export const DEFAULT_SHARING: Sharing = {
  kind: 'none',
  sources: [],
  why: 'no sharing information: whole devices only',
};

// ---------------------------------------------------------------------------------------------------------------
// Schema for user-supplied sharing modes (catalog override files).

const PROFILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._+-]*$/;

const ProfileSchema = z.strictObject(
  {
    name: z.string({ error: 'a profile name such as 1g.12gb' }).regex(PROFILE_NAME, {
      error: 'a profile name such as 1g.12gb',
    }),
    milli: z
      .int({ error: 'a whole number of milli-devices, 1..1000' })
      .min(1, { error: 'a whole number of milli-devices, 1..1000' })
      .max(MILLI_PER_DEVICE, { error: 'a whole number of milli-devices, 1..1000 (1000 = one device)' }),
    memoryGiB: z
      .number({ error: 'a memory size in GiB > 0, or null' })
      .gt(0, { error: 'a memory size in GiB > 0, or null' })
      .max(2048, { error: 'a memory size in GiB ≤ 2048 (GiB, not MiB)' })
      .nullable()
      .default(null),
    slices: z.int({ error: 'a whole number of compute slices ≥ 1' }).min(1).optional(),
  },
  { error: 'a profile such as { "name": "1g.12gb", "milli": 143, "memoryGiB": 12 }' },
);

const docFields = {
  sources: z.array(z.string({ error: 'a source URL or reference' })).default([]),
  why: z.string({ error: 'a short reason' }).default('set in a catalog file'),
};

/** A sharing mode as a catalog file writes it; `kind` selects the variant. */
export const SharingSchema = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({ kind: z.literal('milli'), ...docFields }),
    z.strictObject({ kind: z.literal('none'), ...docFields }),
    z.strictObject({
      kind: z.literal('partitions'),
      scheme: z.string({ error: 'a name for the partitions, such as MIG profiles' }).optional(),
      slices: z.int({ error: 'a whole number of compute slices ≥ 1' }).min(1).optional(),
      profiles: z
        .array(ProfileSchema, { error: 'a list of profiles' })
        .min(1, { error: 'at least one profile' }),
      ...docFields,
    }),
  ],
  { error: `a sharing mode: { "kind": one of ${SHARING_KINDS.join(', ')} }` },
);

/** Normalises a parsed user sharing mode (profiles sorted smallest first). */
export function sharingFromInput(input: z.output<typeof SharingSchema>): Sharing {
  if (input.kind !== 'partitions') return input;
  const profiles: PartitionProfile[] = input.profiles
    .map((p) => ({
      name: p.name,
      milli: p.milli,
      memoryGiB: p.memoryGiB,
      ...(p.slices !== undefined ? { slices: p.slices } : {}),
    }))
    .sort(byShare);
  return { ...input, profiles };
}
