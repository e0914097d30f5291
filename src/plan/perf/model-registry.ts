/**
 * @module plan/perf/model-registry
 * The models a perf query may name: the built-ins, with a `--model-file` adding models or replacing a built-in
 * of the same id (YAML or JSON: `models: [ { id, name, totalParamsB, … } ]`). An unknown id is a clear error with
 * the closest ids.
 */
import * as z from 'zod';
import { ErrorCode, InputError } from '../../errors/index.js';
import { closest } from '../../input/index.js';
import { BUILTIN_MODELS } from './builtin-models.js';
import { ModelSpecSchema, type ModelSpec } from './model-spec.js';
import { readPerfFile } from './user-file.js';

const ModelFileSchema = z.strictObject({
  models: z.array(ModelSpecSchema, { error: 'a list of models' }).min(1, { error: 'at least one model' }),
});

export type ModelRegistry = ReadonlyMap<string, ModelSpec>;

/** The built-in models, merged with those of `file` when given (a file's entry wins over a built-in's). */
export function loadModels(file?: string): ModelRegistry {
  const models = new Map(BUILTIN_MODELS.map((m) => [m.id, m]));
  if (file !== undefined) {
    const parsed = readPerfFile(
      file,
      ModelFileSchema,
      'a model file such as models: [ { id: my-model, … } ]',
    );
    for (const m of parsed.models) models.set(m.id, m);
  }
  return models;
}

/** The model `id`, or an {@link InputError} naming the closest ids. */
export function getModel(models: ModelRegistry, id: string, field = '--model'): ModelSpec {
  const m = models.get(id);
  if (m) return m;
  const near = closest(id, models.keys(), 3);
  throw new InputError(ErrorCode.InvalidOption, {
    field,
    message: 'unknown model',
    expected:
      near.length > 0
        ? `a model id (closest: ${near.join(', ')})`
        : `one of ${[...models.keys()].join(', ')}, or a model of a --model-file`,
    got: id,
  });
}
