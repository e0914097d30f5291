/**
 * @module defrag/placements-file
 * A file of running pods (JSON or YAML): the answer of `GET /v1/placements` as it comes (`{ "placements": [...] }`)
 * or just the list, each entry a {@link PlacementRecord}. Every problem is reported at its file, line and field.
 */
import { z } from 'zod';
import { readInputText, UserDocument } from '../input/index.js';
import type { NodeSpec } from '../model/index.js';
import { PlacementRecord, runningPods } from './running-pods.js';
import type { ClusterState } from '../model/index.js';
import type { PlacedPod } from './placed-pod.js';

const PlacementsAnswer = z.strictObject({
  placements: z.array(PlacementRecord),
  gpuAllocationPercent: z.number().optional(),
});

/** The running pods of `file`, placed on `nodes`. */
export function loadPlacementsFile(
  file: string,
  nodes: readonly NodeSpec[],
  field = '--placements',
): { state: ClusterState; pods: PlacedPod[] } {
  const text = readInputText(file, { what: 'a placements file (JSON or YAML)', field });
  const syntax = file.toLowerCase().endsWith('.json') ? 'json' : 'yaml';
  const doc = UserDocument.parse(text, file, {
    syntax,
    what: 'placements: a list, or { "placements": [...] }',
  });
  const listed = Array.isArray(doc.data);
  const records = listed ? doc.validate(z.array(PlacementRecord)) : doc.validate(PlacementsAnswer).placements;
  const placed = runningPods(nodes, records);
  if (!placed.ok)
    return doc.fail(placed.issues.map((i) => ({ ...i, path: listed ? i.path : ['placements', ...i.path] })));
  return { state: placed.state, pods: placed.pods };
}
