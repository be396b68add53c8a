// Re-migration (domain.md §7): at each visit the owner's place of residence is recorded; the rate
// moved abroad counts each owner once, by their latest known status, over the owners whose status
// is known — the seed documents' "only 2% returned abroad" is this figure.
import { compareIsoDates, type IsoDate } from "~/lib/kyiv-date";

export type Residence = "same_hromada" | "within_ukraine" | "abroad" | "unknown";

export interface ResidenceReport {
  date: IsoDate;
  residence: Residence;
  /** For a move within Ukraine: the oblast P-code of the new hromada. */
  destinationOblastPcode?: string | null;
}

export interface RemigrationSummary {
  owners: number;
  /** Owners with at least one known residence: the rate's denominator. */
  knownStatus: number;
  abroad: number;
  rateAbroad: number | null;
  withinUkraine: number;
  sameHromada: number;
  /** Owners whose latest known status is a move within Ukraine, by destination oblast (most first). */
  withinUkraineByOblast: { oblastPcode: string | null; owners: number }[];
}

/** The latest visit whose residence is known ("unknown" tells nothing new), or null. */
export function latestKnownResidence(reports: readonly ResidenceReport[]): ResidenceReport | null {
  let latest: ResidenceReport | null = null;
  for (const report of reports) {
    if (report.residence === "unknown") continue;
    if (!latest || compareIsoDates(report.date, latest.date) >= 0) latest = report;
  }
  return latest;
}

/**
 * Rate moved abroad = owners whose latest known status is abroad ÷ owners with a known status
 * (domain.md §7), with both counts; moves within Ukraine by oblast of destination. One entry of
 * `owners` per owner: that owner's residence reports across visits.
 */
export function summariseRemigration(owners: readonly (readonly ResidenceReport[])[]): RemigrationSummary {
  return summariseLatestResidences(owners.map(latestKnownResidence));
}

/** Where an owner lives by their latest known report (what the summary reads of it). */
export type LatestResidence = Pick<ResidenceReport, "residence" | "destinationOblastPcode">;

/** The same from each owner's latest known residence already found (null: none known). */
export function summariseLatestResidences(owners: readonly (LatestResidence | null)[]): RemigrationSummary {
  const latest = owners.filter((r): r is LatestResidence => r !== null);
  const count = (residence: Residence) => latest.filter((r) => r.residence === residence).length;
  const byOblast = new Map<string | null, number>();
  for (const r of latest) {
    if (r.residence !== "within_ukraine") continue;
    const oblast = r.destinationOblastPcode ?? null;
    byOblast.set(oblast, (byOblast.get(oblast) ?? 0) + 1);
  }
  const abroad = count("abroad");
  return {
    owners: owners.length,
    knownStatus: latest.length,
    abroad,
    rateAbroad: latest.length === 0 ? null : abroad / latest.length,
    withinUkraine: count("within_ukraine"),
    sameHromada: count("same_hromada"),
    withinUkraineByOblast: [...byOblast]
      .map(([oblastPcode, n]) => ({ oblastPcode, owners: n }))
      .sort((a, b) => b.owners - a.owners || String(a.oblastPcode).localeCompare(String(b.oblastPcode))),
  };
}
