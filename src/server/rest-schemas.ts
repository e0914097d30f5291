/**
 * @module server/rest-schemas
 * Request bodies of the REST API under /v1, validated with zod (messages name the field), and their JSON Schema
 * for the OpenAPI document at /docs. Fastify's own validation is off: zod is the one validator, so the document
 * and the checks cannot drift apart. Every route reads its body with {@link parseBody} and its query or path
 * parameters with {@link parseParameters}: a mistake is an InputError whose issues carry the field paths, which
 * the error handler answers with a 400.
 */
import { z } from 'zod';
import { ErrorCode, isInputError, parseInput } from '../errors/index.js';
import { MILLI_PER_DEVICE, type NodeSpec, type PodSpec } from '../model/index.js';
import { Pod, podSpecOf, type ResourceModels } from '../schedule/index.js';

/** The request body checked against `schema` (an InputError HF_INVALID_BODY naming each wrong field if not). */
export function parseBody<T>(schema: z.ZodType<T>, body: unknown): T {
  return parseInput(schema, body, ErrorCode.InvalidBody);
}

/** Query or path parameters checked against `schema` (an InputError HF_INVALID_PARAMETER if not). */
export function parseParameters<T>(schema: z.ZodType<T>, parameters: unknown): T {
  return parseInput(schema, parameters, ErrorCode.InvalidParameter);
}

/** JSON Schema of a zod schema, for the OpenAPI document (input side: defaults are optional). */
export function schemaOf(schema: z.ZodType): object {
  const { $schema: _ignored, ...json } = z.toJSONSchema(schema, {
    io: 'input',
    unrepresentable: 'any',
  }) as Record<string, unknown>;
  return json;
}

const count = (max: number) => z.number().int().min(0).max(max);

/** A node as registered over the API (the same fields GET /v1/nodes shows). */
export const NodeInput = z
  .object({
    name: z.string().min(1).max(253),
    model: z.string().max(128).default(''),
    gpuCount: count(64),
    cpuMilli: count(2 ** 31 - 1),
    memMiB: count(2 ** 31 - 1),
  })
  .refine((n) => n.gpuCount === 0 || n.model !== '', {
    message: 'a node with devices needs its device model',
    path: ['model'],
  });

export const NodesBody = z.object({
  nodes: z
    .array(NodeInput)
    .min(1)
    .max(100_000)
    .superRefine((nodes, ctx) => {
      const seen = new Set<string>();
      for (const [i, n] of nodes.entries()) {
        if (seen.has(n.name))
          ctx.addIssue({ code: 'custom', path: [i, 'name'], message: `"${n.name}" appears twice` });
        seen.add(n.name);
      }
    }),
});

export function nodeSpecOf(n: z.infer<typeof NodeInput>): NodeSpec {
  return { name: n.name, cpuMilli: n.cpuMilli, memMiB: n.memMiB, gpuCount: n.gpuCount, gpuModel: n.model };
}

export const PolicyBody = z.object({ name: z.string().min(1) });

/** A pod of a what-if question, in the model's terms. */
export const PodInput = z
  .object({
    name: z.string().min(1).optional(),
    cpuMilli: count(2 ** 31 - 1),
    memMiB: count(2 ** 31 - 1),
    gpuCount: count(64).default(0),
    gpuMilli: z.number().int().min(1).max(MILLI_PER_DEVICE).optional(),
    gpuModels: z.array(z.string().min(1)).default([]),
  })
  .strict();

/** What-if pods: in the model's terms, or Kubernetes v1.Pod objects (read as the extender reads them). */
export const WhatIfBody = z.object({
  pods: z
    .array(z.union([PodInput, Pod]))
    .min(1)
    .max(10_000),
});

export function whatIfSpecs(body: z.infer<typeof WhatIfBody>, models?: ResourceModels): PodSpec[] {
  return body.pods.map((p, i) => {
    if ('metadata' in p) {
      try {
        return podSpecOf(p, models);
      } catch (e) {
        throw isInputError(e) ? e.nestedUnder(`pods.${i}`) : e;
      }
    }
    const gpuMilli = p.gpuCount > 0 ? (p.gpuMilli ?? MILLI_PER_DEVICE) : 0;
    return {
      name: p.name ?? `pod-${i}`,
      cpuMilli: p.cpuMilli,
      memMiB: p.memMiB,
      gpuCount: p.gpuCount,
      gpuMilli,
      gpuTypes: p.gpuCount > 0 ? p.gpuModels : [],
    };
  });
}
