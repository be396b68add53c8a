CREATE TABLE `deliveries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`purchase_id` integer NOT NULL,
	`delivered_on` text NOT NULL,
	`waybill_number` text,
	`note` text,
	`checked_by_user_id` integer,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`purchase_id`) REFERENCES `purchases`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`checked_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `deliveries_purchase_idx` ON `deliveries` (`purchase_id`);--> statement-breakpoint
CREATE TABLE `delivery_lines` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`delivery_id` integer NOT NULL,
	`purchase_item_id` integer NOT NULL,
	`quantity_received` integer NOT NULL,
	`quantity_accepted` integer NOT NULL,
	`quantity_defective` integer NOT NULL,
	`status` text NOT NULL,
	`defective_serial_numbers` text NOT NULL,
	`defect_note` text,
	FOREIGN KEY (`delivery_id`) REFERENCES `deliveries`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`purchase_item_id`) REFERENCES `purchase_items`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "delivery_lines_quantities_check" CHECK("delivery_lines"."quantity_accepted" >= 0 and "delivery_lines"."quantity_defective" >= 0 and "delivery_lines"."quantity_accepted" + "delivery_lines"."quantity_defective" <= "delivery_lines"."quantity_received")
);
--> statement-breakpoint
CREATE UNIQUE INDEX `delivery_lines_item_unique` ON `delivery_lines` (`delivery_id`,`purchase_item_id`);--> statement-breakpoint
CREATE INDEX `delivery_lines_purchase_item_idx` ON `delivery_lines` (`purchase_item_id`);--> statement-breakpoint
CREATE TABLE `equipment_items` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`purchase_item_id` integer NOT NULL,
	`delivery_id` integer NOT NULL,
	`agreement_id` integer NOT NULL,
	`case_id` integer NOT NULL,
	`name` text NOT NULL,
	`model` text,
	`unit` text NOT NULL,
	`quantity` integer NOT NULL,
	`serial_number` text,
	`serial_key` text,
	`inventory_number` text,
	`unit_price_minor` integer NOT NULL,
	`act_id` integer,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`purchase_item_id`) REFERENCES `purchase_items`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`delivery_id`) REFERENCES `deliveries`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`agreement_id`) REFERENCES `grant_agreements`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`act_id`) REFERENCES `handover_acts`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "equipment_items_quantity_check" CHECK("equipment_items"."quantity" > 0 and "equipment_items"."unit_price_minor" >= 0),
	CONSTRAINT "equipment_items_serial_check" CHECK(("equipment_items"."serial_number" is null) = ("equipment_items"."serial_key" is null) and ("equipment_items"."serial_number" is null or "equipment_items"."quantity" = 1))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `equipment_items_serial_unique` ON `equipment_items` (`serial_key`) WHERE "equipment_items"."serial_key" is not null;--> statement-breakpoint
CREATE INDEX `equipment_items_agreement_idx` ON `equipment_items` (`agreement_id`,`id`);--> statement-breakpoint
CREATE INDEX `equipment_items_act_idx` ON `equipment_items` (`act_id`);--> statement-breakpoint
CREATE INDEX `equipment_items_case_idx` ON `equipment_items` (`case_id`);--> statement-breakpoint
CREATE TABLE `equipment_recoveries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`equipment_item_id` integer NOT NULL,
	`recovered_on` text NOT NULL,
	`reason` text NOT NULL,
	`condition` text NOT NULL,
	`recovered_by` text NOT NULL,
	`note` text,
	`recorded_by_user_id` integer,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`equipment_item_id`) REFERENCES `equipment_items`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`recorded_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `equipment_recoveries_item_unique` ON `equipment_recoveries` (`equipment_item_id`);--> statement-breakpoint
