-- Invariants of the money (domain.md §9) that hold however a row is written. The grants module
-- checks the same rules first, inside the same transaction, so that people get a clear message;
-- these triggers are the last line.

-- The ledger is append-only: a return or a correction is a new, reversing entry.
CREATE TRIGGER grant_ledger_entries_no_update BEFORE UPDATE ON grant_ledger_entries BEGIN SELECT RAISE(ABORT, 'grant_ledger_entries is append-only: record a reversing entry'); END;
--> statement-breakpoint
CREATE TRIGGER grant_ledger_entries_no_delete BEFORE DELETE ON grant_ledger_entries BEGIN SELECT RAISE(ABORT, 'grant_ledger_entries is append-only: record a reversing entry'); END;
--> statement-breakpoint
-- An entry is charged to its agreement's budget line.
CREATE TRIGGER grant_ledger_entries_agreement_line BEFORE INSERT ON grant_ledger_entries
WHEN NEW.budget_line_id IS NOT (SELECT budget_line_id FROM grant_agreements WHERE id = NEW.agreement_id)
BEGIN SELECT RAISE(ABORT, 'a ledger entry is charged to its agreement''s budget line'); END;
--> statement-breakpoint
-- Committed ≤ budget line: commitments net of releases, in the line's currency.
CREATE TRIGGER grant_ledger_entries_commitment_within_line BEFORE INSERT ON grant_ledger_entries
WHEN NEW.kind = 'commitment'
  AND (SELECT coalesce(sum(line_amount_minor), 0) FROM grant_ledger_entries WHERE budget_line_id = NEW.budget_line_id AND kind IN ('commitment', 'release')) + NEW.line_amount_minor
    > (SELECT amount_minor FROM funding_budget_lines WHERE id = NEW.budget_line_id)
BEGIN SELECT RAISE(ABORT, 'commitment beyond what the budget line has left'); END;
--> statement-breakpoint
-- A release gives back at most what the agreement committed.
CREATE TRIGGER grant_ledger_entries_release_within_commitment BEFORE INSERT ON grant_ledger_entries
WHEN NEW.kind = 'release'
  AND (SELECT coalesce(sum(amount_minor), 0) FROM grant_ledger_entries WHERE agreement_id = NEW.agreement_id AND kind IN ('commitment', 'release')) + NEW.amount_minor < 0
BEGIN SELECT RAISE(ABORT, 'release beyond the agreement''s commitment'); END;
--> statement-breakpoint
-- Paid ≤ agreed per agreement, and never less than nothing: disbursements net of returns and
-- corrections, in the agreement's currency.
CREATE TRIGGER grant_ledger_entries_paid_within_agreement BEFORE INSERT ON grant_ledger_entries
WHEN NEW.kind IN ('disbursement', 'return', 'correction')
  AND (SELECT coalesce(sum(amount_minor), 0) FROM grant_ledger_entries WHERE agreement_id = NEW.agreement_id AND kind IN ('disbursement', 'return', 'correction')) + NEW.amount_minor
    > (SELECT amount_minor FROM grant_agreements WHERE id = NEW.agreement_id)
BEGIN SELECT RAISE(ABORT, 'paid beyond the agreement'); END;
--> statement-breakpoint
CREATE TRIGGER grant_ledger_entries_paid_not_negative BEFORE INSERT ON grant_ledger_entries
WHEN NEW.kind IN ('return', 'correction')
  AND (SELECT coalesce(sum(amount_minor), 0) FROM grant_ledger_entries WHERE agreement_id = NEW.agreement_id AND kind IN ('disbursement', 'return', 'correction')) + NEW.amount_minor < 0
BEGIN SELECT RAISE(ABORT, 'returned more than was paid'); END;
--> statement-breakpoint
-- Money moves only under a signed agreement.
CREATE TRIGGER grant_ledger_entries_disburse_signed BEFORE INSERT ON grant_ledger_entries
WHEN NEW.kind = 'disbursement' AND (SELECT status FROM grant_agreements WHERE id = NEW.agreement_id) <> 'signed'
BEGIN SELECT RAISE(ABORT, 'disbursement under an agreement that is not signed'); END;
--> statement-breakpoint

