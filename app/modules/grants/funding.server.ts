// Funding sources (donor grants) and their budget lines, managed by admins (domain.md §9). A
// programme may draw on several sources and a source may fund several programmes. What a line has
// committed, disbursed and left is summed from the ledger, never stored.
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { auditDiff, recordAudit } from "~/lib/audit.server";
import { can, type CurrentUser } from "~/lib/auth.server";
import { db, schema, type Transaction } from "~/lib/db.server";
import { assertCompareAndSet, assertVersion, lastAuditedChange } from "~/lib/stale-record.server";
import type { Currency } from "../../../db/enums";
import { GrantRefused } from "./grant-errors";
import { budgetLineBalance, type BudgetLineBalance } from "./ledger";

export type BudgetLineInput = { id?: number; code: string; name: string; amountMinor: number };

export type FundingSourceInput = {
  name: string;
  donor: string;
  reference: string;
  currency: Currency;
  totalMinor: number;
  periodStart: string;
  periodEnd: string;
  programmeIds: number[];
  budgetLines: BudgetLineInput[];
};

export type FundingSource = typeof schema.fundingSources.$inferSelect;
export type FundingBudgetLine = typeof schema.fundingBudgetLines.$inferSelect;

function requireFundingAdmin(actor: CurrentUser) {
  if (!can(actor, "manageFunding")) throw new GrantRefused("forbidden");
}

// Codes are unique in a source, and the lines never promise more than the source holds.
function checkLines(input: FundingSourceInput) {
  const codes = new Set<string>();
  input.budgetLines.forEach((line, index) => {
    if (codes.has(line.code)) throw new GrantRefused("duplicate_code", { code: line.code }, `budgetLines[${index}].code`);
    codes.add(line.code);
    if (!Number.isSafeInteger(line.amountMinor) || line.amountMinor < 0) throw new GrantRefused("invalid_amount", {}, `budgetLines[${index}].amountMinor`);
  });
  const linesMinor = input.budgetLines.reduce((sum, line) => sum + line.amountMinor, 0);
  if (linesMinor > input.totalMinor) throw new GrantRefused("lines_above_total", { linesMinor, totalMinor: input.totalMinor, currency: input.currency }, "totalMinor");
  if (input.periodStart > input.periodEnd) throw new GrantRefused("invalid_period", {}, "periodEnd");
}

export function createFundingSource(actor: CurrentUser, input: FundingSourceInput) {
  requireFundingAdmin(actor);
  checkLines(input);
  return db.transaction((tx) => {
    const { programmeIds, budgetLines, ...fields } = input;
    const source = tx.insert(schema.fundingSources).values(fields).returning().get();
    for (const programmeId of new Set(programmeIds)) {
      tx.insert(schema.programmeFundingSources).values({ programmeId, fundingSourceId: source.id }).run();
    }
    const lines = budgetLines.map(({ id: _ignored, ...line }) =>
      tx.insert(schema.fundingBudgetLines).values({ ...line, fundingSourceId: source.id }).returning().get(),
    );
    recordAudit(tx, { userId: actor.id, action: "create", entityType: "funding_source", entityId: source.id, after: { ...source, programmeIds, budgetLines: lines } });
    return source;
  });
}

/**
 * Saves a source and its lines read at `version`. A line with money on it keeps existing and is
 * never cut below what is committed; the currency stays once money is committed; a programme
 * whose agreements use the source stays linked.
 */
