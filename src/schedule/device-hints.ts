/**
 * @module schedule/device-hints
 * Whether a pod's resource or annotation name looks like a request for an accelerator. Why: a request hyperfleet
 * cannot read would otherwise be taken as "no device", and the pod placed as CPU-only on a node whose devices it
 * then competes for unseen (issue 15: Alibaba's `alibabacloud.com/gpu-*` annotations read as CPU-only pods). Such
 * a name is refused with what to configure, unless the resource map reads it or lists it under `ignore:`.
 */

/** Device words in the name part (after the `/`) of a resource or annotation: gpu, vgpu, npu, mlu, xpu, … */
const DEVICE_WORD =
  /(^|[^a-z])(v?gpu(s|mem\w*|cores?|memory\w*)?|v?npus?|mlus?|xpus?|dcus?|gcus?|ppus?|tpus?|ascend\w*|vcuda\w*|accelerators?)([^a-z]|$)/i;

/** Whether `name` (`domain/name` or a bare name) looks like a request for an accelerator device. */
export function looksLikeDeviceRequest(name: string): boolean {
  const slash = name.lastIndexOf('/');
  return DEVICE_WORD.test(slash >= 0 ? name.slice(slash + 1) : name);
}
