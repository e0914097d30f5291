/**
 * @module measure/definitions
 * The definitions of `hyperfleet measure`, written once: docs/cli.md (Definitions), the report and the dashboard show this text,
 * and {@link ./accounting.ts} computes exactly these formulas.
 */
export const DEFINITIONS: readonly { symbol: string; name: string; text: string }[] = [
  {
    symbol: 'W, Δ, N',
    name: 'window, step',
    text: 'the window (from, to] is cut in N = W/Δ steps of length Δ (--step); the last sample in a step stands for it, a step without a sample is unobserved.',
  },
  {
    symbol: 'D, T',
    name: 'total device-hours',
    text: 'D devices seen in the window, each counted for the whole window: total = D · W.',
  },
  {
    symbol: 'a_d(t)',
    name: 'allocated share',
    text: 'Σ over the pods on device d at t of their share (GPU request in milli / number of devices of the pod, or an equal split when no request is known), at most 1. A device is allocated when a pod is assigned to it; allocated device-hours = Σ_d Σ_t a_d(t) · Δ.',
  },
  {
    symbol: 'u_d(t)',
    name: 'utilisation',
    text: 'utilisation of device d in % (DCGM_FI_PROF_GR_ENGINE_ACTIVE × 100 when exported, else DCGM_FI_DEV_GPU_UTIL; the duty cycle for trace CSVs). Busy device-hours = Σ_d Σ_t u_d(t)/100 · Δ over observed steps.',
  },
  {
    symbol: 'I_d(t)',
    name: 'idle',
    text: 'I_d(t) = 1 when t lies in a run of at least --idle-for (rounded up to whole steps) of consecutive observed steps in which d is allocated and u_d < --idle-below. Idle device-hours = Σ_d Σ_t I_d(t) · a_d(t) · Δ (⊆ allocated).',
  },
  {
    symbol: 'unallocated',
    name: 'unallocated',
    text: 'total − allocated: devices, or the rest of shared devices, that no pod held. Its cost is reported as idle cost of the pool (per model).',
  },
  {
    symbol: 'stranded',
    name: 'stranded',
    text: 'free but unusable (fragmented) capacity: known only from the scheduler’s state — hyperfleet run for simulations; for telemetry, the fragmentation history of the hyperfleet serve that schedules the cluster (--scheduler URL, or the service’s own for POST /v1/measurements) integrated over the window; else 0.',
  },
  {
    symbol: 'E_d',
    name: 'energy',
    text: 'measured where present: the energy counter’s per-step increases (a decrease is a reset, the new value counts), else Σ P_d(t) · Δ of the power gauge; else the catalog’s model idleW + (tdpW − idleW) · u/100; unobserved steps at idleW. Facility energy = IT energy × PUE.',
  },
  {
    symbol: 'C_d',
    name: 'cost',
    text: 'C_d = priceUsd / (amortisation years · 8760 h) · W + E_d · electricity price; rate r_d = C_d / W per device-hour.',
  },
  {
    symbol: 's_{p,d}(t)',
    name: 'charge by share',
    text: 'a team pays Σ_d Σ_t s_{team,d}(t) · r_d · Δ, its pods’ shares of each device (four 250-milli pods for one hour make one device-hour), energy likewise by share; the unallocated remainder is charged to the pool.',
  },
];
