import { describe, expect, it } from "vitest";
import { agreementBalance, budgetLineBalance, checkCommitment, checkDisbursement, checkReversal, reversibleMinor, type LedgerEntryFacts } from "~/modules/grants/ledger";

let nextId = 1;
function entry(kind: LedgerEntryFacts["kind"], amountMinor: number, extra: Partial<LedgerEntryFacts> = {}): LedgerEntryFacts {
  return { id: nextId++, kind, amountMinor, lineAmountMinor: extra.lineAmountMinor ?? amountMinor, modality: null, reversesEntryId: null, ...extra };
}

describe("agreement balance: sums of entries", () => {
  it("nets disbursements, returns and corrections, and keeps the modalities apart", () => {
    const commitment = entry("commitment", 10_000_00);
    const cash1 = entry("disbursement", 3_000_00, { modality: "cash" });
    const goods = entry("disbursement", 5_000_00, { modality: "in_kind" });
    const returned = entry("return", -500_00, { reversesEntryId: cash1.id, modality: "cash" });
    const released = entry("release", -500_00);
    expect(agreementBalance([commitment, cash1, goods, returned, released])).toEqual({
      committedMinor: 9_500_00,
      disbursedGrossMinor: 8_000_00,
      disbursedInKindMinor: 5_000_00,
      disbursedCashMinor: 3_000_00,
      paidNetMinor: 7_500_00,
      leftToPayMinor: 2_000_00,
    });
  });

  it("is all zero without entries", () => {
    expect(agreementBalance([])).toEqual({ committedMinor: 0, disbursedGrossMinor: 0, disbursedInKindMinor: 0, disbursedCashMinor: 0, paidNetMinor: 0, leftToPayMinor: 0 });
  });
});

describe("budget line balance in the source's currency", () => {
  it("committed, disbursed and left from the line amounts of the entries", () => {
    const entries = [
      entry("commitment", 50_000_00, { lineAmountMinor: 1_108_07 }),
      entry("commitment", 20_000_00, { lineAmountMinor: 443_23 }),
      entry("disbursement", 25_000_00, { lineAmountMinor: 552_10 }),
      entry("return", -1_000_00, { lineAmountMinor: -22_08 }),
      entry("release", -20_000_00, { lineAmountMinor: -443_23 }),
    ];
    expect(budgetLineBalance(5_000_00, entries)).toEqual({ amountMinor: 5_000_00, committedMinor: 1_108_07, disbursedMinor: 530_02, leftMinor: 3_891_93 });
  });
});

describe("a commitment never exceeds what the line has left", () => {
  const line = budgetLineBalance(10_000_00, [entry("commitment", 7_000_00)]);
  it("accepts up to the last kopiyka and refuses one more, saying what is left", () => {
    expect(checkCommitment(line, 3_000_00)).toEqual({ ok: true });
    expect(checkCommitment(line, 3_000_01)).toEqual({ ok: false, code: "beyond_budget_line", leftMinor: 3_000_00 });
  });
  it("refuses zero, negative and fractional amounts", () => {
    expect(checkCommitment(line, 0)).toMatchObject({ ok: false, code: "invalid_amount" });
    expect(checkCommitment(line, -1)).toMatchObject({ ok: false, code: "invalid_amount" });
    expect(checkCommitment(line, 1.5)).toMatchObject({ ok: false, code: "invalid_amount" });
  });
});

describe("a disbursement stays within the agreement and its part", () => {
  const parts = { inKindMinor: 6_000_00, cashMinor: 4_000_00 };
  const entries = [entry("commitment", 10_000_00), entry("disbursement", 3_000_00, { modality: "cash" })];
  it("limits cash to the cash part left", () => {
    expect(checkDisbursement(agreementBalance(entries), parts, "cash", 1_000_00)).toEqual({ ok: true });
    expect(checkDisbursement(agreementBalance(entries), parts, "cash", 1_000_01)).toEqual({ ok: false, code: "beyond_agreement", leftMinor: 1_000_00 });
    expect(checkDisbursement(agreementBalance(entries), parts, "in_kind", 6_000_00)).toEqual({ ok: true });
  });
  it("a return does not make room for a new payment", () => {
    const withReturn = [...entries, entry("return", -3_000_00, { reversesEntryId: entries[1].id, modality: "cash" }), entry("release", -3_000_00)];
    expect(checkDisbursement(agreementBalance(withReturn), parts, "cash", 1_000_01)).toEqual({ ok: false, code: "beyond_agreement", leftMinor: 1_000_00 });
  });
  it("nothing is left once the commitment is released", () => {
    const released = [...entries, entry("release", -7_000_00)];
    expect(checkDisbursement(agreementBalance(released), parts, "in_kind", 1)).toEqual({ ok: false, code: "beyond_agreement", leftMinor: 0 });
  });
});

describe("returns and corrections are reversing entries", () => {
  const paid = entry("disbursement", 4_000_00, { modality: "cash" });
  const firstReturn = entry("return", -1_500_00, { reversesEntryId: paid.id });
  it("reverses at most what is left of the disbursement", () => {
    expect(reversibleMinor(paid, [paid, firstReturn])).toBe(2_500_00);
    expect(checkReversal(paid, [paid, firstReturn], 2_500_00)).toEqual({ ok: true });
    expect(checkReversal(paid, [paid, firstReturn], 2_500_01)).toEqual({ ok: false, code: "reversal_beyond_entry", leftMinor: 2_500_00 });
  });
  it("reverses only disbursements, by a positive amount", () => {
    expect(checkReversal(firstReturn, [paid, firstReturn], 1)).toMatchObject({ ok: false, code: "not_a_disbursement" });
    expect(checkReversal(paid, [paid], 0)).toMatchObject({ ok: false, code: "invalid_amount" });
  });
});
