/**
 * @module schedule/resource-models
 * The resource map: which device models an extended resource name means (`huawei.com/Ascend910B` → the Ascend
 * 910B), which node labels name a node's device model, and which cloud instance types carry which model. It is
 * data ({@link DEFAULT_RESOURCE_MAP}), merged with a user file (`hyperfleet serve --resource-map FILE`, YAML or
 * JSON) whose entries replace the defaults of the same name (`null` removes one).
 *
 * File format (every section optional):
 * ```yaml
 * resources:                      # extended resource name → what it means
 *   huawei.com/Ascend910B:
 *     vendor: huawei              # a pod may ask for one vendor's devices only
 *     models: [huawei-ascend-910b]  # models a pod asking for it may run on; [] = any (no constraint)
 *     doc: Ascend device plugin (MindX DL) and HAMi
 *   huawei.com/Ascend910-*:       # a trailing * matches a prefix (the longest prefix wins; exact names first)
 *     vendor: huawei
 *     unsupported: not on this cluster   # a pod asking for it is refused with this reason
 *   example.com/gone: null        # removes a default entry
 * productLabels:                  # node label → its values → model; tried in order after hyperfleet.io/gpu-model
 *   nvidia.com/gpu.product:
 *     doc: NVIDIA GPU feature discovery
 *     values: { NVIDIA-H20: nvidia-h20 }
 * instanceTypes:                  # node.kubernetes.io/instance-type value (trailing * allowed) → model
 *   p5.48xlarge: nvidia-h100
 * podAnnotations:                 # device requests written in pod annotations by another scheduler's convention
 *   alibabacloud.com/gpu-share:   # read only when the pod asks for no device through resources or hyperfleet.io/*
 *     milli: alibabacloud.com/gpu-milli     # milli of each device (1..1000)
 *     count: alibabacloud.com/gpu-count     # how many devices (default 1 when milli is given)
 *     models: alibabacloud.com/gpu-card-model  # models the pod accepts, split by `separator` (default ",")
 *     separator: "|"
 * ignore: [example.com/gpu-driver-licence]  # GPU-looking resource or annotation names that request no device
 * ```
 * A pod resource or annotation whose name looks like a device (schedule/device-hints) but that the map neither
 * reads nor ignores is refused: hyperfleet would otherwise place the pod as if it asked for no device.
 * Models are catalog ids where the catalog has the part (`hyperfleet catalog`), else a name of the vendor's part
 * that pods can name in `hyperfleet.io/gpu-model` (e.g. `huawei-ascend-310p`, which the catalog lacks).
 */
import * as z from 'zod';
import { crossFieldRule, isRecord, parseUserDocument, readInputText } from '../input/index.js';

/** What an extended resource name means. */
export interface ResourceModel {
  /** The resource name, or a prefix pattern ending in `*`. */
  readonly resource: string;
  /** Vendor key (lower case); a pod asking for two vendors' resources is refused. */
  readonly vendor: string;
  /** Device models a pod asking for the resource may run on; empty: any model (no constraint). */
  readonly models: readonly string[];
  /** When set, a pod asking for the resource is refused with this reason (partitions hyperfleet cannot model). */
  readonly unsupported?: string;
  readonly doc: string;
}

/** A node label whose value names the node's device model. */
export interface ProductLabel {
  readonly label: string;
  /** Label value → model; a value not listed is used verbatim as the model (with a warning when `values` is not empty). */
  readonly values: Readonly<Record<string, string>>;
  readonly doc: string;
}

/** Device requests in pod annotations, by another scheduler's convention (e.g. the openb simulator's). */
export interface AnnotationConvention {
  readonly name: string;
  /** Annotation holding the milli of each device (1..1000). */
  readonly milli: string;
  /** Annotation holding the number of devices (default 1). */
  readonly count?: string;
  /** Annotation holding the models the pod accepts, split by `separator`. */
  readonly models?: string;
  readonly separator: string;
  readonly doc: string;
}

