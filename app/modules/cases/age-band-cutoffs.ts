// Donor age bands (domain.md §6) for many people at once, by comparing birth dates with each
// band's cut-off instead of computing every age.
import { ageBands, type AgeBand } from "~/modules/intake/age";

/**
 * Age bands by comparing birth dates with each band's cut-off: someone is at least `a` years old
 * on `today` exactly when born on or before the same day `a` years earlier (a 29 February
 * birthday counts from 1 March, as in ageOn), so a release of 100,000 rows parses no dates.
 */
export function ageBandsOn(today: string) {
  const [year, rest] = [Number(today.slice(0, 4)), today.slice(4)];
  const cutoffs = ageBands
    .map((band) => ({ band, from: band === "<18" ? 0 : Number.parseInt(band, 10) }))
    .map(({ band, from }) => ({ band, bornBy: `${String(year - from).padStart(4, "0")}${rest}` }))
    .reverse();
  // Without a birth date there is no band (null), never a guessed one.
  const bandOf = (birthDate: string | null): AgeBand | null =>
    birthDate === null ? null : (cutoffs.find((cutoff) => birthDate <= cutoff.bornBy) ?? cutoffs[cutoffs.length - 1]).band;
  // The birth dates of a band: after the next band's cut-off, up to its own.
  const bornWithin = (band: AgeBand) => {
    const index = cutoffs.findIndex((cutoff) => cutoff.band === band);
    return { after: index > 0 ? cutoffs[index - 1].bornBy : null, upTo: cutoffs[index].bornBy };
  };
  return { bandOf, bornWithin };
}