-- A payment is a fact: never changed or deleted. A failure is a failed payment; its retry is a
-- new payment that points to it.
CREATE TRIGGER grant_payments_no_update BEFORE UPDATE ON grant_payments BEGIN SELECT RAISE(ABORT, 'grant_payments are never changed: record a new payment or a reversing entry'); END;
--> statement-breakpoint
CREATE TRIGGER grant_payments_no_delete BEFORE DELETE ON grant_payments BEGIN SELECT RAISE(ABORT, 'grant_payments are never deleted'); END;
--> statement-breakpoint
-- Only an approved tranche (or one whose payment failed) is paid, and for its planned amount.
CREATE TRIGGER grant_payments_tranche_approved BEFORE INSERT ON grant_payments
WHEN (SELECT state FROM grant_tranches WHERE id = NEW.tranche_id) NOT IN ('approved', 'failed')
BEGIN SELECT RAISE(ABORT, 'payment of a tranche that is not approved'); END;
--> statement-breakpoint
CREATE TRIGGER grant_payments_tranche_amount BEFORE INSERT ON grant_payments
WHEN NEW.amount_minor IS NOT (SELECT amount_minor FROM grant_tranches WHERE id = NEW.tranche_id)
BEGIN SELECT RAISE(ABORT, 'a payment carries its tranche''s amount'); END;
--> statement-breakpoint
-- A tranche's second payment is a retry of its failed one (the partial unique index
-- grant_payments_one_per_tranche keeps a second non-failed payment out).
CREATE TRIGGER grant_payments_retry_of_failed BEFORE INSERT ON grant_payments
WHEN (NEW.retry_of_payment_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM grant_payments WHERE id = NEW.retry_of_payment_id AND tranche_id = NEW.tranche_id AND status = 'failed'))
  OR (NEW.retry_of_payment_id IS NULL AND EXISTS (SELECT 1 FROM grant_payments WHERE tranche_id = NEW.tranche_id))
BEGIN SELECT RAISE(ABORT, 'a tranche''s next payment is a retry of its failed payment'); END;
--> statement-breakpoint

-- Nothing changes after a tranche is paid; it becomes paid only with a paid payment.
CREATE TRIGGER grant_tranches_paid_frozen BEFORE UPDATE ON grant_tranches WHEN OLD.state = 'paid'
BEGIN SELECT RAISE(ABORT, 'a paid tranche never changes'); END;
--> statement-breakpoint
CREATE TRIGGER grant_tranches_paid_no_delete BEFORE DELETE ON grant_tranches WHEN OLD.state = 'paid'
BEGIN SELECT RAISE(ABORT, 'a paid tranche is never deleted'); END;
--> statement-breakpoint
CREATE TRIGGER grant_tranches_paid_needs_payment BEFORE UPDATE OF state ON grant_tranches
WHEN NEW.state = 'paid' AND NOT EXISTS (SELECT 1 FROM grant_payments WHERE tranche_id = NEW.id AND status = 'paid')
BEGIN SELECT RAISE(ABORT, 'a tranche is paid only with a paid payment'); END;
--> statement-breakpoint
-- The tranche plan is part of the agreement: fixed once it is signed.
CREATE TRIGGER grant_tranches_plan_fixed_insert BEFORE INSERT ON grant_tranches
WHEN (SELECT status FROM grant_agreements WHERE id = NEW.agreement_id) <> 'draft'
BEGIN SELECT RAISE(ABORT, 'the tranche plan of a signed agreement is fixed'); END;
--> statement-breakpoint
CREATE TRIGGER grant_tranches_plan_fixed_update BEFORE UPDATE OF amount_minor, sequence, agreement_id ON grant_tranches
WHEN (NEW.amount_minor IS NOT OLD.amount_minor OR NEW.sequence IS NOT OLD.sequence OR NEW.agreement_id IS NOT OLD.agreement_id)
  AND (SELECT status FROM grant_agreements WHERE id = OLD.agreement_id) <> 'draft'
BEGIN SELECT RAISE(ABORT, 'the tranche plan of a signed agreement is fixed'); END;
--> statement-breakpoint
CREATE TRIGGER grant_tranches_plan_fixed_delete BEFORE DELETE ON grant_tranches
WHEN (SELECT status FROM grant_agreements WHERE id = OLD.agreement_id) <> 'draft'
BEGIN SELECT RAISE(ABORT, 'the tranche plan of a signed agreement is fixed'); END;
--> statement-breakpoint

-- A signed agreement's terms never change, and it never goes back to draft.
CREATE TRIGGER grant_agreements_terms_fixed BEFORE UPDATE ON grant_agreements
WHEN OLD.status <> 'draft' AND (
  NEW.status = 'draft'
  OR NEW.amount_minor IS NOT OLD.amount_minor OR NEW.currency IS NOT OLD.currency
  OR NEW.in_kind_minor IS NOT OLD.in_kind_minor OR NEW.cash_minor IS NOT OLD.cash_minor
  OR NEW.funding_source_id IS NOT OLD.funding_source_id OR NEW.budget_line_id IS NOT OLD.budget_line_id
  OR NEW.case_id IS NOT OLD.case_id OR NEW.number IS NOT OLD.number OR NEW.signed_on IS NOT OLD.signed_on
)
BEGIN SELECT RAISE(ABORT, 'a signed agreement''s terms never change'); END;