/** The resource map as the file writes it (also the form of the built-in default); see ResourceMapSchema. */
export type ResourceMapData = z.output<typeof ResourceMapSchema>;

/** The resolved resource map. */
export interface ResourceModels {
  /** Every entry, exact names first, in file order (patterns end in `*`). */
  readonly entries: readonly ResourceModel[];
  readonly productLabels: readonly ProductLabel[];
  /** Instance type (or prefix pattern ending in `*`) → model. */
  readonly instanceTypes: Readonly<Record<string, string>>;
  /** Annotation conventions for device requests, in file order. */
  readonly podAnnotations: readonly AnnotationConvention[];
  /** Whether a resource or annotation name is declared as no device request (`ignore:`). */
  ignores(name: string): boolean;
  /** The entry for a resource name: exact name first, else the longest matching prefix pattern. */
  lookup(resource: string): ResourceModel | undefined;
  /** The model of a cloud instance type, when the map knows it. */
  instanceModel(instanceType: string): string | undefined;
}

/** Node label that names a node's device model explicitly (first in precedence). */
export const GPU_MODEL_LABEL = 'hyperfleet.io/gpu-model';
/** Well-known label of the node's cloud instance type. */
export const INSTANCE_TYPE_LABEL = 'node.kubernetes.io/instance-type';

const NVIDIA_MODELS_DOC = 'NVIDIA k8s-device-plugin (whole GPUs, also time-sliced replicas)';

/**
 * The built-in map. Resource names are the ones the vendors' device plugins advertise (their public plugin
 * repositories and documentation, and HAMi's device configuration for the same vendors); models are catalog ids,
 * except the parts the catalog does not have (named in `doc`).
 */
