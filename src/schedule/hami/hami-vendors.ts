/**
 * @module schedule/hami/hami-vendors
 * HAMi's per-vendor names, as data: the node annotations its device plugins register devices in, the pod
 * resources and annotations a pod asks with, and the pod annotations its device plugins read after a decision.
 *
 * The names follow HAMi's public documentation and device code at v2.x as known to the author (no HAMi source or
 * cluster is available to check them here). NVIDIA's and Hygon's are the ones HAMi's "Protocol design" page and
 * examples use; for the other vendors `sure: false` marks names that are recalled rather than verified — a table
 * entry, not code, is what needs correcting if one is wrong (docs/hami.md lists them).
 */

/** One vendor (or, for Ascend, one chip family: HAMi configures each Ascend chip as its own device type). */
export interface HamiVendor {
  /** Vendor key, as the resource map names vendors. */
  readonly vendor: string;
  /** Node annotation the device plugin registers the devices in. */
  readonly registerAnnotation: string;
  /** Node annotation of the plugin/scheduler handshake (`Reported …`, `Requesting_…`, `Deleted_…`). */
  readonly handshakeAnnotation: string;
  /** Pod resource: number of virtual devices (each on a distinct physical device). */
  readonly countResource: string;
  /** Pod resource: device memory of each virtual device, in units of `memoryUnitMiB`. */
  readonly memoryResource?: string;
  readonly memoryUnitMiB: number;
  /** Pod resource: device memory of each virtual device, percent of the device's. */
  readonly memoryPercentResource?: string;
  /** Pod resource: compute of each virtual device, percent of the device's cores. */
  readonly coresResource?: string;
  /** Pod annotations: device types to use / not use (comma lists; a device matches when its type contains one). */
  readonly useType?: string;
  readonly noUseType?: string;
  /** Pod annotations: device UUIDs to use / not use. */
  readonly useUuid?: string;
  readonly noUseUuid?: string;
  /** Pod annotations HAMi's scheduler writes and the vendor's device plugin reads. */
  readonly toAllocateAnnotation: string;
  readonly allocatedAnnotation: string;
  /** The `Type` field written in the allocation for each device (HAMi's device-type constant). */
  readonly allocationType: string;
  /** Device type (register `type` field, contains-match) → model id; first match wins. */
  readonly models: readonly (readonly [string, string])[];
  /** Whether the names above are verified against HAMi's docs (false: recalled, see module comment). */
  readonly sure: boolean;
}

/** Pod annotations HAMi's scheduler writes for every vendor. */
export const HAMI_NODE_ANNOTATION = 'hami.io/vgpu-node';
export const HAMI_TIME_ANNOTATION = 'hami.io/vgpu-time';
export const HAMI_BIND_TIME_ANNOTATION = 'hami.io/bind-time';
export const HAMI_BIND_PHASE_ANNOTATION = 'hami.io/bind-phase';
/** The bind phase the device plugin looks for: the pod is bound and waits for its devices. */
export const HAMI_BIND_PHASE_ALLOCATING = 'allocating';

const ascend = (chip: string, model: string): HamiVendor => ({
  vendor: 'huawei',
  registerAnnotation: `hami.io/node-register-${chip}`,
  handshakeAnnotation: `hami.io/node-handshake-${chip}`,
  countResource: `huawei.com/${chip}`,
  memoryResource: `huawei.com/${chip}-memory`,
  memoryUnitMiB: 1,
  toAllocateAnnotation: `hami.io/${chip}-devices-to-allocate`,
  allocatedAnnotation: `hami.io/${chip}-devices-allocated`,
  allocationType: chip,
  models: [[chip, model]],
  sure: true,
});

