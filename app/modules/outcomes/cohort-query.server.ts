// What the outcome queries share: which grants make the cohort of a view (the filter as SQL; its
// aliases: ga grant, c case, p person) and how a grant's row becomes the CohortGrant the rules
// take. The page's reader (business-outcomes.server.ts) and the visit-level one
// (outcomes.server.ts readCohort: the case-level file, and the reference in tests) both use it,
// so the two cannot disagree on who is in the cohort or in which category.
import { sql, type SQL } from "drizzle-orm";
import { SQLiteSyncDialect } from "drizzle-orm/sqlite-core";
import { sqlite } from "~/lib/db.server";
import type { IsoDate } from "~/lib/kyiv-date";
import { ageBandsOn } from "~/modules/cases/age-band-cutoffs";
import { agreementModality } from "~/modules/grants/agreement-rules";
import { kvedSectionOf } from "~/modules/intake/kved";
import { unknownCategory, type Dimension } from "./dimensions";
import type { OutcomeFilter } from "./outcome-filter";
import type { CohortGrant } from "./outcome-figures";

const nextMonth = (month: string) => {
  const [year, m] = month.split("-").map(Number);
  return m === 12 ? `${year + 1}-01` : `${year}-${String(m + 1).padStart(2, "0")}`;
};

/** Whether the filter reads the case, the person or the displacement status (else ga alone does). */
export function needsPeople(filter: OutcomeFilter) {
  return filter.sex !== undefined || filter.oblastPcode !== undefined || filter.partnerId !== undefined || filter.displacement !== undefined;
}

/** The displacement status at application: the case's first record in that context (corrections add more). */
export const displacementAtApplication = sql`(select x.status from displacement_records x where x.case_id = ga.case_id and x.context = 'application' order by x.id limit 1)`;

/**
 * The cohort of a view (domain.md §7): grants with a time origin by `asOf`, withdrawn ones
 * included, in the filter's programme, period, modality, source and people. The person filters
 * need `peopleJoins`.
 */
export function cohortConditions(filter: OutcomeFilter, asOf: IsoDate): SQL {
  const conditions: SQL[] = [sql`ga.time_origin_on is not null`, sql`ga.status <> 'cancelled'`, sql`ga.time_origin_on <= ${asOf}`];
  if (filter.programmeId !== undefined) conditions.push(sql`ga.programme_id = ${filter.programmeId}`);
  if (filter.fromMonth) conditions.push(sql`ga.time_origin_on >= ${`${filter.fromMonth}-01`}`);
  if (filter.toMonth) conditions.push(sql`ga.time_origin_on < ${`${nextMonth(filter.toMonth)}-01`}`);
  if (filter.modality === "in_kind") conditions.push(sql`ga.cash_minor = 0`);
  if (filter.modality === "cash") conditions.push(sql`ga.in_kind_minor = 0`);
  if (filter.modality === "mixed") conditions.push(sql`ga.cash_minor > 0 and ga.in_kind_minor > 0`);
  if (filter.fundingSourceId !== undefined) conditions.push(sql`ga.funding_source_id = ${filter.fundingSourceId}`);
  if (filter.sex) conditions.push(sql`p.sex = ${filter.sex}`);
  if (filter.oblastPcode) conditions.push(sql`c.oblast_pcode = ${filter.oblastPcode}`);
  if (filter.partnerId !== undefined) conditions.push(sql`c.partner_organisation_id = ${filter.partnerId}`);
  if (filter.displacement) conditions.push(sql`${displacementAtApplication} = ${filter.displacement}`);
  return sql.join(conditions, sql` and `);
}

export const peopleJoins = sql`
  join cases c on c.id = ga.case_id
  join persons p on p.id = c.person_id`;

const dialect = new SQLiteSyncDialect();

/** A query's rows as arrays, one at a time, each dropped once read (no 650,000 rows held at once). */
export function rowsOf<Row>(query: SQL): IterableIterator<Row> {
  const { sql: text, params } = dialect.sqlToQuery(query);
  return sqlite.prepare(text).raw(true).iterate(...params) as IterableIterator<Row>;
}

/** A query's only value (the page's reader gets its cohort as one JSON document). */
export function valueOf<Value>(query: SQL): Value {
  const { sql: text, params } = dialect.sqlToQuery(query);
  return sqlite.prepare(text).pluck(true).get(...params) as Value;
}

/**
 * A grant of the cohort with its people and money, as both readers select it (aliases ga, pr the
 * programme, c, p, b the business); `grantColumnNames` lists the columns in the same order.
 */
