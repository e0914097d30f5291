/**
 * @module catalog/accelerators
 * The built-in accelerator catalog as data: one spec per model, with the published figures of the project's
 * reference table (`../shared/reference/accelerators.csv` and `.md`, compiled from vendor material, MLPerf
 * metadata, press and community catalogues) and, for every figure, the URLs it comes from. catalog/catalog
 * resolves these specs into {@link Accelerator}s; a drift test checks every figure against the reference CSV.
 *
 * Conventions of a spec's figures (the reference's own conventions carry over):
 * - a number is a single published value; `null` means not found in a citable source; `'n/a'` means the feature
 *   does not exist on the part (FP8 on Ampere, NVLink on a PCIe-only card). Both become `null` in the catalog.
 * - `{ low, high, used, why }` is a range where credible sources disagree; `used` is what the model computes with.
 * - throughput is dense (NVIDIA's sparse figures halved); Chinese vendors' "peak" figures are kept as published.
 * - memory is in GiB: vendors' "GB" capacities of HBM/GDDR are binary (Kunlunxin's 96 GB reads 98,304 MiB).
 * - idle power is published for no part: it is never a spec figure here but an assumption added on resolution
 *   (see {@link DEFAULT_IDLE_FRACTION_OF_TDP}).
 */
import type { Assumption, Figure, FigureRange } from './types.js';

/** A figure as a spec writes it. */
export type Cell = number | null | 'n/a' | FigureRange;

/** URLs that support the listed figures (`entry`: the entry as a whole). */
export interface Evidence {
  readonly fields: readonly (Figure | 'entry')[];
  readonly urls: readonly string[];
}

/** One catalog entry as written here, before resolution. */
export interface AcceleratorSpec {
  readonly id: string;
  readonly vendor: string;
  readonly model: string;
  /** The reference CSV row this spec was taken from (`vendor`, `model` cells), for the drift test. */
  readonly reference: { readonly vendor: string; readonly model: string } | null;
  readonly formFactor: string | null;
  readonly memoryType: string | null;
  readonly year: Cell;
  readonly memoryGiB: Cell;
  readonly memoryBandwidthTBps: Cell;
  readonly bf16Tflops: Cell;
  readonly fp8Tflops: Cell;
  readonly int8Tops: Cell;
  readonly tdpW: Cell;
  readonly scaleUp: { readonly name: string | null; readonly gbps: Cell };
  readonly priceUsd: Cell;
  readonly evidence: readonly Evidence[];
  /** Values the model uses where no source publishes one (never for figures that have a published value). */
  readonly assumptions?: readonly Assumption[];
  readonly notes?: readonly string[];
}

/**
 * Idle power as a fraction of TDP, used for every entry whose idle power no file sets. An assumption, not a
 * measurement: no source in the reference publishes idle power. 0.15 is a round figure for a powered device with
 * its driver loaded and no work; measure `DCGM_FI_DEV_POWER_USAGE` on idle devices of your own fleet and set
 * `idleFractionOfTdp` (globally or per entry) or `idleW` in a catalog file.
 */
export const DEFAULT_IDLE_FRACTION_OF_TDP = 0.15;

// Sources shared by several entries.
const HF = (slug: string) => `https://huggingface.co/hardware/${slug}`;
const MYDRIVERS_PRICES = 'http://m.boke.042.cn/zixun/2023/0629/17096.html';
const CCTV_TABLE = 'https://reportify.ai/social-media/720752733959832';
const CCTV_TABLE_2 = 'https://reportify.ai/social-media/720613407639197';
const TOMS_CHINA_PARTS =
  'https://www.tomshardware.com/pc-components/gpus/new-nvidia-ai-gpus-designed-to-get-around-us-export-bans-come-to-china-h20-l20-and-l2-to-fill-void-left-by-restricted-models';
const CNZ = 'http://1cnz.cn/d/2353773.html';
const DUNYA = 'https://dunyanews.tv/amp/english/788751.php';
const LLM_CAL =
  'https://github.com/FlyTOmeLight/llm-cal/blob/4f75d39992dcee6df0867df7e1b33c4c65c9a130/src/llm_cal/hardware/gpu_database.yaml';
const LAMBDA_SPECS =
  'https://huggingface.co/spaces/lambdabrendan/Lambda-LLM-Calculator/blame/main/data/gpu_specs.csv';
const TOMS_A800 = 'https://www.tomshardware.com/news/nvidia-a800-performance-revealed';
const TWEAKERS_A800 =
  'https://tweakers.net/nieuws/203182/nvidia-introduceert-a800-gpu-voor-china-die-niet-onder-exportrestricties-vs-valt.html';
const VOLTA_TENSOR = 'https://developer.nvidia.com/blog/programming-tensor-cores-in-cuda-9/';
const IOTECH_V100 =
  'https://www.io-tech.fi/uutinen/nvidia-esitteli-tesla-v100-pci-express-kiihdyttimen-tieteelliseen-laskentaan/';
const CHAPUZAS_V100 =
  'https://elchapuzasinformatico.com/2017/05/nvidia-tesla-v100-anunciada-5210-cuda-cores-la-arquitectura-volta/';
const GN_V100_32 = 'https://www.gamersnexus.net/news-pc/3270-nvidia-tesla-v100-accelerator-32gb-hbm2';
const GITCODE_6033 = 'https://gitcode.com/cann/ops-nn/issues/6033';
const HIASCEND_FP8 =
  'https://www.hiascend.com/doc_center/source/zh/CANNCommunityEdition/900/programug/Ascendcopdevg/atlas_ascendc_compatibility_10_00006.html';
const AWESOME_910C = 'https://awesomeagents.ai/hardware/huawei-ascend-910c';
const TOMS_BIREN =
  'https://www.tomshardware.com/news/chinese-biren-rolls-out-new-gpus-with-77-billion-transistors-2-pflops-of-ai-performance';
const NOTEBOOKCHECK_BIREN =
  'https://notebookcheck.com/Die-Birentech-BR100-GPU-aus-China-verspricht-256-TFLOPs-und-64-GB-HBM2E-bei-550-Watt.642238.0.html';
const TENSOR_FUSION = 'https://github.com/NexusGPU/tensor-fusion (config/manager/configs/gpu-info.yaml)';

const CORE_SPECS = ['memoryGiB', 'memoryBandwidthTBps', 'bf16Tflops', 'fp8Tflops', 'int8Tops'] as const;

