/**
 * @module schedule/kube/kube-evictor
 * Evicts a pod through the Kubernetes Eviction API (`policy/v1` Eviction, the pod's `eviction` subresource), as a
 * defrag execution moves it: unlike a delete, the API server honours PodDisruptionBudgets and refuses (429) an
 * eviction that would break one. Needs RBAC `pods/eviction create`.
 */
import { CoreV1Api, type KubeConfig } from '@kubernetes/client-node';
import { describeKubeError } from './kube-config.js';

export class KubeEvictor {
  private readonly api: CoreV1Api;
  private readonly server: string | undefined;

  constructor(kubeconfig: KubeConfig) {
    this.api = kubeconfig.makeApiClient(CoreV1Api);
    this.server = kubeconfig.getCurrentCluster()?.server;
  }

  /** Throws a KubeApiError saying what the API server answered (e.g. 429 when a PodDisruptionBudget refuses). */
  async evict(namespace: string, name: string): Promise<void> {
    try {
      await this.api.createNamespacedPodEviction({
        name,
        namespace,
        body: { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name, namespace } },
      });
    } catch (e) {
      throw describeKubeError(`evict pod ${namespace}/${name}`, e, this.server);
    }
  }
}
