/**
 * @module catalog/types
 * The shape of an accelerator catalog entry. Every numeric figure has a provenance: sourced (one published value),
 * range (sources disagree; the model uses `ranges[field].used`), assumed (no published value; an explicit,
 * overridable modelling assumption listed in `assumptions`), user (set in a catalog file), unsupported (the feature
 * does not exist, e.g. FP8 on Ampere) or missing (not found in a citable source). Unsupported and missing figures
 * are `null`, never 0 and never a guess.
 */
import type { Sharing } from './sharing.js';

/** The numeric figures of an entry (`scaleUpGBps` is `scaleUp.gbps`). */
export const FIGURES = [
  'year',
  'memoryGiB',
  'memoryBandwidthTBps',
  'bf16Tflops',
  'fp8Tflops',
  'int8Tops',
  'tdpW',
  'idleW',
  'scaleUpGBps',
  'priceUsd',
] as const;
export type Figure = (typeof FIGURES)[number];

/** Units of the figures, for tables and messages. */
export const FIGURE_UNITS: Readonly<Record<Figure, string>> = {
  year: 'year',
  memoryGiB: 'GiB',
  memoryBandwidthTBps: 'TB/s',
  bf16Tflops: 'TFLOPS',
  fp8Tflops: 'TFLOPS',
  int8Tops: 'TOPS',
  tdpW: 'W',
  idleW: 'W',
  scaleUpGBps: 'GB/s',
  priceUsd: 'USD',
};

/** Where a figure's value comes from. */
export type Provenance = 'sourced' | 'range' | 'assumed' | 'user' | 'unsupported' | 'missing';

/** Sources disagree: both ends are kept, `used` is what the model computes with, `why` says why. */
export interface FigureRange {
  readonly low: number;
  readonly high: number;
  readonly used: number;
  readonly why: string;
}

/** A value the model uses although no source publishes it. Always listed, always overridable. */
export interface Assumption {
  readonly field: Figure;
  readonly value: number;
  readonly basis: string;
  readonly overridable: true;
  /** Where the basis comes from (press reports of parity, …), when anywhere. */
  readonly sources?: readonly string[];
  /** Other values a user may prefer, with their basis. */
  readonly alternatives?: readonly {
    readonly value: number;
    readonly basis: string;
    readonly sources?: readonly string[];
  }[];
}

/** Scale-up (device-to-device) interconnect. `gbps`: per-device aggregate bidirectional GB/s as vendors quote it. */
export interface ScaleUp {
  readonly name: string | null;
  readonly gbps: number | null;
}

/** Source URLs per figure; `entry` holds references for the entry as a whole (existence, identity, context). */
export type Sources = Partial<Record<Figure | 'entry', readonly string[]>>;

/** One accelerator model as the rest of hyperfleet sees it: every figure is the value the model uses. */
export interface Accelerator {
  /** Stable kebab-case id of vendor and model, e.g. `nvidia-h20`. */
  readonly id: string;
  readonly vendor: string;
  readonly model: string;
  readonly formFactor: string | null;
  readonly year: number | null;
  /** Device memory, GiB (vendors' "GB" for HBM/GDDR capacity are binary: 96 GB = 98,304 MiB). */
  readonly memoryGiB: number | null;
  readonly memoryType: string | null;
  readonly memoryBandwidthTBps: number | null;
  /** Dense BF16 tensor throughput; FP16 for parts without BF16 (said in `notes`). */
  readonly bf16Tflops: number | null;
  readonly fp8Tflops: number | null;
  readonly int8Tops: number | null;
  /** Rated board/module power, W (a software power cap where that is all there is; said in `notes`). */
  readonly tdpW: number | null;
  /** Power of a powered, idle device, W. No source publishes it: assumed (see `assumptions`) unless a file sets it. */
  readonly idleW: number | null;
  readonly scaleUp: ScaleUp;
  /** Unit price, USD: street and press estimates, never list prices. */
  readonly priceUsd: number | null;
  readonly sharing: Sharing;
  readonly sources: Sources;
  readonly ranges: Partial<Record<Figure, FigureRange>>;
  readonly assumptions: readonly Assumption[];
  readonly provenance: Readonly<Record<Figure, Provenance>>;
  readonly notes: readonly string[];
}

/** Reads a figure of an entry by name (`scaleUpGBps` reads `scaleUp.gbps`). */
export function figureValue(a: Pick<Accelerator, Exclude<Figure, 'scaleUpGBps'> | 'scaleUp'>, f: Figure) {
  return f === 'scaleUpGBps' ? a.scaleUp.gbps : a[f];
}
