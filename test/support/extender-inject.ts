/**
 * @module test/support/extender-inject
 * kube-scheduler's part against an in-process app (Fastify inject): a JSON call, and the filter → bind cycle of
 * one pod, for the route tests that fill a fleet through the extender.
 */
import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import type { Pod } from '../../src/schedule/kube-pod.js';

export async function injectJson(
  app: FastifyInstance,
  method: 'GET' | 'POST',
  url: string,
  payload?: unknown,
) {
  const res = await app.inject({ method, url, payload: payload as object });
  return { status: res.statusCode, body: res.json() };
}

/** Filters `pod` on `nodes` and binds it where filter chose; the node, or undefined when none passed. */
export async function filterAndBind(
  app: FastifyInstance,
  pod: Pod,
  nodes: string[],
): Promise<string | undefined> {
  const f = await injectJson(app, 'POST', '/extender/filter', { Pod: pod, NodeNames: nodes });
  const node: string | undefined = f.body.NodeNames?.[0];
  if (node === undefined) return undefined;
  const { name, uid, namespace } = pod.metadata;
  const b = await injectJson(app, 'POST', '/extender/bind', {
    PodName: name,
    PodNamespace: namespace ?? 'default',
    PodUID: uid,
    Node: node,
  });
  expect(b.body.Error).toBe('');
  return node;
}
