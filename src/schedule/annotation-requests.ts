/**
 * @module schedule/annotation-requests
 * Device requests written in pod annotations by another scheduler's convention (the resource map's
 * `podAnnotations`), e.g. the openb simulator's and Alibaba's GPU-share scheduler's `alibabacloud.com/gpu-milli`
 * (milli of each GPU), `alibabacloud.com/gpu-count` and `alibabacloud.com/gpu-card-model` (`A|B`). Read only for
 * a pod that asks for no device in hyperfleet's own terms (schedule/kube-pod), so a pod written for both reads
 * the same as before.
 *
 * Why refuse unread hints: a pod whose device request hyperfleet cannot read would otherwise be placed as CPU-only,
 * and its devices would be used twice (issue 15). A device-looking annotation that no convention reads and the map
 * does not `ignore` is therefore refused, naming it and what to configure.
 */
import { ErrorCode, fieldPath, InputError, type InputIssue } from '../errors/index.js';
import { MILLI_PER_DEVICE } from '../model/index.js';
import { looksLikeDeviceRequest } from './device-hints.js';
import type { AnnotationConvention, ResourceModels } from './resource-models.js';

/** hyperfleet's own annotations (read by schedule/kube-pod, or written by its binder). */
const OWN_PREFIX = 'hyperfleet.io/';

/** A device request read from annotations. */
export interface AnnotationRequest {
  readonly gpuCount: number;
  readonly gpuMilli: number;
  readonly gpuTypes: string[];
}

const field = (name: string): string => fieldPath(['metadata', 'annotations', name]);

function wholeNumber(
  annotations: Record<string, string>,
  name: string,
  min: number,
  max: number,
  what: string,
): number {
  const text = annotations[name].trim();
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < min || n > max) {
    throw new InputError(ErrorCode.InvalidPod, {
      field: field(name),
      expected: `${what}, ${min}..${max}`,
      got: annotations[name],
    });
  }
  return n;
}

function readConvention(
  annotations: Record<string, string>,
  c: AnnotationConvention,
): AnnotationRequest | undefined {
  const hasMilli = annotations[c.milli] !== undefined;
  const hasCount = c.count !== undefined && annotations[c.count] !== undefined;
  if (!hasMilli && !hasCount) return undefined;
  const gpuMilli = hasMilli
    ? wholeNumber(annotations, c.milli, 1, MILLI_PER_DEVICE, 'milli of each device')
    : MILLI_PER_DEVICE;
  const gpuCount = hasCount ? wholeNumber(annotations, c.count!, 1, 1024, 'number of devices') : 1;
  const modelText = c.models === undefined ? undefined : annotations[c.models];
  const gpuTypes = (modelText ?? '')
    .split(c.separator)
    .map((t) => t.trim())
    .filter((t) => t !== '');
  return { gpuCount, gpuMilli, gpuTypes };
}

/** The first convention of the map that the pod's annotations use, read; undefined when none is used. */
export function conventionRequest(
  annotations: Record<string, string>,
  models: ResourceModels,
): AnnotationRequest | undefined {
  for (const c of models.podAnnotations) {
    const request = readConvention(annotations, c);
    if (request) return request;
  }
  return undefined;
}

/** The issue for a device-looking annotation that nothing reads (of a pod that asks for no device), if any. */
export function unreadDeviceAnnotation(
  annotations: Record<string, string>,
  models: ResourceModels,
): InputIssue | undefined {
  for (const name of Object.keys(annotations)) {
    if (name.startsWith(OWN_PREFIX) || models.ignores(name) || !looksLikeDeviceRequest(name)) continue;
    return {
      field: field(name),
      message:
        `${name} looks like a device request that hyperfleet cannot read, so it would place the pod as if it ` +
        `asked for no device; ask with a device resource (nvidia.com/gpu, …) or hyperfleet.io/gpu-milli, map the ` +
        `convention in --resource-map (podAnnotations:), or list the annotation under ignore:`,
    };
  }
  return undefined;
}
