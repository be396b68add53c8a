// The ways outcomes are broken down (domain.md §7: every indicator by sex, age band, disability,
// displacement status, oblast, sector, modality, partner and funding source, each with its
// denominator; issue 11 adds start-up vs existing for the survival comparison). Pure and free of
// server code: the page uses the same lists for its labels.
import { displacementStatuses, sexes } from "../../../db/enums";

export const dimensions = ["sex", "ageBand", "disability", "displacement", "oblast", "sector", "modality", "partner", "fundingSource", "kind"] as const;
export type Dimension = (typeof dimensions)[number];

/** What the survival curve compares (one line per group), or "none" for one line. */
export const comparisons = ["none", "displacement", "sex", "modality", "sector", "partner", "kind"] as const;
export type Comparison = (typeof comparisons)[number];

export const modalities = ["in_kind", "cash", "mixed"] as const;
export type Modality = (typeof modalities)[number];

/** The donors' age bands (domain.md §6); owners are adults, so "<18" is not a category. */
export const ownerAgeBands = ["18-24", "25-34", "35-49", "50-59", "60+"] as const;

/** Every business carries one category per dimension; `unknown` where the record does not say. */
export const unknownCategory = "unknown";

/**
 * Categories shown even when no business falls in them (a zero is information); the data-driven
 * dimensions (oblast, sector, partner, funding source) list what the cohort holds.
 */
export const fixedCategories: Partial<Record<Dimension, readonly string[]>> = {
  sex: sexes,
  ageBand: ownerAgeBands,
  disability: ["yes", "no"],
  displacement: displacementStatuses,
  modality: modalities,
  kind: ["startup", "existing"],
};

/** The dimensions the donor report carries (issue 11 §4). */
export const donorDimensions = ["sex", "ageBand", "disability", "displacement", "oblast"] as const satisfies readonly Dimension[];

export function comparisonDimension(compare: Comparison): Dimension | null {
  return compare === "none" ? null : compare;
}