export const grantColumns = sql`ga.id as agreement_id, ga.case_id, ga.programme_id, pr.currency, ga.time_origin_on, ga.in_kind_minor, ga.cash_minor,
  ga.funding_source_id, c.partner_organisation_id as partner_id, c.oblast_pcode, b.kind, b.kved_code,
  b.baseline_monthly_revenue_minor as baseline_revenue_minor, b.baseline_monthly_net_income_minor as baseline_net_income_minor,
  p.sex, p.birth_date, p.disability, ${displacementAtApplication} as displacement,
  (select coalesce(sum(l.reporting_amount_minor), 0) from grant_ledger_entries l
    where l.agreement_id = ga.id and l.kind in ('disbursement', 'return', 'correction')) as disbursed_minor`;
export const grantColumnNames = sql`agreement_id, case_id, programme_id, currency, time_origin_on, in_kind_minor, cash_minor, funding_source_id,
  partner_id, oblast_pcode, kind, kved_code, baseline_revenue_minor, baseline_net_income_minor, sex, birth_date, disability, displacement, disbursed_minor`;
export const grantJoins = sql`
  join programmes pr on pr.id = ga.programme_id
  join cases c on c.id = ga.case_id
  join persons p on p.id = c.person_id
  left join businesses b on b.case_id = ga.case_id`;

export type GrantRow = [
  agreementId: number,
  caseId: number,
  programmeId: number,
  currency: string,
  timeOriginOn: string,
  inKindMinor: number,
  cashMinor: number,
  fundingSourceId: number,
  partnerId: number | null,
  oblastPcode: string | null,
  kind: "startup" | "existing" | null,
  kvedCode: string | null,
  baselineRevenueMinor: number | null,
  baselineNetIncomeMinor: number | null,
  sex: "female" | "male" | null,
  birthDate: string | null,
  disability: number,
  displacement: string | null,
  disbursedMinor: number,
];
export const grantColumnCount = 19;

/**
 * Turns grants' rows into CohortGrants: each business's category in every dimension. The donors'
 * age band is the owner's at the time origin (§6), with one set of birth-date cut-offs per origin
 * date; a KVED class is looked up once.
 */
export function grantReader() {
  const cutoffs = new Map<string, ReturnType<typeof ageBandsOn>["bandOf"]>();
  const bandAt = (birthDate: string | null, on: string) => {
    let bandOf = cutoffs.get(on);
    if (!bandOf) cutoffs.set(on, (bandOf = ageBandsOn(on).bandOf));
    return bandOf(birthDate) ?? unknownCategory;
  };
  // One string per organisation and source, not one per grant.
  const ids = new Map<number, string>();
  const idOf = (id: number) => {
    let text = ids.get(id);
    if (text === undefined) ids.set(id, (text = String(id)));
    return text;
  };
  const sections = new Map<string, string>();
  const sectionOf = (kved: string | null) => {
    if (!kved) return unknownCategory;
    let section = sections.get(kved);
    if (section === undefined) sections.set(kved, (section = kvedSectionOf(kved)?.code ?? unknownCategory));
    return section;
  };
  return (row: Readonly<GrantRow>): CohortGrant => {
    const [agreementId, caseId, programmeId, currency, timeOriginOn, inKindMinor, cashMinor, fundingSourceId, partnerId, oblastPcode, kind, kvedCode] = row;
    const [, , , , , , , , , , , , baselineRevenueMinor, baselineNetIncomeMinor, sex, birthDate, disability, displacement, disbursedMinor] = row;
    const categories: Record<Dimension, string> = {
      sex: sex ?? unknownCategory,
      ageBand: bandAt(birthDate, timeOriginOn),
      disability: disability ? "yes" : "no",
      displacement: displacement ?? unknownCategory,
      oblast: oblastPcode ?? unknownCategory,
      sector: sectionOf(kvedCode),
      modality: agreementModality({ inKindMinor, cashMinor }),
      partner: partnerId === null ? unknownCategory : idOf(partnerId),
      fundingSource: idOf(fundingSourceId),
      kind: kind ?? unknownCategory,
    };
    return {
      agreementId,
      caseId,
      programmeId,
      currency,
      timeOriginOn,
      categories,
      // Without a business record nothing says it was a start-up: no self-employment is claimed.
      kind: kind ?? "existing",
      baselineRevenueMinor,
      baselineNetIncomeMinor,
      disbursedMinor: Number(disbursedMinor),
    };
  };
}
