// The grants register (/grants) and its export: every agreement an officer's programmes hold,
// filtered by programme, modality, funding source, partner, oblast and state. One condition
// builder serves the page and the file, so they always agree. Paging reads ids first over the
// indexes of grant_agreements (the partner and oblast filters start from the cases' indexes),
// then the full rows of just one page; money columns are sums of the ledger (domain.md §9).
import { and, count, desc, eq, gt, inArray, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import { recordAudit } from "~/lib/audit.server";
import type { CurrentUser } from "~/lib/auth.server";
import { db, schema, type AppDatabase } from "~/lib/db.server";
import { formatNumber } from "~/lib/format";
import type { Locale } from "~/lib/i18n";
import { pageWindow } from "~/lib/paging";
import { openReadSnapshot } from "~/lib/read-snapshot.server";
import type { ExportCell, StreamedTable } from "~/lib/spreadsheet.server";
import { agreementModality } from "./agreement-rules";
import { grantsPageSize, type GrantsRegisterFilter } from "./grants-register-filter";

const { grantAgreements: agreements, cases, persons, programmes, fundingSources, fundingBudgetLines, organisations, grantLedgerEntries: ledger, programmeMembers } = schema;

/** Officers see the agreements of their programmes (domain.md §1); admins every agreement. */
export function agreementScope(user: CurrentUser): SQL | undefined {
  if (user.role === "admin") return undefined;
  if (user.role === "officer") {
    return inArray(agreements.programmeId, db.select({ id: programmeMembers.programmeId }).from(programmeMembers).where(eq(programmeMembers.userId, user.id)));
  }
  return eq(agreements.id, -1);
}

function modalityCondition(modality: GrantsRegisterFilter["modality"]): SQL | undefined {
  switch (modality) {
    case "in_kind":
      return and(gt(agreements.inKindMinor, 0), eq(agreements.cashMinor, 0));
    case "cash":
      return and(eq(agreements.inKindMinor, 0), gt(agreements.cashMinor, 0));
    case "mixed":
      return and(gt(agreements.inKindMinor, 0), gt(agreements.cashMinor, 0));
    default:
      return undefined;
  }
}

export function registerConditions(user: CurrentUser, filter: GrantsRegisterFilter): SQL | undefined {
  const conditions = [
    agreementScope(user),
    filter.programme ? eq(agreements.programmeId, filter.programme) : undefined,
    filter.source ? eq(agreements.fundingSourceId, filter.source) : undefined,
    filter.state ? eq(agreements.status, filter.state) : undefined,
    modalityCondition(filter.modality),
    filter.partner ? eq(cases.partnerOrganisationId, filter.partner) : undefined,
    filter.oblast ? eq(cases.oblastPcode, filter.oblast) : undefined,
  ];
  return and(...conditions.filter((condition): condition is SQL => condition !== undefined));
}

// The cases table is joined only for the filters that need it: counting and paging over the
// agreements alone stays on their indexes.
const needsCases = (filter: GrantsRegisterFilter) => Boolean(filter.partner || filter.oblast);

// Sums of the ledger per agreement, each an index range on grant_ledger_entries (agreement, kind).
const ledgerSum = (kinds: string[]) =>
  sql<number>`(select coalesce(sum(${ledger.amountMinor}), 0) from ${ledger} where ${ledger.agreementId} = ${agreements.id} and ${ledger.kind} in (${sql.join(
    kinds.map((kind) => sql`${kind}`),
    sql`, `,
  )}))`;

const oblastUnits = alias(schema.adminUnits, "oblast_units");

function registerRowsQuery(reader: AppDatabase, where: SQL | undefined) {
  return reader
    .select({
      id: agreements.id,
      number: agreements.number,
      status: agreements.status,
      currency: agreements.currency,
      amountMinor: agreements.amountMinor,
      inKindMinor: agreements.inKindMinor,
      cashMinor: agreements.cashMinor,
      signedOn: agreements.signedOn,
      timeOriginOn: agreements.timeOriginOn,
      withdrawnOn: agreements.withdrawnOn,
      caseId: cases.id,
      caseCode: cases.caseCode,
      surname: persons.surname,
      firstName: persons.firstName,
      patronymic: persons.patronymic,
      programmeCode: programmes.code,
      oblastPcode: cases.oblastPcode,
      oblastNameUk: oblastUnits.nameUk,
      oblastNameEn: oblastUnits.nameEn,
      partnerName: organisations.name,
      partnerNameUk: organisations.nameUk,
      sourceName: fundingSources.name,
      lineCode: fundingBudgetLines.code,
      committedMinor: ledgerSum(["commitment", "release"]),
      paidNetMinor: ledgerSum(["disbursement", "return", "correction"]),
    })
    .from(agreements)
    .innerJoin(cases, eq(cases.id, agreements.caseId))
    .innerJoin(persons, eq(persons.id, cases.personId))
    .innerJoin(programmes, eq(programmes.id, agreements.programmeId))
    .innerJoin(fundingSources, eq(fundingSources.id, agreements.fundingSourceId))
    .innerJoin(fundingBudgetLines, eq(fundingBudgetLines.id, agreements.budgetLineId))
    .leftJoin(organisations, eq(organisations.id, cases.partnerOrganisationId))
    .leftJoin(oblastUnits, eq(oblastUnits.pcode, cases.oblastPcode))
    .where(where);
}

export type RegisterRow = ReturnType<ReturnType<typeof registerRowsQuery>["all"]>[number];

function withModality(row: RegisterRow) {
  return { ...row, modality: agreementModality(row), leftToPayMinor: row.committedMinor - row.paidNetMinor };
}

/** One page of the register, newest agreement first, with the total it was cut from. */
export function grantsRegister(user: CurrentUser, filter: GrantsRegisterFilter) {
  const where = registerConditions(user, filter);
  const counted = needsCases(filter)
    ? db.select({ n: count() }).from(agreements).innerJoin(cases, eq(cases.id, agreements.caseId)).where(where)
    : db.select({ n: count() }).from(agreements).where(where);
  const total = counted.get()?.n ?? 0;
  const { page, pageCount, limit, offset } = pageWindow(total, filter.page ?? 1, grantsPageSize);
  const idsQuery = needsCases(filter)
    ? db.select({ id: agreements.id }).from(agreements).innerJoin(cases, eq(cases.id, agreements.caseId))
    : db.select({ id: agreements.id }).from(agreements);
  const ids = idsQuery
    .where(where)
    .orderBy(desc(agreements.id))
    .limit(limit)
    .offset(offset)
    .all()
    .map((row) => row.id);
  const rows = ids.length ? registerRowsQuery(db, inArray(agreements.id, ids)).orderBy(desc(agreements.id)).all().map(withModality) : [];
  return { total, page, pageCount, rows };
}

/** What the register's filters offer this user: their programmes, those programmes' sources, partners. */
export function grantsRegisterChoices(user: CurrentUser) {
  const memberOf = user.role === "officer" ? inArray(programmes.id, db.select({ id: programmeMembers.programmeId }).from(programmeMembers).where(eq(programmeMembers.userId, user.id))) : undefined;
  const programmeChoices = db.select({ id: programmes.id, code: programmes.code }).from(programmes).where(memberOf).orderBy(programmes.code).all();
  const sources = db
    .selectDistinct({ id: fundingSources.id, name: fundingSources.name, currency: fundingSources.currency })
    .from(fundingSources)
    .innerJoin(schema.programmeFundingSources, eq(schema.programmeFundingSources.fundingSourceId, fundingSources.id))
    .innerJoin(programmes, eq(programmes.id, schema.programmeFundingSources.programmeId))
    .where(memberOf)
    .orderBy(fundingSources.name)
    .all();
  const partners = db
    .select({ id: organisations.id, name: organisations.name, nameUk: organisations.nameUk })
    .from(organisations)
    .where(eq(organisations.kind, "partner"))
    .orderBy(organisations.name)
    .all();
  return { programmes: programmeChoices, sources, partners };
}

// ---------------------------------------------------------------------------------------------
// Export

type Translate = (key: string, options?: Record<string, unknown>) => string;

function exportColumns(t: Translate, locale: Locale): Array<{ header: string; value: (row: ReturnType<typeof withModality>) => ExportCell }> {
  const amount = (minor: number) => minor / 100;
  const date = (value: string | null) => (value ? { date: value } : null);
  return [
    { header: t("grants.register.number"), value: (row) => row.number },
    { header: t("grants.register.caseCode"), value: (row) => row.caseCode },
    { header: t("grants.register.beneficiary"), value: (row) => [row.surname, row.firstName, row.patronymic].filter(Boolean).join(" ") },
    { header: t("grants.register.programme"), value: (row) => row.programmeCode },
    { header: t("grants.register.oblast"), value: (row) => (locale === "uk" ? row.oblastNameUk : row.oblastNameEn) ?? row.oblastPcode },
    { header: t("grants.register.partner"), value: (row) => (locale === "uk" ? row.partnerNameUk : row.partnerName) },
    { header: t("grants.register.modality"), value: (row) => t(`grants.register.modalities.${row.modality}`) },
    { header: t("grants.register.state"), value: (row) => t(`grants.agreement.statuses.${row.status}`) },
    { header: t("grants.register.currency"), value: (row) => row.currency },
    { header: t("grants.register.amount"), value: (row) => amount(row.amountMinor) },
    { header: t("grants.register.inKind"), value: (row) => amount(row.inKindMinor) },
    { header: t("grants.register.cash"), value: (row) => amount(row.cashMinor) },
    { header: t("grants.register.committed"), value: (row) => amount(row.committedMinor) },
    { header: t("grants.register.paidNet"), value: (row) => amount(row.paidNetMinor) },
    { header: t("grants.register.leftToPay"), value: (row) => amount(row.leftToPayMinor) },
    { header: t("grants.register.source"), value: (row) => row.sourceName },
    { header: t("grants.register.line"), value: (row) => row.lineCode },
    { header: t("grants.register.signedOn"), value: (row) => date(row.signedOn) },
    { header: t("grants.register.timeOrigin"), value: (row) => date(row.timeOriginOn) },
    { header: t("grants.register.withdrawnOn"), value: (row) => date(row.withdrawnOn) },
  ];
}

/**
 * The filtered register as a streamed file: the audit entry is written first (an export is a
 * POST), then the rows are read from a snapshot of their own as the client takes the file, so a
 * register of any length is never held in memory.
 */
export function grantsRegisterExport(user: CurrentUser, filter: GrantsRegisterFilter, format: "csv" | "xlsx", t: Translate, locale: Locale): StreamedTable & { total: number } {
  const where = registerConditions(user, filter);
  const { page: _page, ...audited } = filter;
  const snapshot = openReadSnapshot();
  try {
    const total = (needsCases(filter)
      ? snapshot.db.select({ n: count() }).from(agreements).innerJoin(cases, eq(cases.id, agreements.caseId)).where(where)
      : snapshot.db.select({ n: count() }).from(agreements).where(where)
    ).get()?.n ?? 0;
    db.transaction((tx) => recordAudit(tx, { userId: user.id, action: "export", entityType: "grant_agreement", entityId: "register", after: { format, filter: audited, rows: total } }));
    const columns = exportColumns(t, locale);
    const rows = snapshot.iterate(registerRowsQuery(snapshot.db, where).orderBy(desc(agreements.id)));
    const cells: Iterator<ExportCell[]> = {
      next() {
        const next = rows.next();
        return next.done ? { done: true, value: undefined } : { done: false, value: columns.map((column) => column.value(withModality(next.value))) };
      },
    };
    return {
      total,
      headers: columns.map((column) => column.header),
      rows: cells,
      notes: { title: t("grants.register.notesTitle"), lines: [t("grants.register.notes.rows", { count: total, formatted: formatNumber(total, locale) }), t("grants.register.notes.ledger")] },
      onClose: () => snapshot.close(),
    };
  } catch (error) {
    snapshot.close();
    throw error;
  }
}
