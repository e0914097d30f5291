/**
 * @module server/api/policy
 * The active placement policy: read it, change it for later decisions.
 */
import { z } from 'zod';
import { POLICY_NAMES } from '../../policies/index.js';
import { apiRoute } from './route-contract.js';

export const PolicyBody = z.object({ name: z.string().min(1) });

export const policyRoutes = {
  get: apiRoute({
    method: 'GET',
    url: '/v1/policy',
    tag: 'fleet',
    summary: 'The active placement policy',
    responses: {
      200: z.strictObject({
        name: z.string(),
        label: z.string().describe("the policy's name in the FGD paper's figures"),
        available: z.array(z.enum(POLICY_NAMES)),
      }),
    },
  }),
  set: apiRoute({
    method: 'PUT',
    url: '/v1/policy',
    tag: 'fleet',
    summary: 'Change the placement policy of later decisions',
    body: PolicyBody,
    responses: { 200: z.strictObject({ name: z.string(), previous: z.string() }) },
  }),
};
