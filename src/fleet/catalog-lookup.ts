/**
 * @module fleet/catalog-lookup
 * The little the fleet code needs from the accelerator catalog: which ids exist, and (for summaries only) each
 * model's TDP and unit price. Defined here so fleet files can be validated before the catalog module exists; the
 * real catalog satisfies it structurally or through a one-line adapter.
 */

/** Figures of one catalog entry used by fleet summaries; `null` means the catalog has no sourced figure. */
export interface CatalogFigures {
  /** Rated board power, W (the value the power model uses where the sources give a range). */
  readonly tdpW: number | null;
  /** Unit price, USD (the value the cost model uses where the sources give a range). */
  readonly priceUsd: number | null;
}

export interface CatalogLookup {
  has(id: string): boolean;
  /** Every id, for "did you mean" hints. */
  ids(): readonly string[];
  /** Figures of an entry (optional: without it summaries show TDP and catalog prices as unknown). */
  get?(id: string): CatalogFigures | undefined;
}

/** A lookup over a fixed table of ids (tests, and a stand-in until the real catalog is wired in). */
export function catalogFromTable(table: Readonly<Record<string, CatalogFigures | null>>): CatalogLookup {
  const ids = Object.keys(table).sort();
  return {
    has: (id) => Object.hasOwn(table, id),
    ids: () => ids,
    get: (id) => (Object.hasOwn(table, id) ? (table[id] ?? { tdpW: null, priceUsd: null }) : undefined),
  };
}
