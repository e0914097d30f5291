/**
 * @module catalog/partition-sets
 * The fixed partitions a device model allows (NVIDIA MIG profiles, the Zhenwu PPU halves, Ascend static vNPU
 * templates) and what one partition holds of its device, for placing pods that ask for a partition by name.
 *
 * What a partition holds is its catalog milli (compute share, catalog/sharing) — the figure the simulator rounds
 * sharing requests to, so that a live placement and a simulated one take the same room. One exception: a
 * memory-heavy variant (a profile with the same compute as another but more memory, such as MIG's `1g.20gb` beside
 * `1g.10gb`) holds its memory share when that is larger. Why: for the plain profiles the compute rounding already
 * keeps memory within the device (two `3g` instances take 858 milli and half the memory each; nothing else fits),
 * but five `1g.20gb` instances would take 715 milli and 10 of the 8 memory slices. The simulator never rounds a
 * request to such a variant (it prefers the smaller memory on equal compute), so its figures are unchanged.
 *
 * Memory is counted in memory slices: a profile's nominal GiB over the smallest profile's, rounded (NVIDIA's
 * nominal sizes are rounded: the H200's `3g.71gb` is 4 of 8 slices of 141 GB); the device has as many as its
 * largest profile scaled to all its compute slices.
 */
import { BUILTIN_SHARING, sliceMilli, type PartitionProfile, type SharingMode } from './sharing.js';
import { ASCEND_VNPU_SHARING } from './vnpu-templates.js';

/** A sharing mode of the `partitions` kind. */
export type PartitionSet = Extract<SharingMode, { kind: 'partitions' }>;

/** The built-in partition set of a device model (MIG, PPU, vNPU templates); undefined when it has none. */
export function builtinPartitions(model: string): PartitionSet | undefined {
  const mode = BUILTIN_SHARING[model] ?? ASCEND_VNPU_SHARING[model];
  return mode?.kind === 'partitions' ? mode : undefined;
}

/** Every model with a built-in partition set, with it. */
export function builtinPartitionSets(): [string, PartitionSet][] {
  return Object.keys({ ...BUILTIN_SHARING, ...ASCEND_VNPU_SHARING }).flatMap((model) => {
    const set = builtinPartitions(model);
    return set ? [[model, set] as [string, PartitionSet]] : [];
  });
}

/** Memory slices of a profile within its set, and of the whole device; undefined when memory is not known. */
export function memorySlices(
  set: PartitionSet,
  profile: PartitionProfile,
): { used: number; total: number } | undefined {
  const sizes = set.profiles.map((p) => p.memoryGiB);
  if (profile.memoryGiB === null || sizes.some((m) => m === null)) return undefined;
  const smallest = Math.min(...(sizes as number[]));
  // The device's memory: the largest profile's, scaled to the whole device when that profile is not all of it
  // (the Ascend 910's largest template, 16c, is half the chip).
  const largest = set.profiles.reduce((a, b) => ((b.memoryGiB ?? 0) > (a.memoryGiB ?? 0) ? b : a));
  const scale = set.slices !== undefined && largest.slices !== undefined ? set.slices / largest.slices : 1;
  return {
    used: Math.round(profile.memoryGiB / smallest),
    total: Math.round((largest.memoryGiB! * scale) / smallest),
  };
}

/** Milli a profile holds on its device when placed (see the module comment). */
export function partitionFootprint(set: PartitionSet, profile: PartitionProfile): number {
  const leaner = set.profiles.some(
    (p) =>
      p.slices !== undefined &&
      p.slices === profile.slices &&
      p.memoryGiB !== null &&
      profile.memoryGiB !== null &&
      p.memoryGiB < profile.memoryGiB,
  );
  const memory = leaner ? memorySlices(set, profile) : undefined;
  return memory ? Math.max(profile.milli, sliceMilli(memory.used, memory.total)) : profile.milli;
}