CREATE TABLE `handover_acts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`programme_id` integer NOT NULL,
	`agreement_id` integer NOT NULL,
	`case_id` integer NOT NULL,
	`number` text NOT NULL,
	`year` integer NOT NULL,
	`sequence` integer NOT NULL,
	`state` text DEFAULT 'prepared' NOT NULL,
	`act_date` text NOT NULL,
	`place` text NOT NULL,
	`currency` text DEFAULT 'UAH' NOT NULL,
	`issuer_name_uk` text NOT NULL,
	`issuer_name_en` text NOT NULL,
	`issuer_edrpou` text NOT NULL,
	`agency_representative_position` text NOT NULL,
	`agency_representative_name` text NOT NULL,
	`beneficiary_name` text NOT NULL,
	`beneficiary_id_document_sealed` text NOT NULL,
	`prepared_by_user_id` integer,
	`signed_at` text,
	`signed_by_user_id` integer,
	`cancelled_reason` text,
	`scan_file_name` text,
	`scan_content_type` text,
	`scan_size_bytes` integer,
	`scan_sha256` text,
	`scan_storage_key` text,
	`scan_uploaded_at` text,
	`scan_uploaded_by_user_id` integer,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`programme_id`) REFERENCES `programmes`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`agreement_id`) REFERENCES `grant_agreements`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`prepared_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`signed_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`scan_uploaded_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "handover_acts_currency_check" CHECK("handover_acts"."currency" = 'UAH'),
	CONSTRAINT "handover_acts_signed_check" CHECK("handover_acts"."state" <> 'signed' or ("handover_acts"."signed_at" is not null and "handover_acts"."signed_by_user_id" is not null)),
	CONSTRAINT "handover_acts_cancelled_check" CHECK("handover_acts"."state" <> 'cancelled' or "handover_acts"."cancelled_reason" is not null)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `handover_acts_number_unique` ON `handover_acts` (`number`);--> statement-breakpoint
CREATE UNIQUE INDEX `handover_acts_sequence_unique` ON `handover_acts` (`programme_id`,`year`,`sequence`);--> statement-breakpoint
CREATE INDEX `handover_acts_agreement_idx` ON `handover_acts` (`agreement_id`);--> statement-breakpoint
CREATE INDEX `handover_acts_state_idx` ON `handover_acts` (`state`,`id`);--> statement-breakpoint
CREATE TABLE `procurement_settings` (
	`programme_id` integer PRIMARY KEY NOT NULL,
	`min_quotations` integer DEFAULT 3 NOT NULL,
	`quotation_threshold_minor` integer DEFAULT 5000000 NOT NULL,
	`issuer_name_uk` text NOT NULL,
	`issuer_name_en` text NOT NULL,
	`issuer_edrpou` text NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`programme_id`) REFERENCES `programmes`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "procurement_settings_quotations_check" CHECK("procurement_settings"."min_quotations" between 1 and 10 and "procurement_settings"."quotation_threshold_minor" >= 0),
	CONSTRAINT "procurement_settings_edrpou_check" CHECK(length("procurement_settings"."issuer_edrpou") = 8 and "procurement_settings"."issuer_edrpou" not glob '*[^0-9]*')
);
--> statement-breakpoint
CREATE TABLE `purchase_items` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`purchase_id` integer NOT NULL,
	`position` integer NOT NULL,
	`agreement_id` integer NOT NULL,
	`case_id` integer NOT NULL,
	`plan_budget_line_id` integer NOT NULL,
	`name` text NOT NULL,
	`model` text,
	`unit` text NOT NULL,
	`quantity` integer NOT NULL,
	`estimated_unit_price_minor` integer NOT NULL,
	`serialised` integer NOT NULL,
	FOREIGN KEY (`purchase_id`) REFERENCES `purchases`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`agreement_id`) REFERENCES `grant_agreements`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`plan_budget_line_id`) REFERENCES `budget_lines`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "purchase_items_quantity_check" CHECK("purchase_items"."quantity" > 0 and "purchase_items"."estimated_unit_price_minor" >= 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `purchase_items_position_unique` ON `purchase_items` (`purchase_id`,`position`);--> statement-breakpoint
CREATE INDEX `purchase_items_agreement_idx` ON `purchase_items` (`agreement_id`);--> statement-breakpoint
CREATE INDEX `purchase_items_plan_line_idx` ON `purchase_items` (`plan_budget_line_id`);--> statement-breakpoint
CREATE TABLE `purchases` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`programme_id` integer NOT NULL,
	`number` text NOT NULL,
	`year` integer NOT NULL,
	`sequence` integer NOT NULL,
	`description` text NOT NULL,
	`state` text DEFAULT 'draft' NOT NULL,
	`currency` text DEFAULT 'UAH' NOT NULL,
	`chosen_quotation_id` integer,
	`choice_reason` text,
	`order_number` text,
	`ordered_on` text,
	`ordered_by_user_id` integer,
	`cancelled_reason` text,
	`created_by_user_id` integer,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`programme_id`) REFERENCES `programmes`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`chosen_quotation_id`) REFERENCES `quotations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`ordered_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "purchases_currency_check" CHECK("purchases"."currency" = 'UAH'),
	CONSTRAINT "purchases_order_check" CHECK("purchases"."state" not in ('ordered', 'delivered', 'closed') or ("purchases"."chosen_quotation_id" is not null and "purchases"."order_number" is not null and "purchases"."ordered_on" is not null)),
	CONSTRAINT "purchases_cancelled_check" CHECK("purchases"."state" <> 'cancelled' or "purchases"."cancelled_reason" is not null)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `purchases_number_unique` ON `purchases` (`number`);--> statement-breakpoint
