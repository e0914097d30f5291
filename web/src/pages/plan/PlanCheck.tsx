/**
 * The plan proven by simulation: per service and quarter the attainment against the SLO percentile and TTFT/TPOT
 * at that percentile against the SLO; per training line the coverage (and whatever the time simulator adds);
 * every solve of the loop that added capacity where the simulation showed a shortage; and the method.
 */
import type { ReactNode } from 'react';
import { DataTable } from '../../components/DataTable';
import { fmt, fmtInt } from '../../components/format';
import type { PlanCheck as Check } from './plan-types';

/** A service's SLO as the demand states it. */
export interface Slo {
  ttftSec: number;
  tpotSec: number;
  percentile: number;
}

const percent = (x: number) => `${fmt(x * 100, 2)} %`;

export function PlanCheck({ check, slos }: { check: Check; slos: Record<string, Slo> }): ReactNode {
  return (
    <section aria-labelledby="plan-check">
      <h3 id="plan-check">Simulation check: {check.verdict}</h3>
      <DataTable
        testId="plan-slo"
        caption="Serving SLOs in simulation, per service and quarter"
        columns={['service', 'quarter', 'attainment', 'TTFT @p (s)', 'TPOT @p (s)', 'verdict']}
        rowAttributes={(i) => ({ 'data-service': check.services[i].service })}
        rows={check.services.map((s) => {
          const slo = slos[s.service];
          return [
            s.service,
            `Q${s.quarter}`,
            `${percent(s.attainment)} (target p${fmt(s.percentile, 0)})`,
            `${fmt(s.ttftSec, 3)}${slo ? ` / SLO ${fmt(slo.ttftSec, 3)}` : ''}`,
            `${fmt(s.tpotSec, 3)}${slo ? ` / SLO ${fmt(slo.tpotSec, 3)}` : ''}`,
            s.verdict,
          ];
        })}
      />
      {check.training.length > 0 ? (
        <DataTable
          testId="plan-training"
          caption="Training per line and quarter: the capacity sum, and the jobs replayed in the time simulator"
          columns={[
            'line',
            'quarter',
            'coverage',
            'jobs',
            'makespan (h of 2190)',
            'wait mean / p95 (h)',
            'utilisation',
            'verdict',
          ]}
          rows={check.training.map((t) => [
            t.line,
            `Q${t.quarter}`,
            percent(t.coverage),
            fmtInt(t.simulation.jobs),
            fmtInt(t.simulation.makespanHours),
            `${fmtInt(t.simulation.waitHours.mean)} / ${fmtInt(t.simulation.waitHours.p95)}`,
            percent(t.simulation.utilisation),
            t.verdict,
          ])}
        />
      ) : null}
      {check.iterations && check.iterations.length > 0 ? (
        <DataTable
          testId="plan-iterations"
          caption="Each solve of the check: its cost, the nodes it added, and the capacities lowered for the next"
          showCaption
          columns={[
            'solve',
            'status',
            'total cost (USD)',
            'nodes added',
            'capacity lowered (requests/s per node)',
          ]}
          rows={check.iterations.map((it, i) => [
            String(it.iteration ?? i + 1),
            it.status ?? '',
            fmtInt(it.objectiveUsd),
            Object.entries(it.nodesAdded ?? {})
              .filter(([, n]) => n !== 0)
              .map(([chip, n]) => `${chip} ${fmtInt(n)}`)
              .join(', '),
            (it.changes ?? [])
              .map(
                (c) =>
                  `${c.service} on ${c.accelerator}: ${fmt(c.fromRequestsPerSec, 2)} → ${fmt(c.toRequestsPerSec, 2)}`,
              )
              .join('; '),
          ])}
        />
      ) : null}
      {check.method && check.method.length > 0 ? (
        <details>
          <summary>method</summary>
          <ul>
            {check.method.map((m) => (
              <li key={m}>{m}</li>
            ))}
          </ul>
        </details>
      ) : null}
    </section>
  );
}
