/**
 * A defrag plan as marks on the occupancy map: on each node the devices a moved pod leaves (by move number), the
 * devices a moved pod arrives on, and the devices the pending pod then takes — each in words for titles and screen
 * readers. A device can carry several marks (a chain frees a device another move fills; the pending pod usually
 * takes devices a move has just freed), so they are kept apart, not collapsed into one state.
 */
import type { DefragMove, DefragPlan } from '../../types.js';

export interface DeviceMarks {
  /** Move numbers (1-based, execution order) whose pod leaves this device. */
  leaves: number[];
  /** Move numbers whose pod arrives on this device. */
  arrives: number[];
  /** Who of the pending pods takes this device at the end ("the pending pod", "gang pod 2"). */
  pending: string[];
}

export interface NodeMarks {
  /** Device index → its marks; only marked devices are present. */
  devices: Map<number, DeviceMarks>;
  /** What the plan does on this node, in words (moves of CPU-only pods included). */
  notes: string[];
}

/** Node name → what the plan does there; empty when the plan is not feasible (nothing is to be drawn). */
export type PlanMarks = Map<string, NodeMarks>;

const podOf = (m: DefragMove) => `${m.namespace}/${m.name}`;

function nodeMarks(marks: PlanMarks, node: string): NodeMarks {
  let n = marks.get(node);
  if (!n) marks.set(node, (n = { devices: new Map(), notes: [] }));
  return n;
}

/** The marks of each of `devices` on `node`, created empty where there are none yet. */
function deviceMarks(marks: PlanMarks, node: string, devices: readonly number[]): DeviceMarks[] {
  const n = nodeMarks(marks, node);
  return devices.map((d) => {
    let m = n.devices.get(d);
    if (!m) n.devices.set(d, (m = { leaves: [], arrives: [], pending: [] }));
    return m;
  });
}

/** "devices 0, 1" / "device 3" / "" (a CPU-only pod holds none). */
export function devicesText(devices: readonly number[]): string {
  return devices.length === 0 ? '' : `${devices.length === 1 ? 'device' : 'devices'} ${devices.join(', ')}`;
}

/** What the pending pod is called: "the pending pod", or "gang pod 2" when the plan has several targets. */
function pendingName(index: number, count: number): string {
  return count === 1 ? 'the pending pod' : `gang pod ${index}`;
}

export function planMarks(plan: DefragPlan): PlanMarks {
  const marks: PlanMarks = new Map();
  if (!plan.feasible) return marks;
  plan.moves.forEach((m, i) => {
    const number = i + 1;
    const from = devicesText(m.from.devices);
    const to = devicesText(m.to.devices);
    for (const d of deviceMarks(marks, m.from.node, m.from.devices)) d.leaves.push(number);
    for (const d of deviceMarks(marks, m.to.node, m.to.devices)) d.arrives.push(number);
    nodeMarks(marks, m.from.node).notes.push(
      `move ${number}: ${podOf(m)} leaves${from ? ` ${from}` : ''} for ${m.to.node}`,
    );
    nodeMarks(marks, m.to.node).notes.push(
      `move ${number}: ${podOf(m)} arrives${to ? ` on ${to}` : ''} from ${m.from.node}`,
    );
  });
  plan.targets.forEach((t, i) => {
    const who = pendingName(i + 1, plan.targets.length);
    for (const d of deviceMarks(marks, t.node, t.devices)) d.pending.push(who);
    const on = devicesText(t.devices);
    nodeMarks(marks, t.node).notes.push(`then ${who} goes here${on ? ` on ${on}` : ''}`);
  });
  return marks;
}

/** A marked device in words: "move 1 leaves; move 2 arrives; the pending pod goes here". */
export function describeDeviceMarks(m: DeviceMarks): string {
  return [
    ...m.leaves.map((n) => `move ${n} leaves`),
    ...m.arrives.map((n) => `move ${n} arrives`),
    ...m.pending.map((who) => `${who} goes here`),
  ].join('; ');
}
