-- A signed act of acceptance and transfer is a primary document (domain.md §9, Law 996-XIV
-- art. 9): once signed, what it says and the goods it lists never change. The procurement module
-- refuses such changes first with a clear message; these triggers are the last line.

-- A signed act keeps its content; only its scan may be added (once) beside it.
CREATE TRIGGER handover_acts_signed_fixed BEFORE UPDATE ON handover_acts
WHEN OLD.state = 'signed' AND (
  NEW.state IS NOT OLD.state OR NEW.number IS NOT OLD.number OR NEW.agreement_id IS NOT OLD.agreement_id
  OR NEW.case_id IS NOT OLD.case_id OR NEW.act_date IS NOT OLD.act_date OR NEW.place IS NOT OLD.place
  OR NEW.currency IS NOT OLD.currency OR NEW.issuer_name_uk IS NOT OLD.issuer_name_uk
  OR NEW.issuer_name_en IS NOT OLD.issuer_name_en OR NEW.issuer_edrpou IS NOT OLD.issuer_edrpou
  OR NEW.agency_representative_position IS NOT OLD.agency_representative_position
  OR NEW.agency_representative_name IS NOT OLD.agency_representative_name
  OR NEW.beneficiary_name IS NOT OLD.beneficiary_name
  OR NEW.beneficiary_id_document_sealed IS NOT OLD.beneficiary_id_document_sealed
  OR NEW.signed_at IS NOT OLD.signed_at OR NEW.signed_by_user_id IS NOT OLD.signed_by_user_id
)
BEGIN SELECT RAISE(ABORT, 'a signed act of acceptance and transfer never changes'); END;
--> statement-breakpoint
CREATE TRIGGER handover_acts_signed_no_delete BEFORE DELETE ON handover_acts
WHEN OLD.state = 'signed'
BEGIN SELECT RAISE(ABORT, 'a signed act of acceptance and transfer is never deleted'); END;
--> statement-breakpoint
-- The signed paper's scan is evidence: stored once, never replaced.
CREATE TRIGGER handover_acts_scan_kept BEFORE UPDATE ON handover_acts
WHEN OLD.scan_storage_key IS NOT NULL AND NEW.scan_storage_key IS NOT OLD.scan_storage_key
BEGIN SELECT RAISE(ABORT, 'the scan of an act is stored once and never replaced'); END;
--> statement-breakpoint
-- Goods on a signed act keep what the act says about them: act, serial number, quantity, price.
CREATE TRIGGER equipment_items_on_signed_act_fixed BEFORE UPDATE ON equipment_items
WHEN (SELECT state FROM handover_acts WHERE id = OLD.act_id) = 'signed' AND (
  NEW.act_id IS NOT OLD.act_id OR NEW.agreement_id IS NOT OLD.agreement_id OR NEW.name IS NOT OLD.name
  OR NEW.model IS NOT OLD.model OR NEW.unit IS NOT OLD.unit OR NEW.quantity IS NOT OLD.quantity
  OR NEW.serial_number IS NOT OLD.serial_number OR NEW.serial_key IS NOT OLD.serial_key
  OR NEW.inventory_number IS NOT OLD.inventory_number OR NEW.unit_price_minor IS NOT OLD.unit_price_minor
)
BEGIN SELECT RAISE(ABORT, 'goods on a signed act of acceptance and transfer never change'); END;
--> statement-breakpoint
CREATE TRIGGER equipment_items_on_signed_act_no_delete BEFORE DELETE ON equipment_items
WHEN (SELECT state FROM handover_acts WHERE id = OLD.act_id) = 'signed'
BEGIN SELECT RAISE(ABORT, 'goods on a signed act of acceptance and transfer are never deleted'); END;
--> statement-breakpoint
-- Only goods of the act's own agreement go on it.
CREATE TRIGGER equipment_items_act_agreement BEFORE UPDATE OF act_id ON equipment_items
WHEN NEW.act_id IS NOT NULL AND NEW.agreement_id IS NOT (SELECT agreement_id FROM handover_acts WHERE id = NEW.act_id)
BEGIN SELECT RAISE(ABORT, 'goods go only on an act of their own agreement'); END;
--> statement-breakpoint
-- A recovery is a record of what happened: never edited or deleted.
CREATE TRIGGER equipment_recoveries_no_update BEFORE UPDATE ON equipment_recoveries
BEGIN SELECT RAISE(ABORT, 'an equipment recovery is never changed'); END;
--> statement-breakpoint
CREATE TRIGGER equipment_recoveries_no_delete BEFORE DELETE ON equipment_recoveries
BEGIN SELECT RAISE(ABORT, 'an equipment recovery is never deleted'); END;