export function updateFundingSource(actor: CurrentUser, sourceId: number, input: FundingSourceInput & { version: number }) {
  requireFundingAdmin(actor);
  checkLines(input);
  return db.transaction((tx) => {
    const before = tx.select().from(schema.fundingSources).where(eq(schema.fundingSources.id, sourceId)).get();
    if (!before) throw new GrantRefused("not_found");
    assertVersion(before.version, input.version, () => lastAuditedChange(tx, "funding_source", "funding_source", sourceId));
    const balances = lineBalances(tx, sourceId);
    const hasMoney = [...balances.values()].some((balance) => balance.committedMinor !== 0 || balance.disbursedMinor !== 0);
    if (input.currency !== before.currency && (hasMoney || agreementCount(tx, { sourceId }) > 0)) {
      throw new GrantRefused("currency_in_use", {}, "currency");
    }

    const { programmeIds, budgetLines, version, ...fields } = input;
    const result = tx
      .update(schema.fundingSources)
      .set({ ...fields, version: version + 1, updatedAt: new Date().toISOString() })
      .where(and(eq(schema.fundingSources.id, sourceId), eq(schema.fundingSources.version, version)))
      .run();
    assertCompareAndSet(result, () => lastAuditedChange(tx, "funding_source", "funding_source", sourceId));

    const linkedBefore = tx.select().from(schema.programmeFundingSources).where(eq(schema.programmeFundingSources.fundingSourceId, sourceId)).all().map((link) => link.programmeId);
    const wanted = new Set(programmeIds);
    for (const programmeId of linkedBefore.filter((id) => !wanted.has(id))) {
      if (agreementCount(tx, { sourceId, programmeId }) > 0) throw new GrantRefused("programme_in_use", { programmeId }, "programmeIds");
      tx.delete(schema.programmeFundingSources)
        .where(and(eq(schema.programmeFundingSources.fundingSourceId, sourceId), eq(schema.programmeFundingSources.programmeId, programmeId)))
        .run();
    }
    for (const programmeId of [...wanted].filter((id) => !linkedBefore.includes(id))) {
      tx.insert(schema.programmeFundingSources).values({ programmeId, fundingSourceId: sourceId }).run();
    }

    const linesBefore = tx.select().from(schema.fundingBudgetLines).where(eq(schema.fundingBudgetLines.fundingSourceId, sourceId)).all();
    const kept = new Set(budgetLines.flatMap((line) => (line.id ? [line.id] : [])));
    for (const line of linesBefore.filter((line) => !kept.has(line.id))) {
      if (lineInUse(tx, line.id)) throw new GrantRefused("line_in_use", { code: line.code }, "budgetLines");
      tx.delete(schema.fundingBudgetLines).where(eq(schema.fundingBudgetLines.id, line.id)).run();
    }
    budgetLines.forEach((line, index) => {
      const existing = line.id ? linesBefore.find((row) => row.id === line.id) : undefined;
      if (line.id && !existing) throw new GrantRefused("line_not_in_source", {}, `budgetLines[${index}].code`);
      if (!existing) {
        tx.insert(schema.fundingBudgetLines).values({ fundingSourceId: sourceId, code: line.code, name: line.name, amountMinor: line.amountMinor }).run();
        return;
      }
      const committed = balances.get(existing.id)?.committedMinor ?? 0;
      if (line.amountMinor < committed) throw new GrantRefused("line_below_committed", { committedMinor: committed, currency: input.currency }, `budgetLines[${index}].amountMinor`);
      if (existing.code === line.code && existing.name === line.name && existing.amountMinor === line.amountMinor) return;
      tx.update(schema.fundingBudgetLines)
        .set({ code: line.code, name: line.name, amountMinor: line.amountMinor, version: existing.version + 1, updatedAt: new Date().toISOString() })
        .where(eq(schema.fundingBudgetLines.id, existing.id))
        .run();
    });

    const after = tx.select().from(schema.fundingSources).where(eq(schema.fundingSources.id, sourceId)).get()!;
    const linesAfter = tx.select().from(schema.fundingBudgetLines).where(eq(schema.fundingBudgetLines.fundingSourceId, sourceId)).all();
    const diff = auditDiff(before, after);
    recordAudit(tx, {
      userId: actor.id,
      action: "update",
      entityType: "funding_source",
      entityId: sourceId,
      before: { ...diff.before, programmeIds: linkedBefore, budgetLines: linesBefore },
      after: { ...diff.after, programmeIds: [...wanted], budgetLines: linesAfter },
    });
    return after;
  });
}

function agreementCount(tx: Transaction, where: { sourceId: number; programmeId?: number }) {
  const conditions = [eq(schema.grantAgreements.fundingSourceId, where.sourceId), sql`${schema.grantAgreements.status} <> 'cancelled'`];
  if (where.programmeId !== undefined) conditions.push(eq(schema.grantAgreements.programmeId, where.programmeId));
  return tx.select({ n: sql<number>`count(*)` }).from(schema.grantAgreements).where(and(...conditions)).get()?.n ?? 0;
}

function lineInUse(tx: Transaction, lineId: number) {
  const entry = tx.select({ id: schema.grantLedgerEntries.id }).from(schema.grantLedgerEntries).where(eq(schema.grantLedgerEntries.budgetLineId, lineId)).limit(1).get();
  const agreement = tx.select({ id: schema.grantAgreements.id }).from(schema.grantAgreements).where(eq(schema.grantAgreements.budgetLineId, lineId)).limit(1).get();
  return entry !== undefined || agreement !== undefined;
}