export const BUILTIN_ACCELERATORS: readonly AcceleratorSpec[] = [
  // ------------------------------------------------------------------------------------------------- NVIDIA
  {
    id: 'nvidia-h20',
    vendor: 'NVIDIA',
    model: 'H20 96 GB (HGX)',
    reference: { vendor: 'NVIDIA', model: 'H20 (HGX, 96 GB)' },
    formFactor: 'SXM (HGX 8-GPU board)',
    memoryType: 'HBM3',
    year: 2024,
    memoryGiB: 96,
    memoryBandwidthTBps: 4.0,
    bf16Tflops: 148,
    fp8Tflops: 296,
    int8Tops: 296,
    tdpW: {
      low: 400,
      high: 550,
      used: 400,
      why: '400 W is the NVIDIA spec-sheet figure (three sources); 550 W comes only from a TV comparison table',
    },
    scaleUp: { name: 'NVLink 4', gbps: 900 },
    priceUsd: {
      low: 10000,
      high: 15000,
      used: 12000,
      why: 'the FT/SemiAnalysis average; Reuters gives $12-15k (early 2024) and $10-12k (2025)',
    },
    evidence: [
      { fields: [...CORE_SPECS], urls: [TOMS_CHINA_PARTS, CNZ] },
      {
        fields: ['tdpW', 'scaleUpGBps', 'year'],
        urls: [
          'https://www.tweaktown.com/news/95224/nvidias-tweaked-h20-ai-gpu-enters-mass-production-in-q2-2024-destined-for-china/index.html',
          'https://willitrunai.com/es/gpus/h20-96gb',
        ],
      },
      { fields: ['tdpW'], urls: [CCTV_TABLE, HF('h20')] },
      {
        fields: ['priceUsd'],
        urls: [
          DUNYA,
          'https://in.marketscreener.com/quote/stock/NVIDIA-CORPORATION-57355629/news/Nvidia-prepares-lighter-Blackwell-chip-for-China-in-response-to-US-restrictions-50063131/',
          'https://in.whatpsu.com/articles/1176-NVIDIA-will-sell-more-than-one-million-H20-GPUs-to-China-resulting-in-12-billion-in-revenue',
          HF('h20'),
        ],
      },
    ],
    notes: ['a 141 GB HBM3e H20 variant also exists; this entry is the 96 GB HGX part'],
  },
  {
    id: 'nvidia-h100',
    vendor: 'NVIDIA',
    model: 'H100 SXM5 80 GB',
    reference: { vendor: 'NVIDIA', model: 'H100 SXM5 80 GB' },
    formFactor: 'SXM5',
    memoryType: 'HBM3',
    year: 2022,
    memoryGiB: 80,
    memoryBandwidthTBps: 3.35,
    bf16Tflops: 989,
    fp8Tflops: 1979,
    int8Tops: 1979,
    tdpW: 700,
    scaleUp: { name: 'NVLink 4', gbps: 900 },
    priceUsd: {
      low: 25000,
      high: 36500,
      used: 30000,
      why: 'top of the Raymond James estimate and the community catalogue; $36.5k is a China-market price',
    },
    evidence: [
      {
        fields: [...CORE_SPECS, 'tdpW', 'scaleUpGBps', 'year'],
        urls: ['https://www.nvidia.com/en-us/data-center/h100/'],
      },
      {
        fields: ['priceUsd'],
        urls: [
          'https://www.techspot.com/news/99839-nvidia-garners-reported-1000-profit-each-h100-gpu.html',
          MYDRIVERS_PRICES,
          HF('h100'),
        ],
      },
      { fields: ['tdpW'], urls: [HF('h100')] },
    ],
  },
  {
    id: 'nvidia-h200',
    vendor: 'NVIDIA',
    model: 'H200 SXM 141 GB',
    reference: { vendor: 'NVIDIA', model: 'H200 SXM 141 GB' },
    formFactor: 'SXM5',
    memoryType: 'HBM3e',
    year: 2024,
    memoryGiB: 141,
    memoryBandwidthTBps: 4.8,
    bf16Tflops: 989,
    fp8Tflops: 1979,
    int8Tops: 1979,
    tdpW: 700,
    scaleUp: { name: 'NVLink 4', gbps: 900 },
    priceUsd: {
      low: 27000,
      high: 32000,
      used: 27000,
      why: 'Reuters reports ~$27k per chip in actual Chinese orders; $32k is a community-catalogue figure',
    },
    evidence: [
      {
        fields: ['memoryGiB', 'scaleUpGBps', 'tdpW'],
        urls: [
          'https://raw.githubusercontent.com/mlcommons/inference_results_v4.1/main/closed/NVIDIA/systems/H200-SXM-141GBx8_TRT_MaxQ.json',
          'https://github.com/mlcommons/inference_results_v4.0/blob/3c4a1cf196b70175cfe7c59e067cd1d923aa4f3f/closed/NVIDIA/systems/H200-SXM-141GBx8_TRT.json',
        ],
      },
      {
        fields: ['memoryGiB', 'memoryBandwidthTBps', 'year'],
        urls: [
          'https://github.com/NVIDIA/TensorRT-LLM/blob/2c39687db20941793ee357ef598b114c69453368/docs/source/blogs/H200launch.md',
        ],
      },
      {
        fields: ['bf16Tflops', 'fp8Tflops', 'int8Tops'],
        urls: [
          'https://www.nvidia.com/en-us/data-center/h200/',
          'https://lzwjava.github.io/nvidia-h200-gpu-specs-en',
        ],
      },
      {
        fields: ['priceUsd'],
        urls: [
          'https://hothardware.com/news/nvidia-reportedly-demands-china-pay-100-upfront-h200-ai-chips',
          HF('h200'),
        ],
      },
    ],
  },
  {
    id: 'nvidia-h800',
    vendor: 'NVIDIA',
    model: 'H800 SXM5 80 GB',
    reference: { vendor: 'NVIDIA', model: 'H800 SXM5 80 GB' },
    formFactor: 'SXM5',
    memoryType: 'HBM3',
    year: 2023,
    memoryGiB: 80,
    memoryBandwidthTBps: 3.35,
    bf16Tflops: 989,
    fp8Tflops: 1979,
    int8Tops: 1979,
    tdpW: 700,
    scaleUp: {
      name: 'NVLink 4 (capped)',
      gbps: {
        low: 300,
        high: 400,
        used: 400,
        why: '400 GB/s is stated by the later technical write-ups; 300 is the launch-time "about half of H100"',
      },
    },
    priceUsd: 30000,
    evidence: [
      {
        fields: [...CORE_SPECS, 'scaleUpGBps'],
        urls: [
          'https://www.philisun.com/technical-analysis/nvidia-h800-vs-h100-a-technical-deep-dive-into-politically-defined-ai-chips/',
          'https://www.tumgag.com/tag/nvidia%20h100',
        ],
      },
      {
        fields: ['scaleUpGBps'],
        urls: [
          'https://www.tomshardware.com/news/nvidia-gimps-h100-hopper-gpu-to-sell-as-h800-to-china',
          'https://www.golem.de/news/nvidia-hopper-h800-angepasste-h100-fuer-china-koennte-deutlich-langsamer-sein-2303-172839.html',
        ],
      },
      { fields: ['year'], urls: ['https://aiwiki.ai/wiki/nvidia_h800'] },
      { fields: ['tdpW', 'priceUsd'], urls: [HF('h800')] },
      { fields: ['entry'], urls: [DUNYA] },
    ],
    notes: ['TDP and price only from a community catalogue (low confidence)'],
  },
  {
    id: 'nvidia-a100',
    vendor: 'NVIDIA',
    model: 'A100 SXM4 80 GB',
    reference: { vendor: 'NVIDIA', model: 'A100 SXM4 80 GB' },
    formFactor: 'SXM4',
    memoryType: 'HBM2e',
    year: 2020,
    memoryGiB: 80,
    memoryBandwidthTBps: 2.039,
    bf16Tflops: 312,
    fp8Tflops: 'n/a',
    int8Tops: 624,
    tdpW: 400,
    scaleUp: { name: 'NVLink 3', gbps: 600 },
    priceUsd: 15000,
    evidence: [
      {
        fields: [
          'memoryGiB',
          'memoryBandwidthTBps',
          'bf16Tflops',
          'int8Tops',
          'tdpW',
          'scaleUpGBps',
          'fp8Tflops',
        ],
        urls: ['https://www.nvidia.com/en-us/data-center/a100/'],
      },
      { fields: ['tdpW', 'bf16Tflops', 'int8Tops'], urls: [TOMS_A800] },
      { fields: ['scaleUpGBps', 'tdpW'], urls: [TWEAKERS_A800] },
      { fields: ['year'], urls: [LAMBDA_SPECS] },
      { fields: ['priceUsd'], urls: [MYDRIVERS_PRICES, HF('a100')] },
    ],
  },
  {
    id: 'nvidia-a800',
    vendor: 'NVIDIA',
    model: 'A800 SXM4 80 GB',
    reference: { vendor: 'NVIDIA', model: 'A800 SXM4 80 GB' },
    formFactor: 'SXM4',
    memoryType: 'HBM2e',
    year: 2022,
    memoryGiB: 80,
    // The reference takes the A100's figure because its sources say only NVLink differs: an assumption, below.
    memoryBandwidthTBps: null,
    bf16Tflops: {
      low: 218,
      high: 312,
      used: 312,
      why: 'NVIDIA and Reuters say the A800 performs as the A100; 218 rests on one report of ~70 %',
    },
    fp8Tflops: 'n/a',
    int8Tops: {
      low: 437,
      high: 624,
      used: 624,
      why: 'as BF16: same performance as the A100 per NVIDIA and Reuters',
    },
    tdpW: 400,
    scaleUp: { name: 'NVLink 3 (capped)', gbps: 400 },
    priceUsd: 12000,
    evidence: [
      {
        fields: ['scaleUpGBps', 'tdpW', 'bf16Tflops', 'int8Tops'],
        urls: [
          TWEAKERS_A800,
          'https://heise.de/news/China-Verkaeufe-Nvidia-umgeht-US-Exportbeschraenkungen-mit-gebremstem-Nvlink-7336148.html',
        ],
      },
      { fields: ['bf16Tflops', 'int8Tops'], urls: [TOMS_A800] },
      { fields: ['memoryGiB', 'tdpW', 'scaleUpGBps'], urls: [CCTV_TABLE] },
      { fields: ['year'], urls: ['https://aiwiki.ai/wiki/nvidia_a800'] },
      { fields: ['priceUsd'], urls: [MYDRIVERS_PRICES, HF('a800')] },
    ],
    assumptions: [
      {
        field: 'memoryBandwidthTBps',
        value: 2.039,
        basis:
          'no source states the A800 bandwidth; its sources say it differs from the A100 80 GB only in NVLink',
        overridable: true,
        sources: [TWEAKERS_A800],
      },
    ],
  },
  {
    id: 'nvidia-l20',
    vendor: 'NVIDIA',
    model: 'L20',
    reference: { vendor: 'NVIDIA', model: 'L20' },
    formFactor: 'PCIe FHFL dual-slot',
    memoryType: 'GDDR6 (ECC)',
    year: 2023,
    memoryGiB: 48,
    memoryBandwidthTBps: 0.864,
    bf16Tflops: 119.5,
    fp8Tflops: 239,
    int8Tops: 239,
    tdpW: 275,
    scaleUp: { name: 'none (PCIe only)', gbps: 'n/a' },
    priceUsd: 5000,
    evidence: [
      { fields: [...CORE_SPECS], urls: [TOMS_CHINA_PARTS] },
      { fields: ['tdpW', 'year'], urls: ['https://technical.city/pl/video/L20'] },
      { fields: ['scaleUpGBps'], urls: [CNZ] },
      { fields: ['tdpW', 'priceUsd'], urls: [HF('l20')] },
    ],
    notes: ['price only from a community catalogue (low confidence)'],
  },
  {
    id: 'nvidia-l40s',
    vendor: 'NVIDIA',
    model: 'L40S',
    reference: { vendor: 'NVIDIA', model: 'L40S' },
    formFactor: 'PCIe FHFL dual-slot',
    memoryType: 'GDDR6 (ECC)',
    year: 2023,
    memoryGiB: 48,
    memoryBandwidthTBps: 0.864,
    bf16Tflops: 362,
    fp8Tflops: 733,
    int8Tops: null,
    tdpW: 350,
    scaleUp: { name: 'none (no NVLink)', gbps: 'n/a' },
    priceUsd: {
      low: 6000,
      high: 10000,
      used: 8000,
      why: 'the only source gives a range; the midpoint is used',
    },
    evidence: [
      {
        fields: ['memoryGiB', 'memoryBandwidthTBps', 'bf16Tflops', 'fp8Tflops', 'tdpW'],
        urls: [
          'https://www.mullet.se/product.html?product_id=355414',
          'https://omegaco.ae/shop/gpu-cards-edge-ai/nvidia-l40s',
        ],
      },
      {
        fields: ['scaleUpGBps'],
        urls: ['https://www.itcreations.com/nvidia-gpu/nvidia-l40s-gpu-accelerator'],
      },
      {
        fields: ['priceUsd'],
        urls: [
          'https://www.seridoat.com/article/huang-ren-xun-suan-li-ding-jia-ce-lve-jie-mi-gpu-jia-ge-yu-xing-neng-ru-he-ying-xiang-ai-chan-ye-fa.html',
        ],
      },
      {
        fields: ['year'],
        urls: ['https://www.theregister.com/2023/11/27/nvidia_china_h20_accelerator/?td=keepreading'],
      },
    ],
    notes: ['price from one blog (low confidence)'],
  },
  {
    id: 'nvidia-a10',
    vendor: 'NVIDIA',
    model: 'A10',
    reference: { vendor: 'NVIDIA', model: 'A10' },
    formFactor: 'PCIe single-slot',
    memoryType: 'GDDR6',
    year: 2021,
    memoryGiB: 24,
    memoryBandwidthTBps: 0.6,
    bf16Tflops: 125,
    fp8Tflops: 'n/a',
    int8Tops: null,
    tdpW: 150,
    scaleUp: { name: 'none', gbps: 'n/a' },
    priceUsd: null,
    evidence: [
      {
        fields: ['memoryGiB', 'memoryBandwidthTBps', 'bf16Tflops'],
        urls: ['https://www.baseten.co/blog/nvidia-a10-vs-a10g-for-ml-model-inference/'],
      },
      {
        fields: ['memoryBandwidthTBps', 'year', 'scaleUpGBps'],
        urls: ['https://sysrqmts.com/ru/gpus/compare/nvidia-a10-pcie-vs-nvidia-quadro-rtx-4000'],
      },
      { fields: ['tdpW'], urls: ['http://www.nshx.cn/Finance/31979.html'] },
    ],
    notes: ['not the AWS A10G'],
  },
  {
    id: 'nvidia-v100-16gb',
    vendor: 'NVIDIA',
    model: 'Tesla V100 SXM2 16 GB',
    reference: { vendor: 'NVIDIA', model: 'Tesla V100 SXM2 16 GB' },
    formFactor: 'SXM2',
    memoryType: 'HBM2',
    year: 2017,
    memoryGiB: 16,
    memoryBandwidthTBps: 0.9,
    bf16Tflops: 125,
    fp8Tflops: 'n/a',
    int8Tops: 'n/a',
    tdpW: 300,
    scaleUp: { name: 'NVLink 2', gbps: 300 },
    priceUsd: 10000,
    evidence: [
      { fields: ['bf16Tflops', 'int8Tops', 'fp8Tflops'], urls: [VOLTA_TENSOR] },
      { fields: ['memoryGiB', 'memoryBandwidthTBps', 'tdpW'], urls: [IOTECH_V100] },
      { fields: ['tdpW', 'memoryBandwidthTBps', 'year'], urls: [CHAPUZAS_V100] },
      { fields: ['scaleUpGBps'], urls: [GN_V100_32] },
      { fields: ['entry'], urls: [LAMBDA_SPECS] },
      { fields: ['priceUsd'], urls: [MYDRIVERS_PRICES] },
    ],
    notes: [
      'bf16Tflops is the FP16 tensor figure: Volta has no BF16 (and no INT8 tensor cores)',
      'price is a lower bound ("≥ $10k", variant unspecified)',
      'SXM2 figures; the PCIe card is 250 W and 112 TFLOPS',
    ],
  },
  {
    id: 'nvidia-v100-32gb',
    vendor: 'NVIDIA',
    model: 'Tesla V100 SXM2 32 GB',
    reference: { vendor: 'NVIDIA', model: 'Tesla V100 SXM2 32 GB' },
    formFactor: 'SXM2',
    memoryType: 'HBM2',
    year: 2018,
    memoryGiB: 32,
    memoryBandwidthTBps: 0.9,
    bf16Tflops: 125,
    fp8Tflops: 'n/a',
    int8Tops: 'n/a',
    tdpW: 300,
    scaleUp: { name: 'NVLink 2', gbps: 300 },
    priceUsd: 10000,
    evidence: [
      { fields: ['memoryGiB', 'scaleUpGBps', 'year'], urls: [GN_V100_32] },
      {
        fields: ['bf16Tflops', 'memoryBandwidthTBps', 'tdpW', 'int8Tops', 'fp8Tflops'],
        urls: [VOLTA_TENSOR, IOTECH_V100, CHAPUZAS_V100],
      },
      { fields: ['priceUsd'], urls: [MYDRIVERS_PRICES] },
    ],
    notes: [
      'bf16Tflops is the FP16 tensor figure: Volta has no BF16 (and no INT8 tensor cores)',
      'a memory-capacity upgrade of the 16 GB part; other figures as the 16 GB part',
      'price is a lower bound ("≥ $10k", variant unspecified)',
    ],
  },
  {
    id: 'nvidia-t4',
    vendor: 'NVIDIA',
    model: 'Tesla T4',
    reference: { vendor: 'NVIDIA', model: 'Tesla T4' },
    formFactor: 'PCIe low-profile',
    memoryType: 'GDDR6',
    year: 2018,
    memoryGiB: 16,
    memoryBandwidthTBps: 0.32,
    bf16Tflops: 65,
    fp8Tflops: 'n/a',
    int8Tops: 130,
    tdpW: {
      low: 70,
      high: 75,
      used: 70,
      why: 'later spec pages and the community catalogue give 70 W; 75 W is from launch coverage',
    },
    scaleUp: { name: 'none', gbps: 'n/a' },
    priceUsd: 2000,
    evidence: [
      {
        fields: ['memoryGiB', 'memoryBandwidthTBps', 'int8Tops', 'tdpW'],
        urls: [
          'https://heise.de/news/Nvidia-Tesla-P4-K-I-Beschleuniger-mit-8-TFlops-bei-75-Watt-Leistungsaufnahme-4164684.html',
          'https://www.tomshardware.co.uk/nvidia-tesla-t4-turing-gpu,news-59152.html',
        ],
      },
      {
        fields: ['tdpW', 'memoryBandwidthTBps', 'bf16Tflops', 'year', 'scaleUpGBps'],
        urls: ['https://sysrqmts.com/en/gpus/nvidia/tesla/t4'],
      },
      {
        fields: ['bf16Tflops', 'int8Tops', 'tdpW', 'fp8Tflops'],
        urls: [
          'https://networkoutlet.com/blogs/articles/nvidia-tesla-t4-16gb-gpu-specs-performance-use-cases',
        ],
      },
      { fields: ['priceUsd', 'tdpW'], urls: [HF('t4')] },
    ],
    notes: [
      'bf16Tflops is the FP16 tensor figure: Turing has no BF16',
      'price only from a community catalogue (low confidence)',
    ],
  },
  {
    id: 'nvidia-p100',
    vendor: 'NVIDIA',
    model: 'Tesla P100 SXM2 16 GB',
    reference: { vendor: 'NVIDIA', model: 'Tesla P100 SXM2 16 GB' },
    formFactor: 'SXM2 (mezzanine)',
    memoryType: 'HBM2',
    year: 2016,
    memoryGiB: 16,
    memoryBandwidthTBps: {
      low: 0.72,
      high: 0.732,
      used: 0.732,
      why: '732 GB/s is quoted for the shipping 16 GB part, 720 in launch coverage; the 1.7 % gap is immaterial',
    },
    bf16Tflops: 21.2,
    fp8Tflops: 'n/a',
    int8Tops: 'n/a',
    tdpW: 300,
    scaleUp: { name: 'NVLink 1', gbps: 160 },
    priceUsd: 7000,
    evidence: [
      {
        fields: ['bf16Tflops', 'memoryGiB', 'memoryBandwidthTBps', 'scaleUpGBps', 'year'],
        urls: [
          'https://hothardware.com/news/nvidia-unveils-beastly-tesla-p100-15-billion-transistor-16nm-finfet-gpu',
        ],
      },
      {
        fields: ['memoryBandwidthTBps'],
        urls: [
          'https://techwormam.pages.dev/posts/nvidia-unveils-its-powerful-pcie-hbm2-running-gp100-pascal-gpu-to-the-masses-techworm',
        ],
      },
      {
        fields: ['bf16Tflops', 'fp8Tflops', 'int8Tops'],
        urls: [
          'https://tech4gamers.com/nvidia-tesla-p100-will-be-available-in-two-variants-of-16gb-12gb-hbm2/',
        ],
      },
      {
        fields: ['scaleUpGBps'],
        urls: ['https://teckknow.com/nvidia-unveils-tesla-p100-hpc-board-based-pascal-gpu-architecture/'],
      },
      { fields: ['tdpW'], urls: [CHAPUZAS_V100, HF('p100')] },
      { fields: ['priceUsd'], urls: [HF('p100')] },
    ],
    notes: [
      'bf16Tflops is the FP16 figure (no BF16, no tensor cores on Pascal)',
      'SXM2 figures; the PCIe card is 250 W and 18.7 TFLOPS FP16',
      'price only from a community catalogue (low confidence)',
    ],
  },
  {
    id: 'nvidia-b200',
    vendor: 'NVIDIA',
    model: 'B200 (HGX, SXM)',
    reference: { vendor: 'NVIDIA', model: 'B200 (HGX, SXM)' },
    formFactor: 'SXM (HGX 8-GPU board)',
    memoryType: 'HBM3e',
    year: 2024,
    memoryGiB: {
      low: 180,
      high: 192,
      used: 180,
      why: '192 GB is physical; about 180 GB is usable as shipped (MLPerf "B200-SXM-180GB", 179 GB observed)',
    },
    memoryBandwidthTBps: 8.0,
    bf16Tflops: 2250,
    fp8Tflops: 4500,
    int8Tops: 4500,
    tdpW: 1000,
    scaleUp: { name: 'NVLink 5', gbps: 1800 },
    priceUsd: {
      low: 30000,
      high: 40000,
      used: 35000,
      why: 'the only source gives a range; the midpoint is used',
    },
    evidence: [
      {
        fields: [...CORE_SPECS, 'tdpW', 'scaleUpGBps', 'year'],
        urls: ['https://glennklockwood.com/garden/processors/B200'],
      },
      {
        fields: ['memoryGiB', 'memoryBandwidthTBps', 'fp8Tflops', 'tdpW', 'scaleUpGBps'],
        urls: ['https://docs.vultr.com/inference-cookbook/cuda/getting-started/hardware-overview'],
      },
      {
        fields: ['memoryGiB'],
        urls: [
          'https://github.com/mlcommons/inference_results_v4.1/blob/a2f5d66d17e8f75c02fd74dfe810ecca6a046696/closed/NVIDIA/results/B200-SXM-180GBx1_TRT/llama2-70b-99/Offline/performance/run_1/mlperf_log_summary.txt',
        ],
      },
      {
        fields: ['priceUsd'],
        urls: [
          'https://briefbriefing.com/2024/10/03/nvidia-ceo-jensen-huang-says-demand-for-next-generation-blackwell-ai-chip-is-insane',
        ],
      },
    ],
    notes: ['HGX (1,000 W) configuration'],
  },
  {
    id: 'nvidia-geforce-rtx-4090',
    vendor: 'NVIDIA',
    model: 'GeForce RTX 4090',
    reference: { vendor: 'NVIDIA', model: 'GeForce RTX 4090' },
    formFactor: 'PCIe consumer card',
    memoryType: 'GDDR6X',
    year: 2022,
    memoryGiB: 24,
    memoryBandwidthTBps: 1.008,
    bf16Tflops: 165.2,
    fp8Tflops: 330.3,
    int8Tops: 660.6,
    tdpW: 450,
    scaleUp: { name: 'none (no NVLink)', gbps: 'n/a' },
    priceUsd: 1599,
    evidence: [
      {
        fields: [...CORE_SPECS],
        urls: ['https://waredb.com/processor/nvidia-geforce-rtx-4090'],
      },
      {
        fields: ['tdpW', 'memoryBandwidthTBps'],
        urls: [
          'https://www.techgoing.com/nvidia-rtx-4090-gaming-graphics-cards-break-100-tflops-for-the-first-time/?amp=1',
        ],
      },
      {
        fields: ['priceUsd', 'year'],
        urls: ['https://www.tomshardware.com/reviews/nvidia-geforce-rtx-4090-review'],
      },
      { fields: ['scaleUpGBps'], urls: ['http://item.wiki/en/item/2912912'] },
    ],
    notes: ['tensor figures with FP32 accumulate (GeForce rate); the price is the launch MSRP'],
  },
  // ------------------------------------------------------------------------------------------- Alibaba T-Head
  {
    id: 't-head-zhenwu-810e',
    vendor: 'Alibaba T-Head',
    model: 'Zhenwu 810E (PPU)',
    reference: { vendor: 'Alibaba T-Head', model: 'Zhenwu 810E (PPU)' },
    formFactor: null,
    memoryType: 'HBM2e',
    year: 2025,
    memoryGiB: 96,
    memoryBandwidthTBps: null,
    bf16Tflops: null,
    fp8Tflops: null,
    int8Tops: null,
    tdpW: 400,
    scaleUp: { name: 'ICN (Inter-Chip Network), 7 links', gbps: 700 },
    priceUsd: null,
    evidence: [
      {
        fields: ['memoryGiB', 'tdpW', 'scaleUpGBps'],
        urls: [CCTV_TABLE, CCTV_TABLE_2, 'http://hxjkbz.com/n/959285'],
      },
      {
        fields: ['memoryGiB', 'scaleUpGBps', 'year'],
        urls: ['https://servernews.ru/1136036', 'https://udn.com/news/story/7333/9297647'],
      },
      {
        fields: ['entry'],
        urls: [
          'https://technews.tw/?p=1506294',
          'https://usdaily.xyz/alibaba-s-ai-chip-goes-head-to-head-with-nvidia-h20-in-state-backed-benchmark-demo-71213.html',
        ],
      },
    ],
    assumptions: [
      {
        field: 'bf16Tflops',
        value: 148,
        basis:
          'T-Head publishes no compute figure; press reports of the CCTV comparison say it performs about like ' +
          'the H20, so the model uses the H20 dense BF16 figure',
        overridable: true,
        sources: [CCTV_TABLE, 'https://technews.tw/?p=1506294'],
        alternatives: [
          {
            value: 386,
            basis: 'FP16 peak in one scheduler config ("from vendor spec"; dense or sparse not stated)',
            sources: [TENSOR_FUSION],
          },
          {
            value: 119,
            basis: '1,945 P over 16,384 cards in one deployment (precision not stated)',
            sources: [CCTV_TABLE_2],
          },
        ],
      },
      {
        field: 'memoryBandwidthTBps',
        value: 4.0,
        basis:
          'not published (the 700 GB/s in some reports is the ICN link); H20 parity as for compute, so that ' +
          'memory-bound work is not penalised by an unknown',
        overridable: true,
        sources: [CCTV_TABLE, 'https://servernews.ru/1136036'],
      },
    ],
    notes: [
      'compute and memory bandwidth are not disclosed: the model uses H20-parity assumptions (see assumptions)',
    ],
  },
  // ---------------------------------------------------------------------------------------------------- Huawei
  {
    id: 'huawei-ascend-910b',
    vendor: 'Huawei',
    model: 'Ascend 910B',
    reference: { vendor: 'Huawei', model: 'Ascend 910B' },
    formFactor: 'module/card (sub-SKUs 910B1-910B4)',
    memoryType: 'HBM2e',
    year: 2023,
    memoryGiB: 64,
    memoryBandwidthTBps: {
      low: 1.2,
      high: 1.6,
      used: 1.6,
      why: 'the 910B2 figure from the CANN review, so that the used figures all describe one sub-SKU',
    },
    bf16Tflops: {
      low: 280,
      high: 414,
      used: 353.9,
      why: 'sub-SKUs span 280 (910B4) to 414 (910B1); the model uses the 910B2 cube figure (353.9)',
    },
    fp8Tflops: 'n/a',
    int8Tops: 560,
    tdpW: null,
    scaleUp: { name: 'HCCS', gbps: 400 },
    priceUsd: 16700,
    evidence: [
      {
        fields: ['memoryGiB', 'bf16Tflops', 'int8Tops'],
        urls: ['https://ai.gitee.com/docs/compute/clusters_gpu/ascend_gpu'],
      },
      { fields: ['bf16Tflops', 'memoryGiB', 'memoryBandwidthTBps'], urls: [GITCODE_6033] },
      { fields: ['bf16Tflops', 'scaleUpGBps', 'memoryBandwidthTBps'], urls: [LLM_CAL] },
      { fields: ['memoryBandwidthTBps'], urls: [AWESOME_910C] },
      {
        fields: ['memoryGiB'],
        urls: [
          'https://github.com/PaddlePaddle/ERNIE/blob/fec4aa6c83a1f130e79f18d4782954a04e33c54a/docs/devices/README_NPU.md',
          'https://github.com/hearth-project/hearth/releases/tag/v0.2.0-rc.1',
        ],
      },
      { fields: ['year'], urls: ['https://vengineer.hatenablog.com/entry/2024/08/17/103000'] },
      { fields: ['fp8Tflops'], urls: [HIASCEND_FP8] },
      { fields: ['priceUsd'], urls: [DUNYA, 'https://evertiq.com/design/55794'] },
    ],
    notes: [
      'TDP not found: the 310/350 W figures online appear to be the first-generation Ascend 910',
      'price converted from ~120,000 CNY per card (Reuters, Dec 2023)',
      'HCCS 400 GB/s only from a community database',
    ],
  },
  {
    id: 'huawei-ascend-910c',
    vendor: 'Huawei',
    model: 'Ascend 910C',
    reference: { vendor: 'Huawei', model: 'Ascend 910C' },
    formFactor: 'dual-die package',
    memoryType: 'HBM2E (8 stacks)',
    year: 2025,
    memoryGiB: 128,
    memoryBandwidthTBps: 3.2,
    bf16Tflops: {
      low: 752,
      high: 800,
      used: 752,
      why: "752 is from Huawei's own CloudMatrix paper; 780 and ~800 are analyst estimates",
    },
    fp8Tflops: 'n/a',
    int8Tops: null,
    tdpW: null,
    scaleUp: {
      name: 'UB / HCCS (CloudMatrix 384)',
      gbps: {
        low: 196,
        high: 400,
        used: 196,
        why: 'the per-NPU UB figure of the CloudMatrix 384 analysis; 400 is a press chip-to-chip figure',
      },
    },
    priceUsd: null,
    evidence: [
      {
        fields: ['bf16Tflops'],
        urls: ['https://reportify.ai/social-media/688413268697636', 'https://arxiv.org/html/2506.12708v2'],
      },
      {
        fields: ['bf16Tflops', 'memoryBandwidthTBps', 'scaleUpGBps'],
        urls: [
          'https://techpowerup.com/335749/huawei-prepares-6-nm-ascend-920c-accelerator-900-teraflops-4000-gb-s-hbm3',
        ],
      },
      {
        fields: ['bf16Tflops', 'memoryBandwidthTBps'],
        urls: [
          'https://checkpoint10.com/huaweis-ascend-910c-the-ai-chip-poised-to-challenge-nvidias-h100s-in-china-detailed-specs-inside',
        ],
      },
      {
        fields: ['bf16Tflops', 'memoryGiB', 'memoryBandwidthTBps'],
        urls: ['https://aiwiki.ai/wiki/huawei_ascend_910c'],
      },
      { fields: ['memoryGiB', 'year'], urls: ['http://clef1.com/index-815.html'] },
      {
        fields: ['scaleUpGBps'],
        urls: ['https://chinaresearchcollective.substack.com/p/huawei-ascend-cloudmatrix-384-supernode'],
      },
      { fields: ['fp8Tflops'], urls: [HIASCEND_FP8, GITCODE_6033] },
      { fields: ['entry'], urls: [AWESOME_910C] },
    ],
    notes: ['per-chip TDP not found; one aggregator lists 96 GB / 1.8 TB/s (outlier, not used)'],
  },
  // ------------------------------------------------------------------------------------------------- Cambricon
  {
    id: 'cambricon-mlu590',
    vendor: 'Cambricon',
    model: 'Siyuan MLU590',
    reference: { vendor: 'Cambricon', model: 'Siyuan MLU590' },
    formFactor: null,
    memoryType: null,
    year: null,
    memoryGiB: null,
    memoryBandwidthTBps: null,
    bf16Tflops: null,
    fp8Tflops: null,
    int8Tops: null,
    tdpW: null,
    scaleUp: { name: 'MLU-Link', gbps: null },
    priceUsd: null,
    evidence: [
      {
        fields: ['entry'],
        urls: [
          'https://www.techradar.com/pro/this-chinese-chip-giant-is-boosting-production-to-try-and-take-on-nvidia-but-how-will-huawei-feel',
          'https://up2info.com/?p=65163',
        ],
      },
    ],
    notes: ['no credible published figures: Cambricon publishes no datasheet and aggregator claims conflict'],
  },
  {
    id: 'cambricon-mlu370',
    vendor: 'Cambricon',
    model: 'MLU370-X8',
    reference: { vendor: 'Cambricon', model: 'MLU370-X8' },
    formFactor: 'PCIe FHFL dual-slot, 2 chips per card',
    memoryType: 'LPDDR5',
    year: 2022,
    memoryGiB: 48,
    memoryBandwidthTBps: 0.6144,
    bf16Tflops: 96,
    fp8Tflops: 'n/a',
    int8Tops: 256,
    tdpW: 250,
    scaleUp: { name: 'MLU-Link (bridge, 4 cards / 8 chips)', gbps: 200 },
    priceUsd: null,
    evidence: [
      {
        fields: ['year', ...CORE_SPECS, 'tdpW', 'scaleUpGBps'],
        urls: ['http://guangxilong.com/c/032129635H022.html'],
      },
      {
        fields: ['tdpW', 'scaleUpGBps'],
        urls: ['http://www.rencaizhenjiang.com/news/hard/20220324/124384.html'],
      },
    ],
    notes: ['figures are per card (two Siyuan 370 chips)'],
  },
  // ----------------------------------------------------------------------------------------------------- Hygon
  {
    id: 'hygon-dcu-k100-ai',
    vendor: 'Hygon',
    model: 'DCU K100-AI',
    reference: { vendor: 'Hygon', model: 'DCU K100-AI (BW1000 not tabulated)' },
    formFactor: 'PCIe card',
    memoryType: null,
    year: null,
    memoryGiB: 64,
    memoryBandwidthTBps: null,
    bf16Tflops: null,
    fp8Tflops: null,
    int8Tops: null,
    tdpW: null,
    scaleUp: { name: null, gbps: null },
    priceUsd: null,
    evidence: [
      { fields: ['memoryGiB'], urls: ['https://www.cnblogs.com/aidoll/p/19664133'] },
      {
        fields: ['entry'],
        urls: [
          'https://github.com/PaddlePaddle/PaddleNLP/blob/af062ede4abd597f3a8f5cd40f4b15f869619cad/llm/docs/dcu_install.md',
        ],
      },
    ],
    notes: [
      'only the capacity is corroborated; the 800 W in deployment docs is a software power cap, not a TDP',
    ],
  },
  // ------------------------------------------------------------------------------------------------- Kunlunxin
  {
    id: 'kunlunxin-p800',
    vendor: 'Kunlunxin (Baidu)',
    model: 'P800',
    reference: { vendor: 'Kunlunxin (Baidu)', model: 'P800' },
    formFactor: 'OAM (PCIe edition also exists)',
    memoryType: 'GDDR6 (disputed)',
    year: 2024,
    memoryGiB: 96,
    memoryBandwidthTBps: null,
    bf16Tflops: 345,
    fp8Tflops: null,
    int8Tops: null,
    tdpW: 400,
    scaleUp: { name: null, gbps: null },
    priceUsd: null,
    evidence: [
      {
        fields: ['memoryGiB', 'tdpW'],
        urls: [
          'https://github.com/PaddlePaddle/ERNIE/blob/cb89cc16a0558ca64f431d3f0dbc5c48d5dd40d2/docs/devices/README_XPU.md',
        ],
      },
      { fields: ['year'], urls: ['https://reportify.ai/news/1186334856787922944'] },
      { fields: ['bf16Tflops'], urls: [LLM_CAL] },
      {
        fields: ['entry'],
        urls: [
          'https://newsbuck.com/news-detail/chinas-baidu-says-its-kunlun-chip-cluster-can-train-deepseeklike-models.html',
          'https://hellochinatech.com/p/china-ai-chip-credential-economy/comments',
        ],
      },
    ],
    notes: [
      'tdpW is the 400 W power cap read from xpu_smi, not a rated TDP',
      'bf16Tflops only from a community database (low confidence); no official datasheet exists',
    ],
  },
  // ---------------------------------------------------------------------------------- other Chinese accelerators
  {
    id: 'metax-c500',
    vendor: 'MetaX',
    model: 'Xiyun C500 (OAM)',
    reference: { vendor: 'MetaX', model: 'Xiyun C500 (OAM)' },
    formFactor: 'OAM',
    memoryType: 'HBM2e',
    year: 2024,
    memoryGiB: 64,
    memoryBandwidthTBps: 1.8,
    bf16Tflops: {
      low: 240,
      high: 280,
      used: 280,
      why: '280 is the official OAM figure; 240 is the PCIe variant',
    },
    fp8Tflops: 'n/a',
    int8Tops: 560,
    tdpW: {
      low: 350,
      high: 450,
      used: 450,
      why: 'the only primary reading is a 450 W cap (of the sibling C550); 350-450 is a community range',
    },
    scaleUp: { name: 'MetaXLink', gbps: 800 },
    priceUsd: null,
    evidence: [
      {
        fields: ['bf16Tflops', 'int8Tops', 'fp8Tflops'],
        urls: ['https://ai.gitee.com/docs/compute/domestic-gpu'],
      },
      {
        fields: ['memoryGiB', 'memoryBandwidthTBps', 'bf16Tflops', 'scaleUpGBps', 'tdpW'],
        urls: [LLM_CAL],
      },
      {
        fields: ['tdpW'],
        urls: [
          'https://github.com/PaddlePaddle/ERNIE/blob/dc4fc335c1c658989ad1d5dd4815924f883a56f1/docs/devices/README_METAX_GPU.md',
        ],
      },
      {
        fields: ['year'],
        urls: [
          'https://www.trendforce.com/news/2025/12/11/news-chinas-gpu-ipo-wave-intensifies-metax-surpasses-moore-threads-in-retail-investor-interest',
        ],
      },
    ],
    notes: ['bandwidth, MetaXLink and TDP only from a community database (low confidence)'],
  },
  {
    id: 'biren-br104',
    vendor: 'Biren',
    model: 'BR104 (104P card)',
    reference: { vendor: 'Biren', model: 'BR104 (card "104P")' },
    formFactor: 'PCIe FHFL card',
    memoryType: 'HBM2e',
    year: 2022,
    memoryGiB: 32,
    memoryBandwidthTBps: 0.819,
    bf16Tflops: 512,
    fp8Tflops: 'n/a',
    int8Tops: 1024,
    tdpW: 300,
    scaleUp: { name: 'BLink', gbps: 256 },
    priceUsd: null,
    evidence: [
      {
        fields: ['memoryGiB', 'memoryBandwidthTBps', 'tdpW', 'bf16Tflops', 'int8Tops', 'year', 'fp8Tflops'],
        urls: [TOMS_BIREN],
      },
      { fields: ['memoryGiB', 'scaleUpGBps', 'tdpW'], urls: [CCTV_TABLE_2] },
      { fields: ['tdpW'], urls: [NOTEBOOKCHECK_BIREN] },
    ],
    notes: ['vendor peak figures; whether dense or sparse is not stated'],
  },
  {
    id: 'biren-br100',
    vendor: 'Biren',
    model: 'BR100',
    reference: { vendor: 'Biren', model: 'BR100' },
    formFactor: 'OAM',
    memoryType: 'HBM2e',
    year: 2022,
    memoryGiB: 64,
    memoryBandwidthTBps: {
      low: 1.64,
      high: 2.3,
      used: 1.64,
      why: '1.64 TB/s follows from the 4096-bit HBM2e interface; 2.3 TB/s likely conflates the BLink total',
    },
    bf16Tflops: 1024,
    fp8Tflops: 'n/a',
    int8Tops: 2048,
    tdpW: 550,
    scaleUp: {
      name: 'BLink (8 lanes)',
      gbps: {
        low: 512,
        high: 2300,
        used: 2300,
        why: '2.3 TB/s over eight lanes is the press figure; 512 GB/s only from a community database',
      },
    },
    priceUsd: null,
    evidence: [
      {
        fields: ['memoryGiB', 'memoryBandwidthTBps', 'tdpW', 'bf16Tflops', 'int8Tops', 'year', 'fp8Tflops'],
        urls: [TOMS_BIREN],
      },
      {
        fields: ['memoryGiB', 'memoryBandwidthTBps', 'tdpW'],
        urls: [
          'https://www.golem.de/news/biren-br100-br104-chinas-gpgpu-beschleuniger-schlaegt-nvidias-hopper-2208-167497.html',
        ],
      },
      {
        fields: ['scaleUpGBps', 'tdpW'],
        urls: [
          'https://techpowerup.com/298098/biren-br100-detailed-chinas-ai-hpc-processor-storms-into-the-hpc-gpu-big-leagues',
        ],
      },
      { fields: ['scaleUpGBps'], urls: [LLM_CAL] },
      {
        fields: ['entry'],
        urls: [
          NOTEBOOKCHECK_BIREN,
          'https://servethehome.com/biren-br100-gpu-for-datacenter-compute-and-ai-workloads',
        ],
      },
    ],
    notes: ['vendor peak figures; whether dense or sparse is not stated'],
  },
  {
    id: 'moore-threads-mtt-s4000',
    vendor: 'Moore Threads',
    model: 'MTT S4000',
    reference: { vendor: 'Moore Threads', model: 'MTT S4000' },
    formFactor: 'PCIe card',
    memoryType: 'GDDR6',
    year: 2023,
    memoryGiB: 48,
    memoryBandwidthTBps: 0.768,
    bf16Tflops: 100,
    fp8Tflops: 'n/a',
    int8Tops: 200,
    tdpW: null,
    scaleUp: { name: 'MTLink 1.0', gbps: 240 },
    priceUsd: null,
    evidence: [
      {
        fields: [
          'bf16Tflops',
          'int8Tops',
          'memoryGiB',
          'memoryBandwidthTBps',
          'scaleUpGBps',
          'year',
          'fp8Tflops',
        ],
        urls: [
          'https://www.io-tech.fi/uutinen/moore-threads-julkaisi-uuden-mtt-s4000-laskentakortin-ja-kuae-intelligent-computing-center-palvelinklusterit/',
        ],
      },
      {
        fields: ['bf16Tflops', 'int8Tops'],
        urls: ['https://www.titancomputers.com/Chinese-AI-GPUs-are-on-the-Rise-s/2027.htm'],
      },
      {
        fields: ['memoryGiB', 'memoryBandwidthTBps'],
        urls: [
          'https://tweakpc.de/news/49715/moore-threads-leistungsstarke-mtt-s4000-gpu-aus-china-mit-25-tflops',
        ],
      },
      {
        fields: ['entry'],
        urls: [
          'https://www.tomshardware.com/pc-components/gpus/chinese-gpu-maker-moore-threads-can-now-scale-to-10000-processors-for-ai-clusters-mtlink-fabric-tech-competes-with-nvidias-nvlink',
          'https://en.overclocking.com/10000-mtt-s4000-in-an-ai-cluster/?noredirect=en-US',
        ],
      },
    ],
    notes: ['TDP not found in a citable source'],
  },
  {
    id: 'iluvatar-bi-v100',
    vendor: 'Iluvatar CoreX',
    model: 'Tiangai BI-V100',
    reference: { vendor: 'Iluvatar CoreX', model: 'Tiangai BI-V100' },
    formFactor: 'PCIe card',
    memoryType: 'HBM2',
    year: null,
    memoryGiB: 32,
    memoryBandwidthTBps: 1.2,
    bf16Tflops: 147,
    fp8Tflops: 'n/a',
    int8Tops: 295,
    tdpW: 250,
    scaleUp: { name: null, gbps: 64 },
    priceUsd: null,
    evidence: [
      {
        fields: [
          'memoryGiB',
          'memoryBandwidthTBps',
          'bf16Tflops',
          'int8Tops',
          'tdpW',
          'scaleUpGBps',
          'fp8Tflops',
        ],
        urls: [LLM_CAL],
      },
    ],
    notes: ['all figures from one community database (low confidence); bf16Tflops is the FP16 figure'],
  },
  {
    id: 'iluvatar-bi-v150',
    vendor: 'Iluvatar CoreX',
    model: 'Tiangai BI-V150 (one GPU device; a BI150 card has two)',
    reference: {
      vendor: 'Iluvatar CoreX',
      model: 'Tiangai BI-V150 (per GPU device; BI150 card = 2 devices)',
    },
    formFactor: 'PCIe card',
    memoryType: null,
    year: null,
    memoryGiB: 32,
    memoryBandwidthTBps: null,
    bf16Tflops: null,
    fp8Tflops: null,
    int8Tops: null,
    tdpW: 350,
    scaleUp: { name: null, gbps: null },
    priceUsd: null,
    evidence: [
      {
        fields: ['memoryGiB', 'tdpW'],
        urls: [
          'https://github.com/PaddlePaddle/ERNIE/blob/c73399ffe6ad3f10523792ab27781080b5528150/docs/devices/README_ILUVATAR_GPU.md',
        ],
      },
    ],
    notes: ['tdpW is the 350 W power cap read from ixsmi, not a rated TDP'],
  },
];

