import { describe, expect, it } from 'vitest';
import { BUILTIN_MODELS } from './builtin-models.js';
import { kvElementsPerTokenLayer, paramsReadB, routedParamsB } from './model-spec.js';

const model = (id: string) => BUILTIN_MODELS.find((m) => m.id === id)!;

describe('built-in model specs', () => {
  it('give the BF16 KV-cache bytes per token that llm-models.md derives', () => {
    // The reference's "KV-cache bytes/token, BF16, derived" row.
    const reference: Record<string, number> = {
      'llama-2-70b': 327680,
      'llama-3.1-8b': 131072,
      'llama-3.1-70b': 327680,
      'qwen3-8b': 147456,
      'qwen3-14b': 163840,
      'qwen3-32b': 262144,
      'qwen3-30b-a3b': 98304,
      'glm-4.5-air': 188416,
      'deepseek-v3': 70272,
      'deepseek-r1': 70272,
    };
    for (const m of BUILTIN_MODELS) {
      expect(m.layers * kvElementsPerTokenLayer(m, 1) * 2, m.id).toBe(reference[m.id]);
    }
  });

  it('have routed experts that fit inside the total, and an active count above the always-read part', () => {
    for (const m of BUILTIN_MODELS.filter((x) => x.moe)) {
      const routed = routedParamsB(m);
      expect(routed, m.id).toBeLessThan(m.totalParamsB);
      const alwaysRead = m.activeParamsB - (routed * m.moe!.expertsPerToken) / m.moe!.experts;
      expect(alwaysRead, m.id).toBeGreaterThan(0);
    }
  });

  it('read the active parameters for one token and every expert once a step has many tokens', () => {
    const moe = model('deepseek-v3');
    expect(paramsReadB(moe, 1)).toBeCloseTo(moe.activeParamsB, 6);
    const all = moe.activeParamsB + routedParamsB(moe) * (1 - moe.moe!.expertsPerToken / moe.moe!.experts);
    expect(paramsReadB(moe, 100000)).toBeCloseTo(all, 3);
    expect(paramsReadB(moe, 64)).toBeGreaterThan(paramsReadB(moe, 8));
    const dense = model('qwen3-32b');
    expect(paramsReadB(dense, 1)).toBe(paramsReadB(dense, 4096));
  });

  it('split GQA heads across tensor-parallel devices but never below one head, and replicate the MLA latent', () => {
    const gqa = model('llama-3.1-70b');
    expect(kvElementsPerTokenLayer(gqa, 2)).toBe(kvElementsPerTokenLayer(gqa, 1) / 2);
    expect(kvElementsPerTokenLayer(gqa, 16)).toBe(kvElementsPerTokenLayer(gqa, 8));
    const mla = model('deepseek-v3');
    expect(kvElementsPerTokenLayer(mla, 8)).toBe(kvElementsPerTokenLayer(mla, 1));
  });
});