export const DEFAULT_RESOURCE_MAP: ResourceMapData = {
  resources: {
    'nvidia.com/gpu': {
      vendor: 'nvidia',
      models: [],
      doc: `${NVIDIA_MODELS_DOC}. Any model: the node's model comes from nvidia.com/gpu.product; narrow a pod with the hyperfleet.io/gpu-model annotation`,
    },
    'nvidia.com/mig-*': {
      vendor: 'nvidia',
      models: [],
      doc: 'NVIDIA k8s-device-plugin, MIG mixed strategy (nvidia.com/mig-1g.10gb, …): instances of the profiles the catalog lists per model (schedule/partition-requests)',
    },
    'huawei.com/Ascend910': {
      vendor: 'huawei',
      models: ['huawei-ascend-910b', 'huawei-ascend-910c'],
      doc: 'Huawei Ascend device plugin (MindX DL): Atlas 800/900 training servers advertise every Ascend 910 generation under this name (910A is not in the catalog)',
    },
    'huawei.com/Ascend910B': {
      vendor: 'huawei',
      models: ['huawei-ascend-910b'],
      doc: 'Ascend 910B (HAMi and device plugins that name the generation)',
    },
    'huawei.com/Ascend910C': {
      vendor: 'huawei',
      models: ['huawei-ascend-910c'],
      doc: 'Ascend 910C (device plugins that name the generation)',
    },
    'huawei.com/Ascend310P': {
      vendor: 'huawei',
      models: ['huawei-ascend-310p'],
      doc: 'Ascend 310P inference cards (not in the catalog)',
    },
    'huawei.com/Ascend910-*': {
      vendor: 'huawei',
      models: ['huawei-ascend-910'],
      doc: 'Ascend device plugin, static vNPU templates of the Ascend 910 (huawei.com/Ascend910-2c, -4c, -8c, -16c: AI-core slices of one NPU)',
    },
    'huawei.com/Ascend310P-*': {
      vendor: 'huawei',
      models: ['huawei-ascend-310p'],
      doc: 'Ascend device plugin, static vNPU templates of the 310P (huawei.com/Ascend310P-1c, -2c, -4c)',
    },
    'cambricon.com/mlu': {
      vendor: 'cambricon',
      models: ['cambricon-mlu590', 'cambricon-mlu370'],
      doc: 'Cambricon device plugin (default and env-share modes)',
    },
    'cambricon.com/mlu590': {
      vendor: 'cambricon',
      models: ['cambricon-mlu590'],
      doc: 'Cambricon device plugin, resource named after the card',
    },
    'cambricon.com/mlu370': {
      vendor: 'cambricon',
      models: ['cambricon-mlu370'],
      doc: 'Cambricon device plugin, resource named after the card',
    },
    'aliyun.com/ppu': {
      vendor: 'alibaba',
      models: ['t-head-zhenwu-810e'],
      doc: 'Alibaba T-Head Zhenwu 810E PPU (Alibaba Cloud ACK)',
    },
    'hygon.com/dcunum': {
      vendor: 'hygon',
      models: ['hygon-dcu-k100-ai'],
      doc: 'Hygon DCU device plugin / HAMi (DCU count)',
    },
    'kunlunxin.com/xpu': {
      vendor: 'kunlunxin',
      models: ['kunlunxin-p800'],
      doc: 'Kunlunxin XPU device plugin',
    },
    'metax-tech.com/gpu': {
      vendor: 'metax',
      models: ['metax-c500'],
      doc: 'MetaX GPU device plugin',
    },
    'enflame.com/gcu': {
      vendor: 'enflame',
      models: ['enflame-gcu'],
      doc: 'Enflame GCU device plugin (no Enflame part in the catalog: model enflame-gcu)',
    },
    'iluvatar.ai/gpu': {
      vendor: 'iluvatar',
      models: ['iluvatar-bi-v150', 'iluvatar-bi-v100'],
      doc: 'Iluvatar CoreX GPU device plugin',
    },
    'mthreads.com/gpu': {
      vendor: 'mthreads',
      models: ['moore-threads-mtt-s4000'],
      doc: 'Moore Threads GPU device plugin',
    },
    'alibabacloud.com/gpu-count': {
      vendor: 'nvidia',
      models: [],
      doc: "Alibaba's GPU-share scheduler (openb trace, its Kubernetes simulator): nodes advertise their GPU count; pods ask in the alibabacloud.com/gpu-share annotations",
    },
    'amd.com/gpu': {
      vendor: 'amd',
      models: ['amd-gpu'],
      doc: 'AMD ROCm device plugin (no AMD part in the catalog: model amd-gpu)',
    },
    'intel.com/gpu': {
      vendor: 'intel',
      models: ['intel-gpu'],
      doc: 'Intel GPU device plugin (no Intel part in the catalog: model intel-gpu)',
    },
  },
  productLabels: {
    'nvidia.com/gpu.product': {
      doc: 'NVIDIA GPU feature discovery; -SHARED (time-slicing) and -MIG-… suffixes are ignored',
      values: {
        'NVIDIA-H20': 'nvidia-h20',
        'NVIDIA-H100-80GB-HBM3': 'nvidia-h100',
        'NVIDIA-H200': 'nvidia-h200',
        'NVIDIA-H800': 'nvidia-h800',
        'NVIDIA-A100-SXM4-80GB': 'nvidia-a100',
        'NVIDIA-A800-SXM4-80GB': 'nvidia-a800',
        'NVIDIA-L20': 'nvidia-l20',
        'NVIDIA-L40S': 'nvidia-l40s',
        'NVIDIA-A10': 'nvidia-a10',
        'Tesla-V100-SXM2-16GB': 'nvidia-v100-16gb',
        'Tesla-V100-SXM2-32GB': 'nvidia-v100-32gb',
        'Tesla-T4': 'nvidia-t4',
        'Tesla-P100-SXM2-16GB': 'nvidia-p100',
        'NVIDIA-B200': 'nvidia-b200',
        'NVIDIA-GeForce-RTX-4090': 'nvidia-geforce-rtx-4090',
      },
    },
    'alibabacloud.com/gpu-card-model': {
      doc: "Alibaba's GPU-share convention (openb trace): the openb type name (V100M32, T4, G2, …), used verbatim",
      values: {},
    },
  },
  podAnnotations: {
    'alibabacloud.com/gpu-share': {
      milli: 'alibabacloud.com/gpu-milli',
      count: 'alibabacloud.com/gpu-count',
      models: 'alibabacloud.com/gpu-card-model',
      separator: '|',
      doc: "Alibaba's GPU-share convention (openb trace and the FGD paper's Kubernetes simulator): milli per GPU, GPU count, accepted models A|B",
    },
  },
  // Node-side totals of the GPU-share convention, not requests (a node's alibabacloud.com/gpu-milli = 1000 × GPUs).
  ignore: ['alibabacloud.com/gpu-mem', 'alibabacloud.com/gpu-core.percentage'],
  instanceTypes: {
    'p5.48xlarge': 'nvidia-h100',
    'p4de.24xlarge': 'nvidia-a100',
    'p3dn.24xlarge': 'nvidia-v100-32gb',
    'p3.*': 'nvidia-v100-16gb',
    'g4dn.*': 'nvidia-t4',
    'a3-highgpu-8g': 'nvidia-h100',
    'a2-ultragpu-*': 'nvidia-a100',
  },
};

