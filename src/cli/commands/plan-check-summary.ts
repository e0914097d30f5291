/**
 * @module cli/commands/plan-check-summary
 * The readable proof of a plan by simulation: per quarter and service the requests simulated, the attainment and
 * TTFT/TPOT at the SLO percentile against the SLO, and the verdict; per quarter and training line the coverage and
 * the time simulator's replay (jobs, makespan, waits, utilisation); and, when the plan was solved again, one line
 * per iteration (cost, nodes added, capacities lowered).
 */
import type { PlanCheck } from '../../plan/index.js';
import { num, table, usd } from './plan-summary.js';

const ms = (sec: number) => `${num(sec * 1000, 1)} ms`;
const h = (hours: number) => `${num(hours, 0)} h`;

export function checkSummary(check: PlanCheck): string[] {
  const out = [
    `Simulation check (seed ${check.seed}): ${check.verdict === 'meets' ? 'every SLO and training line holds' : 'FAILS'}`,
    ...table([
      ['quarter', 'service', 'requests', 'attainment', 'TTFT @p', 'TPOT @p', 'p-value', 'verdict'],
      ...check.services.map((s) => [
        `Q${s.quarter}`,
        `${s.service} (p${s.percentile})`,
        num(s.requests),
        `${num(s.attainment * 100, 2)} %`,
        ms(s.ttftSec),
        ms(s.tpotSec),
        s.pValue.toPrecision(2),
        s.verdict,
      ]),
      ...check.training.map((t) => [
        `Q${t.quarter}`,
        `${t.line} (training)`,
        '',
        `${num(t.coverage * 100, 1)} % covered`,
        '',
        '',
        '',
        t.verdict,
      ]),
    ]),
  ];
  if (check.training.length > 0) {
    out.push(
      `Training replayed in the time simulator (${check.trainingPolicy}, backfill; quarter = 2190 h):`,
      ...table([
        [
          'quarter',
          'line',
          'jobs',
          'makespan',
          'wait mean',
          'wait p95',
          'utilisation',
          'delivered',
          'scale',
          'verdict',
        ],
        ...check.training.map((t) => [
          `Q${t.quarter}`,
          t.line,
          num(t.simulation.jobs),
          h(t.simulation.makespanHours),
          h(t.simulation.waitHours.mean),
          h(t.simulation.waitHours.p95),
          `${num(t.simulation.utilisation * 100, 1)} %`,
          `${num(t.demandDeviceHours > 0 ? (t.simulation.deliveredDeviceHours / t.demandDeviceHours) * 100 : 100, 1)} %`,
          num(t.simulation.scale, 3),
          t.simulation.verdict,
        ]),
      ]),
    );
  }
  if (check.iterations.length > 1) {
    out.push('Iterations:');
    for (const it of check.iterations) {
      const added = Object.entries(it.nodesAdded)
        .filter(([, n]) => n !== 0)
        .map(([id, n]) => `${id} ${n > 0 ? '+' : ''}${n}`);
      const changes = it.changes.map(
        (c) =>
          `${c.service} on ${c.accelerator}: ${num(c.fromRequestsPerSec, 2)} → ${num(c.toRequestsPerSec, 2)} req/s per node`,
      );
      changes.push(
        ...it.trainingChanges.map(
          (c) =>
            `${c.line} on ${c.accelerator}: ${num(c.fromDeviceHours)} → ${num(c.toDeviceHours)} device-hours per node`,
        ),
      );
      const failing = [...it.services, ...it.training]
        .filter((s) => s.verdict === 'fails')
        .map((s) => `${'service' in s ? s.service : s.line} Q${s.quarter}`);
      out.push(
        `  ${it.iteration}. ${it.status}${it.objectiveUsd !== null ? `, ${usd(it.objectiveUsd)}` : ''}` +
          `; nodes ${added.length > 0 ? added.join(', ') : 'unchanged'}` +
          `; fails: ${failing.length > 0 ? failing.join(', ') : 'none'}` +
          (changes.length > 0 ? `; next: ${changes.join('; ')}` : ''),
      );
    }
  }
  out.push(...check.method.map((m) => `  (${m})`));
  return out;
}