CREATE UNIQUE INDEX `purchases_sequence_unique` ON `purchases` (`programme_id`,`year`,`sequence`);--> statement-breakpoint
CREATE UNIQUE INDEX `purchases_order_number_unique` ON `purchases` (`order_number`) WHERE "purchases"."order_number" is not null;--> statement-breakpoint
CREATE INDEX `purchases_state_idx` ON `purchases` (`state`,`id`);--> statement-breakpoint
CREATE TABLE `quotation_prices` (
	`quotation_id` integer NOT NULL,
	`purchase_item_id` integer NOT NULL,
	`unit_price_minor` integer NOT NULL,
	PRIMARY KEY(`quotation_id`, `purchase_item_id`),
	FOREIGN KEY (`quotation_id`) REFERENCES `quotations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`purchase_item_id`) REFERENCES `purchase_items`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "quotation_prices_price_check" CHECK("quotation_prices"."unit_price_minor" >= 0)
);
--> statement-breakpoint
CREATE TABLE `quotations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`purchase_id` integer NOT NULL,
	`supplier_id` integer NOT NULL,
	`received_on` text NOT NULL,
	`reference` text,
	`note` text,
	`recorded_by_user_id` integer,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`purchase_id`) REFERENCES `purchases`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`supplier_id`) REFERENCES `suppliers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`recorded_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `quotations_supplier_unique` ON `quotations` (`purchase_id`,`supplier_id`);--> statement-breakpoint
CREATE TABLE `supplier_oblasts` (
	`supplier_id` integer NOT NULL,
	`oblast_pcode` text NOT NULL,
	PRIMARY KEY(`supplier_id`, `oblast_pcode`),
	FOREIGN KEY (`supplier_id`) REFERENCES `suppliers`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`oblast_pcode`) REFERENCES `admin_units`(`pcode`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `supplier_oblasts_oblast_idx` ON `supplier_oblasts` (`oblast_pcode`);--> statement-breakpoint
CREATE TABLE `suppliers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`edrpou` text,
	`rnokpp_hash` text,
	`rnokpp_sealed` text,
	`contact_person` text,
	`phone` text,
	`email` text,
	`address` text,
	`active` integer DEFAULT true NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	CONSTRAINT "suppliers_code_check" CHECK(("suppliers"."kind" = 'legal_entity' and "suppliers"."edrpou" is not null and "suppliers"."rnokpp_hash" is null) or ("suppliers"."kind" = 'sole_trader' and "suppliers"."edrpou" is null and "suppliers"."rnokpp_hash" is not null and "suppliers"."rnokpp_sealed" is not null))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `suppliers_edrpou_unique` ON `suppliers` (`edrpou`) WHERE "suppliers"."edrpou" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX `suppliers_rnokpp_hash_unique` ON `suppliers` (`rnokpp_hash`) WHERE "suppliers"."rnokpp_hash" is not null;--> statement-breakpoint
ALTER TABLE `import_mappings` ADD `version` integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE `training_attendance` ADD `attended` integer DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE `training_attendance` ADD `version` integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE `training_attendance` ADD `updated_at` text;