// The outcomes page's filters, read from the URL so a view can be bookmarked and shared; anything
// malformed is ignored. The cohort is the grants whose time origin falls in the period (domain.md
// §7): a grant belongs to the month it reached the beneficiary, whatever happened to it later.
import { z } from "zod";
import { addDays, type IsoDate } from "~/lib/kyiv-date";
import { displacementStatuses, sexes } from "../../../db/enums";
import { comparisons, modalities, type Comparison, type Modality } from "./dimensions";

const optionalId = z.coerce.number().int().positive().optional().catch(undefined);
const optionalEnum = <T extends readonly [string, ...string[]]>(values: T) => z.enum(values).optional().catch(undefined);
const optionalMonth = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/)
  .optional()
  .catch(undefined);

const filterSchema = z.object({
  programme: optionalId,
  from: optionalMonth,
  to: optionalMonth,
  modality: optionalEnum(modalities),
  displacement: optionalEnum(displacementStatuses),
  sex: optionalEnum(sexes),
  oblast: z.string().regex(/^UA\d{2}$/).optional().catch(undefined),
  partner: optionalId,
  source: optionalId,
  compare: optionalEnum(comparisons),
  // Officers and admins may preview the published (suppressed) figures.
  view: optionalEnum(["published"] as const),
});

export type OutcomeFilter = {
  programmeId?: number;
  /** Time origin month, `YYYY-MM`, inclusive. */
  fromMonth?: string;
  toMonth?: string;
  modality?: Modality;
  displacement?: (typeof displacementStatuses)[number];
  sex?: (typeof sexes)[number];
  oblastPcode?: string;
  partnerId?: number;
  fundingSourceId?: number;
};

export type OutcomeQuery = { filter: OutcomeFilter; compare: Comparison; published: boolean };

export function parseOutcomeQuery(searchParams: URLSearchParams): OutcomeQuery {
  const values = Object.fromEntries([...searchParams].filter(([, value]) => value !== ""));
  const parsed = filterSchema.parse(values);
  const filter: OutcomeFilter = {
    programmeId: parsed.programme,
    fromMonth: parsed.from,
    toMonth: parsed.to,
    modality: parsed.modality,
    displacement: parsed.displacement,
    sex: parsed.sex,
    oblastPcode: parsed.oblast,
    partnerId: parsed.partner,
    fundingSourceId: parsed.source,
  };
  // A period given backwards is read the right way round.
  if (filter.fromMonth && filter.toMonth && filter.fromMonth > filter.toMonth) {
    [filter.fromMonth, filter.toMonth] = [filter.toMonth, filter.fromMonth];
  }
  for (const key of Object.keys(filter) as (keyof OutcomeFilter)[]) if (filter[key] === undefined) delete filter[key];
  return { filter, compare: parsed.compare ?? "displacement", published: parsed.view === "published" };
}

/** The filter as URL parameters (the form's names), for links and the export forms. */
export function outcomeFilterParams(filter: OutcomeFilter): Record<string, string> {
  const params: Record<string, string | undefined> = {
    programme: filter.programmeId?.toString(),
    from: filter.fromMonth,
    to: filter.toMonth,
    modality: filter.modality,
    displacement: filter.displacement,
    sex: filter.sex,
    oblast: filter.oblastPcode,
    partner: filter.partnerId?.toString(),
    source: filter.fundingSourceId?.toString(),
  };
  return Object.fromEntries(Object.entries(params).filter((entry): entry is [string, string] => entry[1] !== undefined));
}

/**
 * The filters that describe who a person is (sex, displacement status, oblast) — and partner,
 * which works in its own oblasts. Row-level files ignore them: a file of "women in Lviv oblast"
 * would tell the sex and place of every row, finer than the release (domain.md §8).
 */
export function withoutPersonFilters(filter: OutcomeFilter): OutcomeFilter {
  const { displacement: _d, sex: _s, oblastPcode: _o, partnerId: _p, ...rest } = filter;
  return rest;
}

/** The day before the current quarter began (Kyiv calendar): "the last period" of the home page. */
export function previousQuarterEnd(today: IsoDate): IsoDate {
  const [year, month] = today.split("-").map(Number);
  const quarterStartMonth = month - ((month - 1) % 3);
  return addDays(`${year}-${String(quarterStartMonth).padStart(2, "0")}-01`, -1);
}
