/**
 * @module plan/scenario/derated-catalog
 * A catalog in which some accelerators deliver only a share of their throughput: their compute (BF16, FP8, INT8)
 * and memory bandwidth figures scaled by the share. Everything that turns figures into work sees the same derating
 * — the LLM roofline (prefill on compute, decode on bandwidth) and the training speed relative to a reference (the
 * time simulator's `relativeSpeed`) — so "the Zhenwu at 0.7 of its assumed efficiency" means one thing everywhere.
 * Memory capacity, power and price are unchanged: a derated chip holds the same model and draws the same power.
 */
import type { Accelerator, Catalog } from '../../catalog/index.js';

const scaled = (x: number | null, share: number) => (x === null ? null : x * share);

export function deratedCatalog(catalog: Catalog, shares: Readonly<Record<string, number>>): Catalog {
  const entries = Object.entries(shares).filter(([, share]) => share !== 1);
  if (entries.length === 0) return catalog;
  const byShare = new Map(entries);
  const accelerators = catalog.accelerators.map((a): Accelerator => {
    const share = byShare.get(a.id);
    if (share === undefined) return a;
    return Object.freeze({
      ...a,
      memoryBandwidthTBps: scaled(a.memoryBandwidthTBps, share),
      bf16Tflops: scaled(a.bf16Tflops, share),
      fp8Tflops: scaled(a.fp8Tflops, share),
      int8Tops: scaled(a.int8Tops, share),
    });
  });
  const byId = new Map(accelerators.map((a) => [a.id, a]));
  return {
    ...catalog,
    accelerators,
    has: (id) => byId.has(id),
    ids: () => catalog.ids(),
    get: (id) => byId.get(id),
  };
}
