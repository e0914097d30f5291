/**
 * @module catalog/vnpu-templates
 * Huawei Ascend static vNPU templates as fixed partitions of one NPU's AI cores, in the same `partitions` model as
 * MIG profiles (catalog/sharing): a template of `c` AI cores out of `C` is worth ⌈c / C × 1000⌉ milli.
 *
 * Ascend's device plugin (MindX DL) advertises a static vNPU as `huawei.com/<chip>-<c>c`, the suffix of its
 * template (`vir02` → `huawei.com/Ascend910-2c`). The profiles here are named by that suffix (`2c`) so a pod's
 * resource names its profile directly. Only the plain templates are listed: the 310P's AI-CPU and media variants
 * (`vir02_1c` → `-2c.1cpu`, `vir04_3c`, `vir04_3c_ndvpp`, `vir04_4c_dvpp`) and the Atlas A2 (910B) templates
 * (`vir05_1c_16g`, `vir10_3c_32g`, …, whose advertised names vary with the 910B sub-SKU) are not modelled, so a pod
 * asking for one is refused by name rather than placed on a guess.
 *
 * The chips are not in the accelerator catalog (the first-generation Ascend 910 and the 310P inference card); their
 * model names are the ones the resource map uses (`huawei-ascend-910`, `huawei-ascend-310p`).
 */
import { sliceProfiles, type Sharing } from './sharing.js';

const MINDX_VNPU =
  'https://www.hiascend.com/document/detail/zh/mindx-dl/ (MindX DL, 虚拟化实例模板 / static vNPU templates)';
const HAMI_ASCEND =
  'https://github.com/Project-HAMi/HAMi (charts/hami/templates/scheduler/device-configmap.yaml, vnpus)';

/** Static vNPU templates per Ascend chip model, by the model name the resource map gives its nodes. */
export const ASCEND_VNPU_SHARING: Readonly<Record<string, Sharing>> = {
  'huawei-ascend-910': {
    kind: 'partitions',
    scheme: 'vNPU templates',
    slices: 32,
    // vir02/04/08/16: 2, 4, 8, 16 of the chip's 32 AI cores, with as many GB of its 32 GB HBM.
    profiles: sliceProfiles(32, [
      ['2c', 2, 2],
      ['4c', 4, 4],
      ['8c', 8, 8],
      ['16c', 16, 16],
    ]),
    sources: [MINDX_VNPU],
    why: 'static vNPU templates vir02, vir04, vir08, vir16 of the Ascend 910 (32 AI cores, 32 GB)',
  },
  'huawei-ascend-310p': {
    kind: 'partitions',
    scheme: 'vNPU templates',
    slices: 8,
    // vir01/02/04: 1, 2, 4 of the card's 8 AI cores, with 3, 6, 12 GB of its 24 GB.
    profiles: sliceProfiles(8, [
      ['1c', 1, 3],
      ['2c', 2, 6],
      ['4c', 4, 12],
    ]),
    sources: [MINDX_VNPU, HAMI_ASCEND],
    why: 'static vNPU templates vir01, vir02, vir04 of the Ascend 310P (8 AI cores, 24 GB)',
  },
};