/** Committed, disbursed and left for each line of a source, in the source's currency. */
export function lineBalances(tx: Transaction | typeof db, sourceId: number): Map<number, BudgetLineBalance> {
  const lines = tx.select().from(schema.fundingBudgetLines).where(eq(schema.fundingBudgetLines.fundingSourceId, sourceId)).all();
  const sums = lines.length
    ? tx
        .select({ budgetLineId: schema.grantLedgerEntries.budgetLineId, kind: schema.grantLedgerEntries.kind, lineAmountMinor: sql<number>`sum(${schema.grantLedgerEntries.lineAmountMinor})` })
        .from(schema.grantLedgerEntries)
        .where(inArray(schema.grantLedgerEntries.budgetLineId, lines.map((line) => line.id)))
        .groupBy(schema.grantLedgerEntries.budgetLineId, schema.grantLedgerEntries.kind)
        .all()
    : [];
  return new Map(lines.map((line) => [line.id, budgetLineBalance(line.amountMinor, sums.filter((row) => row.budgetLineId === line.id))]));
}

/** The balance of one line, read inside a transaction that is about to commit against it. */
export function budgetLineBalanceOf(tx: Transaction, lineId: number) {
  const line = tx.select().from(schema.fundingBudgetLines).where(eq(schema.fundingBudgetLines.id, lineId)).get();
  if (!line) throw new GrantRefused("not_found");
  const sums = tx
    .select({ kind: schema.grantLedgerEntries.kind, lineAmountMinor: sql<number>`sum(${schema.grantLedgerEntries.lineAmountMinor})` })
    .from(schema.grantLedgerEntries)
    .where(eq(schema.grantLedgerEntries.budgetLineId, lineId))
    .groupBy(schema.grantLedgerEntries.kind)
    .all();
  return { line, balance: budgetLineBalance(line.amountMinor, sums) };
}

export function listFundingSources() {
  return db.select().from(schema.fundingSources).orderBy(asc(schema.fundingSources.name)).all();
}

/** The sources a programme draws on, with their lines: the agreement form's choices. */
export function fundingChoicesForProgramme(programmeId: number) {
  const sources = db
    .select({ source: schema.fundingSources })
    .from(schema.programmeFundingSources)
    .innerJoin(schema.fundingSources, eq(schema.fundingSources.id, schema.programmeFundingSources.fundingSourceId))
    .where(eq(schema.programmeFundingSources.programmeId, programmeId))
    .orderBy(asc(schema.fundingSources.name))
    .all()
    .map((row) => row.source);
  return sources.map((source) => {
    const balances = lineBalances(db, source.id);
    const lines = db.select().from(schema.fundingBudgetLines).where(eq(schema.fundingBudgetLines.fundingSourceId, source.id)).orderBy(asc(schema.fundingBudgetLines.code)).all();
    return { source, lines: lines.map((line) => ({ ...line, leftMinor: balances.get(line.id)!.leftMinor })) };
  });
}

/** The funding page of one source: per budget line what is committed, disbursed and left. */
export function fundingSourceOverview(sourceId: number) {
  const source = db.select().from(schema.fundingSources).where(eq(schema.fundingSources.id, sourceId)).get();
  if (!source) return null;
  const programmes = db
    .select({ id: schema.programmes.id, code: schema.programmes.code, name: schema.programmes.name, nameUk: schema.programmes.nameUk })
    .from(schema.programmeFundingSources)
    .innerJoin(schema.programmes, eq(schema.programmes.id, schema.programmeFundingSources.programmeId))
    .where(eq(schema.programmeFundingSources.fundingSourceId, sourceId))
    .orderBy(asc(schema.programmes.code))
    .all();
  const balances = lineBalances(db, sourceId);
  const lines = db
    .select()
    .from(schema.fundingBudgetLines)
    .where(eq(schema.fundingBudgetLines.fundingSourceId, sourceId))
    .orderBy(asc(schema.fundingBudgetLines.code))
    .all()
    .map((line) => ({ ...line, ...balances.get(line.id)! }));
  const totals = lines.reduce(
    (sum, line) => ({
      amountMinor: sum.amountMinor + line.amountMinor,
      committedMinor: sum.committedMinor + line.committedMinor,
      disbursedMinor: sum.disbursedMinor + line.disbursedMinor,
      leftMinor: sum.leftMinor + line.leftMinor,
    }),
    { amountMinor: 0, committedMinor: 0, disbursedMinor: 0, leftMinor: 0 },
  );
  return { source, programmes, lines, totals };
}
