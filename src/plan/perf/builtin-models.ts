/**
 * @module plan/perf/builtin-models
 * The LLMs `hyperfleet perf` knows without a `--model-file`. Every figure is a published configuration value (or
 * derived from one the way /work/shared/reference/llm-models.md explains: total and active matmul parameters);
 * each entry lists the model's own sources. Layer counts exclude multi-token-prediction layers, which serving
 * engines only use for speculative decoding.
 */
import type { ModelSpec } from './model-spec.js';

const gh = (repo: string, commit: string, path: string) =>
  `https://github.com/${repo}/blob/${commit}/${path}`;

const LLAMA_SKUS = gh(
  'meta-llama/llama-models',
  '364ed4ec2bdcc13ab3acb08e364e843b6322b9ae',
  'models/sku_list.py',
);
const QWEN3_REPORT = gh(
  'QwenLM/Qwen3',
  '7a2f61ffc7a20d47efcd2bf97f6f2bf52729042e',
  'Qwen3_Technical_Report.pdf',
);
const QWEN3_PROVIDER = gh(
  'NVIDIA-NeMo/Megatron-Bridge',
  '53f91f2283278a73b9d135b37f3f1af8727f2db3',
  'src/megatron/bridge/models/qwen/qwen_provider.py',
);
const DEEPSEEK_V3 = (path: string) =>
  gh('deepseek-ai/DeepSeek-V3', '9b4e9788e4a3a731f7567338ed15d3ec549ce03b', path);

/** Llama 3.1 and Qwen3 dense models share everything but size: GQA with 8 KV heads of 128. */
const GQA_8x128 = { kind: 'gqa', kvHeads: 8, headDim: 128 } as const;
/** Qwen3's shipped config serves 40,960 tokens; YaRN ×4 extends it to 131,072 (a `--model-file` entry). */
const QWEN3_CONTEXT = 40960;

/** What Llama 3.1 8B and 70B share: attention layout, vocabulary, context and sources. */
const LLAMA_3_1: Pick<ModelSpec, 'attention' | 'vocab' | 'maxContext' | 'sources'> = {
  attention: GQA_8x128,
  vocab: 128256,
  maxContext: 131072,
  sources: [
    gh(
      'meta-llama/llama-models',
      'a9c89c471f793423afd4cc3ca8671d6e56fe64cb',
      'models/llama3_1/MODEL_CARD.md',
    ),
    LLAMA_SKUS,
  ],
};

const DEEPSEEK_V3_ARCH = {
  totalParamsB: 671.03,
  activeParamsB: 36.63,
  layers: 61,
  hidden: 7168,
  heads: 128,
  attention: { kind: 'mla', kvLoraRank: 512, ropeHeadDim: 64 },
  moe: { experts: 256, expertsPerToken: 8, expertIntermediate: 2048, moeLayers: 58 },
  vocab: 129280,
  maxContext: 131072,
} as const;

export const BUILTIN_MODELS: readonly ModelSpec[] = [
  {
    id: 'llama-2-70b',
    name: 'Llama-2-70B',
    totalParamsB: 68.98,
    activeParamsB: 68.71,
    layers: 80,
    hidden: 8192,
    heads: 64,
    attention: GQA_8x128,
    vocab: 32000,
    maxContext: 4096,
    sources: [
      gh(
        'meta-llama/llama-models',
        'a9c89c471f793423afd4cc3ca8671d6e56fe64cb',
        'models/llama2/MODEL_CARD.md',
      ),
      LLAMA_SKUS,
    ],
  },
  {
    id: 'llama-3.1-8b',
    name: 'Llama-3.1-8B',
    totalParamsB: 8.03,
    activeParamsB: 7.5,
    layers: 32,
    hidden: 4096,
    heads: 32,
    ...LLAMA_3_1,
  },
  {
    id: 'llama-3.1-70b',
    name: 'Llama-3.1-70B',
    totalParamsB: 70.55,
    activeParamsB: 69.5,
    layers: 80,
    hidden: 8192,
    heads: 64,
    ...LLAMA_3_1,
  },
  {
    id: 'qwen3-8b',
    name: 'Qwen3-8B',
    totalParamsB: 8.19,
    activeParamsB: 7.57,
    layers: 36,
    hidden: 4096,
    heads: 32,
    attention: GQA_8x128,
    vocab: 151936,
    maxContext: QWEN3_CONTEXT,
    sources: [QWEN3_REPORT, QWEN3_PROVIDER],
  },
  {
    id: 'qwen3-14b',
    name: 'Qwen3-14B',
    totalParamsB: 14.77,
    activeParamsB: 13.99,
    layers: 40,
    hidden: 5120,
    heads: 40,
    attention: GQA_8x128,
    vocab: 151936,
    maxContext: QWEN3_CONTEXT,
    sources: [QWEN3_REPORT, QWEN3_PROVIDER],
  },
  {
    id: 'qwen3-32b',
    name: 'Qwen3-32B',
    totalParamsB: 32.76,
    activeParamsB: 31.98,
    layers: 64,
    hidden: 5120,
    heads: 64,
    attention: GQA_8x128,
    vocab: 151936,
    maxContext: QWEN3_CONTEXT,
    sources: [QWEN3_REPORT, QWEN3_PROVIDER],
  },
  {
    id: 'qwen3-30b-a3b',
    name: 'Qwen3-30B-A3B',
    totalParamsB: 30.53,
    activeParamsB: 3.04,
    layers: 48,
    hidden: 2048,
    heads: 32,
    attention: { kind: 'gqa', kvHeads: 4, headDim: 128 },
    moe: { experts: 128, expertsPerToken: 8, expertIntermediate: 768, moeLayers: 48 },
    vocab: 151936,
    maxContext: QWEN3_CONTEXT,
    sources: [QWEN3_REPORT, QWEN3_PROVIDER],
  },
  {
    id: 'glm-4.5-air',
    name: 'GLM-4.5-Air',
    totalParamsB: 106.85,
    activeParamsB: 12.8,
    layers: 46,
    hidden: 4096,
    heads: 96,
    attention: GQA_8x128,
    moe: { experts: 128, expertsPerToken: 8, expertIntermediate: 1408, moeLayers: 45 },
    vocab: 151552,
    maxContext: 131072,
    sources: [
      gh(
        'zai-org/GLM-4.5',
        'bebc6b41d9644bd2d42f67206cdaabf1f77bdbe9',
        'resources/GLM_4_5_technical_report.pdf',
      ),
      gh('zai-org/GLM-4.5', '170f20b2c10659008fdbc909d478bc2a75bc3627', 'README.md'),
    ],
  },
  {
    id: 'deepseek-v3',
    name: 'DeepSeek-V3',
    ...DEEPSEEK_V3_ARCH,
    sources: [
      DEEPSEEK_V3('inference/configs/config_671B.json'),
      DEEPSEEK_V3('README.md'),
      DEEPSEEK_V3('README_WEIGHTS.md'),
    ],
  },
  {
    id: 'deepseek-r1',
    name: 'DeepSeek-R1 (DeepSeek-V3 architecture)',
    ...DEEPSEEK_V3_ARCH,
    sources: [
      gh('deepseek-ai/DeepSeek-R1', '0cf78561f1d51c84a21b2190626b21116d5c68bb', 'README.md'),
      DEEPSEEK_V3('inference/configs/config_671B.json'),
    ],
  },
];