/** Every vendor HAMi supports, in the order nodes are searched for registrations. */
export const HAMI_VENDORS: readonly HamiVendor[] = [
  {
    vendor: 'nvidia',
    registerAnnotation: 'hami.io/node-nvidia-register',
    handshakeAnnotation: 'hami.io/node-handshake',
    countResource: 'nvidia.com/gpu',
    memoryResource: 'nvidia.com/gpumem',
    memoryUnitMiB: 1,
    memoryPercentResource: 'nvidia.com/gpumem-percentage',
    coresResource: 'nvidia.com/gpucores',
    useType: 'nvidia.com/use-gputype',
    noUseType: 'nvidia.com/nouse-gputype',
    useUuid: 'nvidia.com/use-gpuuuid',
    noUseUuid: 'nvidia.com/nouse-gpuuuid',
    toAllocateAnnotation: 'hami.io/vgpu-devices-to-allocate',
    allocatedAnnotation: 'hami.io/vgpu-devices-allocated',
    allocationType: 'NVIDIA',
    // NVIDIA types are mapped through the resource map's nvidia.com/gpu.product table first (hami-node).
    models: [],
    sure: true,
  },
  ascend('Ascend910B', 'huawei-ascend-910b'),
  ascend('Ascend910C', 'huawei-ascend-910c'),
  ascend('Ascend310P', 'huawei-ascend-310p'),
  {
    vendor: 'cambricon',
    registerAnnotation: 'hami.io/node-mlu-register',
    handshakeAnnotation: 'hami.io/node-handshake-mlu',
    countResource: 'cambricon.com/vmlu',
    memoryResource: 'cambricon.com/mlu.smlu.vmemory',
    memoryUnitMiB: 1,
    coresResource: 'cambricon.com/mlu.smlu.vcore',
    useType: 'cambricon.com/use-mlutype',
    noUseType: 'cambricon.com/nouse-mlutype',
    toAllocateAnnotation: 'hami.io/cambricon-mlu-devices-to-allocate',
    allocatedAnnotation: 'hami.io/cambricon-mlu-devices-allocated',
    allocationType: 'MLU',
    models: [
      ['MLU590', 'cambricon-mlu590'],
      ['MLU370', 'cambricon-mlu370'],
    ],
    sure: false,
  },
  {
    vendor: 'hygon',
    registerAnnotation: 'hami.io/node-dcu-register',
    handshakeAnnotation: 'hami.io/node-handshake-dcu',
    countResource: 'hygon.com/dcunum',
    memoryResource: 'hygon.com/dcumem',
    memoryUnitMiB: 1,
    coresResource: 'hygon.com/dcucores',
    useType: 'hygon.com/use-dcutype',
    noUseType: 'hygon.com/nouse-dcutype',
    useUuid: 'hygon.com/use-gpuuuid',
    noUseUuid: 'hygon.com/nouse-gpuuuid',
    toAllocateAnnotation: 'hami.io/dcu-devices-to-allocate',
    allocatedAnnotation: 'hami.io/dcu-devices-allocated',
    allocationType: 'DCU',
    models: [['K100', 'hygon-dcu-k100-ai']],
    sure: true,
  },
  {
    vendor: 'metax',
    registerAnnotation: 'hami.io/node-metax-sgpu-register',
    handshakeAnnotation: 'hami.io/node-handshake-metax-sgpu',
    countResource: 'metax-tech.com/sgpu',
    memoryResource: 'metax-tech.com/vmemory',
    memoryUnitMiB: 1,
    coresResource: 'metax-tech.com/vcore',
    toAllocateAnnotation: 'hami.io/metax-sgpu-devices-to-allocate',
    allocatedAnnotation: 'hami.io/metax-sgpu-devices-allocated',
    allocationType: 'MetaX-SGPU',
    models: [['C500', 'metax-c500']],
    sure: false,
  },
  {
    vendor: 'kunlunxin',
    registerAnnotation: 'hami.io/node-kunlun-register',
    handshakeAnnotation: 'hami.io/node-handshake-kunlun',
    countResource: 'kunlunxin.com/vxpu',
    memoryResource: 'kunlunxin.com/vxpu-memory',
    memoryUnitMiB: 1,
    toAllocateAnnotation: 'hami.io/kunlun-devices-to-allocate',
    allocatedAnnotation: 'hami.io/kunlun-devices-allocated',
    allocationType: 'Kunlun',
    models: [['P800', 'kunlunxin-p800']],
    sure: false,
  },
  {
    vendor: 'iluvatar',
    registerAnnotation: 'hami.io/node-iluvatar-register',
    handshakeAnnotation: 'hami.io/node-handshake-ilu',
    countResource: 'iluvatar.ai/vgpu',
    memoryResource: 'iluvatar.ai/vcuda-memory',
    // Iluvatar's plugin counts memory in 256 MiB blocks.
    memoryUnitMiB: 256,
    coresResource: 'iluvatar.ai/vcuda-core',
    toAllocateAnnotation: 'hami.io/iluvatar-vgpu-devices-to-allocate',
    allocatedAnnotation: 'hami.io/iluvatar-vgpu-devices-allocated',
    allocationType: 'Iluvatar',
    models: [
      ['BI-V150', 'iluvatar-bi-v150'],
      ['BI-V100', 'iluvatar-bi-v100'],
    ],
    sure: false,
  },
  {
    vendor: 'mthreads',
    registerAnnotation: 'hami.io/node-mthreads-register',
    handshakeAnnotation: 'hami.io/node-handshake-mthreads',
    countResource: 'mthreads.com/vgpu',
    memoryResource: 'mthreads.com/sgpu-memory',
    // Moore Threads' plugin counts memory in 512 MiB blocks.
    memoryUnitMiB: 512,
    coresResource: 'mthreads.com/sgpu-core',
    toAllocateAnnotation: 'hami.io/mthreads-vgpu-devices-to-allocate',
    allocatedAnnotation: 'hami.io/mthreads-vgpu-devices-allocated',
    allocationType: 'Mthreads',
    models: [['S4000', 'moore-threads-mtt-s4000']],
    sure: false,
  },
  {
    vendor: 'enflame',
    registerAnnotation: 'hami.io/node-enflame-register',
    handshakeAnnotation: 'hami.io/node-handshake-enflame',
    countResource: 'enflame.com/vgcu',
    memoryPercentResource: 'enflame.com/vgcu-percentage',
    memoryUnitMiB: 1,
    toAllocateAnnotation: 'hami.io/enflame-vgpu-devices-to-allocate',
    allocatedAnnotation: 'hami.io/enflame-vgpu-devices-allocated',
    allocationType: 'Enflame',
    models: [],
    sure: false,
  },
];

/** Every pod resource name the vendors' requests use (count, memory, memory percent, cores). */
export function vendorResources(v: HamiVendor): string[] {
  return [v.countResource, v.memoryResource, v.memoryPercentResource, v.coresResource].filter(
    (r): r is string => r !== undefined,
  );
}

/** Every pod annotation name a vendor's requests use (type and UUID selection). */
export function vendorPodAnnotations(v: HamiVendor): string[] {
  return [v.useType, v.noUseType, v.useUuid, v.noUseUuid].filter((a): a is string => a !== undefined);
}
