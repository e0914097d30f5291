/**
 * @module plan/demand/demand-request
 * A demand sent as data (the body of `POST /v1/plans`) rather than a file: the same fields and checks as a demand
 * file (demand-file, with its catalog and model checks), but `existing` is an inline fleet document, never a path,
 * and a training line's `workload` is a synthetic spec of bounded size, never a file.
 * Problems are issues located by JSON path under `at` (`demand.chips.0.accelerator`, the API's spelling) — a request has no lines.
 * What it returns is plain text, so a worker thread can read the same demand again.
 */
import type { Catalog } from '../../catalog/index.js';
import { InputError, isInputError, nestedField } from '../../errors/index.js';
import { type Fleet, parseFleetText } from '../../fleet/index.js';
import { UserDocument, type PathIssue } from '../../input/index.js';
import type { Demand } from './demand.js';
import { parseDemandText, type DemandReadOptions } from './demand-file.js';

/** The name a request's demand goes by in results and messages (`.json`: it is read as JSON). */
export const DEMAND_REQUEST_NAME = 'demand.json';
const FLEET_REQUEST_NAME = 'fleet.json';

/** A demand request as text: the demand without `existing`, the inline fleet, if any, and where it sits. */
export interface DemandRequest {
  readonly demandText: string;
  readonly existingFleetText?: string;
  /** The JSON path of the demand in the request (`demand`): issues are located under it. */
  readonly at: string;
}

/** The request's demand as text, its inline fleet apart; `at` is its JSON path in the request. */
export function demandRequest(data: Readonly<Record<string, unknown>>, at: string): DemandRequest {
  const { existing, ...demand } = data;
  return {
    demandText: JSON.stringify(demand),
    ...(existing !== undefined ? { existingFleetText: JSON.stringify(existing) } : {}),
    at,
  };
}

/**
 * Reads a demand request as {@link parseDemandText} reads a file; an InputError's issues are located by JSON path
 * under `at` instead of by file and line.
 */
export async function parseDemandRequest(
  request: DemandRequest,
  catalog: Catalog,
  options: Pick<DemandReadOptions, 'check'> = {},
): Promise<Demand> {
  const { at } = request;
  let existingFleet: Fleet | undefined;
  if (request.existingFleetText !== undefined) {
    existingFleet = located(join(at, 'existing'), () =>
      parseFleetText(request.existingFleetText as string, FLEET_REQUEST_NAME, catalog),
    );
  }
  try {
    return await parseDemandText(request.demandText, DEMAND_REQUEST_NAME, catalog, {
      ...(options.check !== undefined ? { check: options.check } : {}),
      fromRequest: true,
      ...(existingFleet !== undefined ? { existingFleet } : {}),
    });
  } catch (e) {
    throw relocated(e, at);
  }
}

/** Throws `issues` (paths in the demand) located by JSON path under the request's `at`. */
export function failInDemandRequest(request: DemandRequest, issues: readonly PathIssue[]): never {
  const doc = UserDocument.parse(request.demandText, DEMAND_REQUEST_NAME, {
    syntax: 'json',
    what: 'a demand',
  });
  return located(request.at, () => doc.fail(issues));
}

function located<T>(at: string, step: () => T): T {
  try {
    return step();
  } catch (e) {
    throw relocated(e, at);
  }
}

/** An InputError's issues without file and line, their fields under `at`; anything else as it is. */
function relocated(e: unknown, at: string): unknown {
  if (!isInputError(e)) return e;
  return new InputError(
    e.code,
    e.issues.map(({ file: _file, line: _line, field, ...issue }) => ({
      ...issue,
      field: join(at, field ?? ''),
    })),
  );
}

/** `chips[1].accelerator` (a file's spelling) under `demand`, as request fields are named: `demand.chips.1.accelerator`. */
function join(at: string, field: string): string {
  return nestedField(at, field.replace(/\[(\d+)\]/g, '.$1').replace(/^\./, ''));
}
