/**
 * @module plan/perf/model-spec
 * What the performance model needs to know about an LLM: its size (total and active parameters), its attention
 * (GQA: KV heads × head dim; MLA: a compressed latent), its mixture of experts if any, and the longest context it
 * serves. The zod schema is also the format of a `--model-file` entry, so a built-in and a user's model are read
 * the same way.
 */
import * as z from 'zod';

const positive = z
  .number({ error: 'a number of billions > 0' })
  .positive({ error: 'a number of billions > 0' });
const whole = z.int({ error: 'a whole number ≥ 1' }).min(1, { error: 'a whole number ≥ 1' });

/** Grouped-query attention: the cache holds K and V for each KV head. */
const Gqa = z.strictObject({
  kind: z.literal('gqa', { error: 'gqa or mla' }),
  kvHeads: whole,
  headDim: whole,
});
/** Multi-head latent attention (DeepSeek): the cache holds one latent plus one RoPE key per token and layer. */
const Mla = z.strictObject({
  kind: z.literal('mla', { error: 'gqa or mla' }),
  kvLoraRank: whole,
  ropeHeadDim: whole,
});

const Moe = z.strictObject({
  /** Routed experts per MoE layer, and how many each token uses. */
  experts: whole,
  expertsPerToken: whole,
  /** Width of one routed expert's SwiGLU FFN. */
  expertIntermediate: whole,
  /** Layers whose FFN is a mixture of experts. */
  moeLayers: whole,
});

export const ModelSpecSchema = z.strictObject({
  id: z
    .string({ error: 'a lower-case id such as qwen3-32b' })
    .regex(/^[a-z0-9][a-z0-9.-]*$/, { error: 'a lower-case id such as qwen3-32b' }),
  name: z.string({ error: 'a display name' }).min(1, { error: 'a display name' }),
  /** All parameters, embeddings included (what memory holds), in billions. */
  totalParamsB: positive,
  /** Parameters one token multiplies by (non-embedding active + output head), in billions: FLOPs ≈ 2 × this. */
  activeParamsB: positive,
  layers: whole,
  hidden: whole,
  heads: whole,
  attention: z.discriminatedUnion('kind', [Gqa, Mla], {
    error:
      'a mapping such as { kind: gqa, kvHeads: 8, headDim: 128 } or { kind: mla, kvLoraRank: 512, ropeHeadDim: 64 }',
  }),
  moe: Moe.optional(),
  vocab: whole,
  maxContext: whole,
  /** Where the figures come from: the model's own sources. */
  sources: z
    .array(z.url({ error: 'a URL' }), { error: 'a list of source URLs' })
    .min(1, { error: 'at least one source URL' }),
});
export type ModelSpec = z.output<typeof ModelSpecSchema>;

/** Parameters of all routed experts (3 SwiGLU matrices each), in billions; 0 for a dense model. */
export function routedParamsB(m: ModelSpec): number {
  if (!m.moe) return 0;
  return (3 * m.hidden * m.moe.expertIntermediate * m.moe.experts * m.moe.moeLayers) / 1e9;
}

/**
 * Parameters read from memory in one forward step over `tokens` tokens, in billions. Dense: every matmul weight.
 * MoE: the always-used part, plus the routed experts that at least one token picks — with each token picking k
 * of E experts independently, a given expert is idle with probability (1 − k/E)^tokens.
 */
export function paramsReadB(m: ModelSpec, tokens: number): number {
  if (!m.moe) return m.activeParamsB;
  const routed = routedParamsB(m);
  const share = m.moe.expertsPerToken / m.moe.experts;
  const alwaysRead = m.activeParamsB - routed * share;
  return alwaysRead + routed * (1 - Math.pow(1 - share, Math.max(tokens, 1)));
}

/** KV-cache elements per token and layer on one device of `devices` (GQA heads split, never below one; MLA replicated). */
export function kvElementsPerTokenLayer(m: ModelSpec, devices: number): number {
  const a = m.attention;
  if (a.kind === 'mla') return a.kvLoraRank + a.ropeHeadDim;
  return 2 * Math.ceil(a.kvHeads / devices) * a.headDim;
}
