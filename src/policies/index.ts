/**
 * @module policies
 * The placement policies behind one interface (policy.ts), their registry (name → factory), the fragmentation
 * measure FGD is built on, typical pods and compiled pod requests.
 */
export { type FleetEconomics, type ModelEconomics, PRICED_POLICIES } from './economics.js';
export { FgdPolicy } from './fgd.js';
export { FRAG_F, FRAG_IDLE, FRAG_STRIDE, FragMeasure } from './frag.js';
export { NodeFragEntries } from './node-frag-entries.js';
export { compileRequest, type PodRequest, RequestTable } from './pod-request.js';
export {
  type CycleContext,
  MAX_NODE_SCORE,
  MIN_NODE_SCORE,
  PAPER_POLICIES,
  type PaperPolicyName,
  type Policy,
  POLICY_NAMES,
  type PolicyName,
} from './policy.js';
export { createPolicy, isPolicyName, paperLabel } from './registry.js';
export { typicalOfShapes, typicalPods, typicalPodsOf, type TypicalPods } from './typical-pods.js';
export { PaperPolicy, TimePolicy } from './policy-name-schemas.js';
