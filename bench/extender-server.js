// The extender under test of extender-latency.bench.js, in its own process so that the load generator does not
// share its event loop: buildApp from dist/ on an openb-shaped cluster of N nodes (the synthetic generator's node
// pools, scaled), FGD with the typical pods of the synthetic trace, listening on 127.0.0.1 (any free port).
// Prints one JSON line `{ "address": …, "nodes": …, "gpus": … }` when ready; stops on SIGTERM/SIGINT and then
// prints its CPU time.
// Usage: node bench/extender-server.js <nodes> [policy]   (BENCH_SERVER_PROFILE=1: the parent adds --cpu-prof)
import { ClusterState } from '../dist/model/cluster-state.js';
import { createPolicy } from '../dist/policies/registry.js';
import { typicalPods } from '../dist/policies/typical-pods.js';
import { buildApp } from '../dist/server/app.js';
import { syntheticOpenbTrace } from '../dist/traces/synthetic-openb.js';

const [nodeCount = '10000', policyName = 'fgd'] = process.argv.slice(2);
const trace = syntheticOpenbTrace(1, Number(nodeCount));
const state = new ClusterState(trace.nodes);
const typical = typicalPods(trace.pods);
const policy = createPolicy(policyName, { typical });
// As `hyperfleet serve` builds it (in-memory database: the bench measures decisions, not the disk).
const app = buildApp({ state, policy, typical });
const address = await app.listen({ port: 0, host: '127.0.0.1' });
console.log(JSON.stringify({ address, nodes: state.nodeCount, gpus: state.totalGpus, policy: policy.name }));

// The parent asks for the CPU time used so far (to compute CPU per decision, which other load on the machine
// does not inflate the way it inflates wall time).
process.on('message', (m) => {
  if (m === 'cpu') {
    const u = process.cpuUsage();
    process.send({ cpuMs: (u.user + u.system) / 1000 });
  }
});

const stop = () => {
  void app.close().then(() => {
    const u = process.resourceUsage();
    console.log(
      JSON.stringify({
        cpuSec: (u.userCPUTime + u.systemCPUTime) / 1e6,
        peakRssMiB: u.maxRSS / 1024,
        gpuAllocationPercent: app.live.gpuAllocationPercent(),
      }),
    );
    process.disconnect?.();
    process.exit(0);
  });
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
