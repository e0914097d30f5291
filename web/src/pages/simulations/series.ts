/** How the result charts name and colour a policy's lines, for one run or several compared. */
import { runPolicyColor } from '../../charts/colors';
import { lineType } from '../../charts/options';

/** Where a run stands among the runs compared. */
export interface RunPosition {
  id: string;
  index: number;
  count: number;
}

/**
 * A line of `policy` in `run`: named `name` (prefixed by the run id when runs are compared), in the policy's colour
 * for the first run, and solid, dashed or dotted by `styleIndex`.
 */
export function policyLine({
  run,
  policy,
  name,
  styleIndex,
  data,
}: {
  run: RunPosition;
  policy: string;
  name: string;
  styleIndex: number;
  data: [number, number][];
}) {
  return {
    name: run.count > 1 ? `${run.id} ${name}` : name,
    type: 'line',
    showSymbol: false,
    lineStyle: { width: 2, type: lineType(styleIndex) },
    color: runPolicyColor(run.index, policy, run.count),
    data,
  };
}
