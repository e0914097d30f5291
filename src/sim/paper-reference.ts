/**
 * @module sim/paper-reference
 * The FGD paper's published means (over tune seeds 42–51) of GPU allocation in % at 100 % and 130 % arrived
 * workload, per trace and policy. Source: Weng et al., USENIX ATC '23, data behind Figs. 9 and 11–14, as tabulated
 * in specs/fgd-reproduction.md §7.2. Shown beside our results for comparison only; never used to compute them.
 */

/** [at 100 %, at 130 %] for 01-Random … 06-FGD. */
type Row = readonly [
  readonly [number, number],
  readonly [number, number],
  readonly [number, number],
  readonly [number, number],
  readonly [number, number],
  readonly [number, number],
];

const LABELS = [
  '01-Random',
  '02-DotProd',
  '03-GpuClustering',
  '04-GpuPacking',
  '05-BestFit',
  '06-FGD',
] as const;

const TABLE: Record<string, Row> = {
  default: [
    [86.3, 87.47],
    [90.62, 90.85],
    [91.65, 91.88],
    [91.78, 92.0],
    [92.86, 93.08],
    [95.23, 95.39],
  ],
  cpu050: [
    [89.02, 91.24],
    [93.03, 93.27],
    [93.52, 93.79],
    [93.46, 93.72],
    [93.56, 93.79],
    [95.0, 95.21],
  ],
  cpu100: [
    [87.44, 89.11],
    [91.73, 91.95],
    [92.42, 92.64],
    [92.5, 92.72],
    [93.26, 93.44],
    [95.21, 95.35],
  ],
  cpu200: [
    [83.03, 83.77],
    [87.45, 87.7],
    [89.67, 89.92],
    [89.98, 90.22],
    [92.15, 92.4],
    [94.82, 95.05],
  ],
  cpu250: [
    [80.0, 80.42],
    [83.57, 83.81],
    [87.75, 87.99],
    [88.05, 88.28],
    [91.21, 91.45],
    [93.2, 93.41],
  ],
  gpushare40: [
    [84.86, 86.0],
    [89.3, 89.56],
    [89.76, 90.02],
    [89.77, 90.03],
    [91.44, 91.69],
    [93.96, 94.15],
  ],
  gpushare60: [
    [82.81, 83.65],
    [86.82, 87.11],
    [86.9, 87.2],
    [87.15, 87.45],
    [89.06, 89.36],
    [91.25, 91.4],
  ],
  gpushare80: [
    [80.62, 81.22],
    [84.14, 84.49],
    [84.5, 84.85],
    [84.65, 85.0],
    [86.66, 87.01],
    [89.08, 89.3],
  ],
  gpushare100: [
    [78.9, 79.44],
    [81.98, 82.42],
    [82.22, 82.65],
    [82.13, 82.57],
    [84.62, 85.01],
    [86.64, 86.9],
  ],
  gpuspec10: [
    [86.26, 87.43],
    [90.17, 90.39],
    [91.96, 92.18],
    [92.24, 92.46],
    [93.1, 93.3],
    [94.66, 94.95],
  ],
  gpuspec20: [
    [85.9, 87.24],
    [88.29, 89.97],
    [89.11, 92.25],
    [89.28, 92.94],
    [88.46, 93.3],
    [94.66, 94.84],
  ],
  gpuspec25: [
    [85.42, 86.94],
    [85.44, 89.63],
    [86.41, 92.08],
    [86.77, 92.98],
    [85.67, 93.23],
    [93.91, 94.74],
  ],
  gpuspec33: [
    [83.87, 86.46],
    [79.82, 89.14],
    [81.09, 92.12],
    [82.22, 93.22],
    [80.39, 93.09],
    [87.84, 94.55],
  ],
  multigpu20: [
    [86.92, 88.69],
    [91.85, 92.06],
    [93.34, 93.56],
    [93.5, 93.71],
    [93.73, 93.93],
    [95.53, 95.65],
  ],
  multigpu30: [
    [86.63, 89.27],
    [93.11, 93.28],
    [94.55, 94.72],
    [94.7, 94.87],
    [94.57, 94.72],
    [96.36, 96.46],
  ],
  multigpu40: [
    [85.38, 90.09],
    [94.04, 94.19],
    [95.35, 95.5],
    [95.59, 95.74],
    [95.1, 95.23],
    [96.91, 96.99],
  ],
  multigpu50: [
    [81.28, 90.27],
    [94.73, 94.85],
    [95.69, 95.81],
    [96.06, 96.18],
    [95.62, 95.74],
    [97.09, 97.18],
  ],
};

export type PublishedMeans = {
  [workload: string]: { [policyLabel: string]: { at100: number; at130: number } };
};

/** Published means keyed by full workload name (`openb_pod_list_default`) and paper label (`06-FGD`). */
export function publishedMeans(): PublishedMeans {
  const out: PublishedMeans = {};
  for (const [trace, row] of Object.entries(TABLE)) {
    const perPolicy: PublishedMeans[string] = {};
    row.forEach(([at100, at130], i) => (perPolicy[LABELS[i]] = { at100, at130 }));
    out[`openb_pod_list_${trace}`] = perPolicy;
  }
  return out;
}