// ---------------------------------------------------------------------------------------------------------------
// The file's schema: the `error` texts say what a valid value looks like.

/** `domain/name` of an extended resource, optionally ending in `*` (prefix pattern). */
const RESOURCE_NAME = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?\/[A-Za-z0-9]([-A-Za-z0-9_.]*)?\*?$/;

const nonBlank = (expected: string) => z.string({ error: expected }).regex(/\S/, { error: expected });
const doc = z.string({ error: 'text' }).optional();

// An entry that refuses its requests needs no models; any other must say which models it means.
const ResourceEntrySchema = crossFieldRule(
  z.strictObject(
    {
      vendor: nonBlank('a vendor name such as huawei'),
      models: z
        .array(nonBlank('a device model name'), { error: 'a list of device model names ([] = any)' })
        .optional(),
      unsupported: nonBlank('the reason such requests are refused').optional(),
      doc,
    },
    { error: 'a mapping with vendor, models, doc (or null to remove)' },
  ),
  (entry, report) => {
    if (isRecord(entry) && entry.models === undefined && entry.unsupported === undefined) {
      report({ path: ['models'], message: 'missing', expected: 'a list of device models ([] = any)' });
    }
  },
);

const ProductLabelSchema = z.strictObject(
  {
    values: z
      .record(z.string(), nonBlank('a device model name'), { error: 'a mapping of label value → model' })
      .nullable()
      .optional(),
    doc,
  },
  { error: 'a mapping with values and doc (or null to remove)' },
);

/** A section: names → entries, `null` removing the default entry of that name. */
const AnnotationConventionSchema = z.strictObject(
  {
    milli: nonBlank('the annotation holding the milli of each device'),
    count: nonBlank('the annotation holding the number of devices').optional(),
    models: nonBlank('the annotation holding the accepted device models').optional(),
    separator: z.string({ error: 'the text between two models, e.g. "|"' }).min(1).optional(),
    doc,
  },
  { error: 'a mapping with milli, count, models, separator, doc (or null to remove)' },
);

const section = <K extends z.core.$ZodRecordKey, V extends z.ZodType>(key: K, entry: V) =>
  z.record(key, entry.nullable(), { error: 'a mapping' }).nullable().optional();

const ResourceMapSchema = z.strictObject(
  {
    resources: section(
      z.string().regex(RESOURCE_NAME, {
        error: 'an extended resource name domain/name (e.g. huawei.com/Ascend910B), optionally ending in *',
      }),
      ResourceEntrySchema,
    ),
    productLabels: section(z.string(), ProductLabelSchema),
    instanceTypes: section(z.string(), nonBlank('a device model name (or null to remove)')),
    podAnnotations: section(z.string(), AnnotationConventionSchema),
    ignore: z
      .array(nonBlank('a resource or annotation name'), { error: 'a list of resource or annotation names' })
      .optional(),
  },
  { error: 'a mapping with resources, productLabels, instanceTypes, podAnnotations and/or ignore' },
);