// ---------------------------------------------------------------------------------------------------------------
// Trace GPU type names.

/** A trace's GPU type name mapped to a catalog id; `assumed` when the trace does not disclose the model. */
export interface TraceGpuType {
  readonly id: string;
  readonly assumed: boolean;
  readonly why?: string;
}

/**
 * The openb trace's GPU types (`model` column of the node lists) as catalog ids. The trace does not say whether
 * its P100 and V100 are SXM2 or PCIe parts; the catalog's figures are SXM2 (PCIe: lower power and throughput).
 *
 * G2 and G3 are undisclosed internal types. Default: both come only as 8-GPU nodes, which points at HGX-class
 * data-centre parts rather than the PCIe inference cards the trace does name (T4, A10), and the data-centre parts
 * of the trace's period that Alibaba would not name are the A100 and its China-market variant the A800; G3's larger
 * host (128 cores, 768 GiB against G2's 96 cores, 384 GiB) reads as the newer one. An inference from node shapes,
 * not a published fact — the same defaults as the fleet converter (fleet/from-openb); change them with
 * `openbGpuTypes` in a catalog file.
 */
export const OPENB_GPU_TYPES: Readonly<Record<string, TraceGpuType>> = {
  P100: { id: 'nvidia-p100', assumed: false },
  T4: { id: 'nvidia-t4', assumed: false },
  V100M16: { id: 'nvidia-v100-16gb', assumed: false },
  V100M32: { id: 'nvidia-v100-32gb', assumed: false },
  A10: { id: 'nvidia-a10', assumed: false },
  G2: {
    id: 'nvidia-a100',
    assumed: true,
    why: 'undisclosed; 8-GPU nodes of 96 cores / 384 GiB, taken for HGX A100',
  },
  G3: {
    id: 'nvidia-a800',
    assumed: true,
    why: 'undisclosed; 8-GPU nodes of 128 cores / 768 GiB, taken for the newer HGX A800',
  },
};
