#!/bin/bash
# hami-simon.sh: the SIMON of ../shared/tools/kube-scheduler/run.sh for HAMi-shaped clusters (issue 15 item 3).
#
# run.sh writes the cluster folder with the harness's generator (Alibaba's GPU-share objects), then runs
# "$SIMON apply … -f WORKDIR/cc.yaml --default-scheduler-config WORKDIR/sc.yaml" from WORKDIR. This wrapper, given
# as SIMON, first puts the HAMi-shaped cluster files of HF_HAMI_CLUSTER (test/support/hami-kube-cluster.ts) in
# place of the harness's, and adds to sc.yaml what HAMi's scheduler configuration does for the resources no node
# advertises (its extender's managedResources with ignoredByScheduler): NodeResourcesFit ignores them. Then it
# runs the simulator HF_REAL_SIMON with the same arguments. Everything else (configuration, log, placements) is
# run.sh's.
set -euo pipefail
: "${HF_HAMI_CLUSTER:?the HAMi cluster folder}" "${HF_REAL_SIMON:?the simulator binary}"
cp "$HF_HAMI_CLUSTER/nodes.yaml" "$HF_HAMI_CLUSTER/pods.yaml" cluster/
anchor='- {name: Open-Gpu-Share, args:'
grep -qF -- "$anchor" sc.yaml || { echo "hami-simon.sh: no '$anchor' line in sc.yaml" >&2; exit 2; }
sed -i "/$anchor/a\\      - {name: NodeResourcesFit, args: {ignoredResources: [nvidia.com/gpumem-percentage, nvidia.com/gpucores]}}" sc.yaml
exec "$HF_REAL_SIMON" "$@"