/** Matches `name` against exact keys first, then prefix patterns (`…*`), longest first. */
function matcher<T>(entries: readonly (readonly [string, T])[]): (name: string) => T | undefined {
  const exact = new Map<string, T>();
  const prefixes: [string, T][] = [];
  for (const [key, value] of entries) {
    if (key.endsWith('*')) prefixes.push([key.slice(0, -1), value]);
    else exact.set(key, value);
  }
  prefixes.sort((a, b) => b[0].length - a[0].length);
  return (name) => exact.get(name) ?? prefixes.find(([p]) => name.startsWith(p))?.[1];
}

/** Merges layers (later ones replace entries of the same name; `null` removes) into a {@link ResourceModels}. */
export function buildResourceModels(...layers: readonly ResourceMapData[]): ResourceModels {
  const resources = new Map<string, ResourceModel>();
  const labels = new Map<string, ProductLabel>();
  const types = new Map<string, string>();
  const conventions = new Map<string, AnnotationConvention>();
  const ignored = new Set<string>();
  for (const layer of layers) {
    for (const [name, e] of Object.entries(layer.podAnnotations ?? {})) {
      conventions.delete(name);
      if (e === null) continue;
      const { milli, count, models, separator, doc } = e;
      conventions.set(name, { name, milli, count, models, separator: separator ?? ',', doc: doc ?? '' });
    }
    for (const name of layer.ignore ?? []) ignored.add(name.trim());
    for (const [name, e] of Object.entries(layer.resources ?? {})) {
      resources.delete(name);
      if (e === null) continue;
      const entry: ResourceModel = {
        resource: name,
        vendor: e.vendor.trim().toLowerCase(),
        models: (e.models ?? []).map((m) => m.trim()),
        doc: e.doc ?? '',
        ...(e.unsupported !== undefined ? { unsupported: e.unsupported } : {}),
      };
      resources.set(name, entry);
    }
    for (const [label, e] of Object.entries(layer.productLabels ?? {})) {
      labels.delete(label);
      if (e !== null) labels.set(label, { label, values: { ...(e.values ?? {}) }, doc: e.doc ?? '' });
    }
    for (const [type, model] of Object.entries(layer.instanceTypes ?? {})) {
      types.delete(type);
      if (model !== null) types.set(type, model.trim());
    }
  }
  const entries = [...resources.values()].sort(
    (a, b) => Number(a.resource.endsWith('*')) - Number(b.resource.endsWith('*')),
  );
  const lookup = matcher(entries.map((e) => [e.resource, e] as const));
  const instance = matcher([...types.entries()]);
  return {
    entries,
    productLabels: [...labels.values()],
    instanceTypes: Object.fromEntries(types),
    podAnnotations: [...conventions.values()],
    ignores: (name) => ignored.has(name),
    lookup,
    instanceModel: instance,
  };
}

/** The built-in map alone. */
export const DEFAULT_RESOURCE_MODELS: ResourceModels = buildResourceModels(DEFAULT_RESOURCE_MAP);

/**
 * The built-in map, merged with the user's file when one is given (`--resource-map FILE`). Throws an
 * {@link InputError} naming file, line and field for a malformed file.
 */
export async function loadResourceModels(file?: string): Promise<ResourceModels> {
  if (file === undefined) return DEFAULT_RESOURCE_MODELS;
  const text = readInputText(file, { what: 'a resource map, YAML or JSON' });
  return buildResourceModels(DEFAULT_RESOURCE_MAP, parseResourceMapText(text, file));
}

/** Parses and validates resource-map text (YAML, or JSON which YAML reads too); `file` names it in messages. */
export function parseResourceMapText(text: string, file: string): ResourceMapData {
  return parseUserDocument(text, file, ResourceMapSchema, {
    syntax: 'yaml',
    what: 'a resource map with resources, productLabels, instanceTypes, podAnnotations and/or ignore',
  });
}
