/**
 * @module server/api/what-if
 * What-if questions: would these pods all fit now, where, and what would the figures be after? Changes nothing.
 */
import { z } from 'zod';
import { MILLI_PER_DEVICE } from '../../model/index.js';
import { Pod } from '../../schedule/index.js';
import { FleetFigures } from './fleet.js';
import { apiRoute } from './route-contract.js';

const count = (max: number) => z.number().int().min(0).max(max);

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
export type WhatIfBody = z.output<typeof WhatIfBody>;

export const WhatIfResult = z.strictObject({
  allFit: z.boolean(),
  placed: z.array(
    z.strictObject({
      pod: z.string(),
      node: z.string(),
      devices: z.array(z.number().int()),
      milliPerDevice: z.number().int(),
    }),
  ),
  unplaced: z.array(z.strictObject({ pod: z.string(), reason: z.string() })),
  before: FleetFigures,
  after: FleetFigures,
});

export const whatIfRoutes = {
  ask: apiRoute({
    method: 'POST',
    url: '/v1/what-if',
    tag: 'fleet',
    summary:
      'Would these pods all fit now, where, and what would the fragmentation be after? Changes nothing.',
    body: WhatIfBody,
    responses: { 200: WhatIfResult },
  }),
};
