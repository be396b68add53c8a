CREATE TABLE `exchange_rates` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`rated_on` text NOT NULL,
	`base_currency` text NOT NULL,
	`quote_currency` text NOT NULL,
	`rate_micros` integer NOT NULL,
	`source` text NOT NULL,
	`entered_by_user_id` integer,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`entered_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "exchange_rates_rate_check" CHECK("exchange_rates"."rate_micros" > 0),
	CONSTRAINT "exchange_rates_pair_check" CHECK("exchange_rates"."base_currency" <> "exchange_rates"."quote_currency")
);
--> statement-breakpoint
CREATE UNIQUE INDEX `exchange_rates_pair_date_unique` ON `exchange_rates` (`rated_on`,`base_currency`,`quote_currency`);--> statement-breakpoint
CREATE TABLE `funding_budget_lines` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`funding_source_id` integer NOT NULL,
	`code` text NOT NULL,
	`name` text NOT NULL,
	`amount_minor` integer NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`funding_source_id`) REFERENCES `funding_sources`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "funding_budget_lines_amount_check" CHECK("funding_budget_lines"."amount_minor" >= 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `funding_budget_lines_code_unique` ON `funding_budget_lines` (`funding_source_id`,`code`);--> statement-breakpoint
CREATE TABLE `grant_agreements` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`programme_id` integer NOT NULL,
	`case_id` integer NOT NULL,
	`decision_id` integer NOT NULL,
	`number` text NOT NULL,
	`year` integer NOT NULL,
	`sequence` integer NOT NULL,
	`amount_minor` integer NOT NULL,
	`currency` text NOT NULL,
	`in_kind_minor` integer NOT NULL,
	`cash_minor` integer NOT NULL,
	`funding_source_id` integer NOT NULL,
	`budget_line_id` integer NOT NULL,
	`conditions` text,
	`status` text DEFAULT 'draft' NOT NULL,
	`signed_on` text,
	`signed_by_user_id` integer,
	`time_origin_on` text,
	`time_origin_reason` text,
	`withdrawn_on` text,
	`closing_reason` text,
	`created_by_user_id` integer,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`programme_id`) REFERENCES `programmes`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`decision_id`) REFERENCES `committee_decisions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`funding_source_id`) REFERENCES `funding_sources`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`budget_line_id`) REFERENCES `funding_budget_lines`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`signed_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "grant_agreements_amount_check" CHECK("grant_agreements"."amount_minor" > 0),
	CONSTRAINT "grant_agreements_split_check" CHECK("grant_agreements"."in_kind_minor" >= 0 and "grant_agreements"."cash_minor" >= 0 and "grant_agreements"."in_kind_minor" + "grant_agreements"."cash_minor" = "grant_agreements"."amount_minor"),
	CONSTRAINT "grant_agreements_signed_check" CHECK("grant_agreements"."status" in ('draft', 'cancelled') or ("grant_agreements"."signed_on" is not null and "grant_agreements"."signed_by_user_id" is not null))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `grant_agreements_number_unique` ON `grant_agreements` (`number`);--> statement-breakpoint
CREATE UNIQUE INDEX `grant_agreements_sequence_unique` ON `grant_agreements` (`programme_id`,`year`,`sequence`);--> statement-breakpoint
CREATE UNIQUE INDEX `grant_agreements_case_unique` ON `grant_agreements` (`case_id`) WHERE "grant_agreements"."status" <> 'cancelled';--> statement-breakpoint
CREATE INDEX `grant_agreements_status_idx` ON `grant_agreements` (`status`,`id`);--> statement-breakpoint
CREATE INDEX `grant_agreements_budget_line_idx` ON `grant_agreements` (`budget_line_id`);--> statement-breakpoint
CREATE TABLE `grant_ledger_entries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`agreement_id` integer NOT NULL,
	`budget_line_id` integer NOT NULL,
	`modality` text,
	`effective_on` text NOT NULL,
	`amount_minor` integer NOT NULL,
	`currency` text NOT NULL,
	`line_currency` text NOT NULL,
	`line_amount_minor` integer NOT NULL,
	`line_rate_id` integer,
	`line_rate_micros` integer,
	`line_rate_inverted` integer DEFAULT false NOT NULL,
	`reporting_currency` text NOT NULL,
	`reporting_amount_minor` integer NOT NULL,
	`reporting_rate_id` integer,
	`reporting_rate_micros` integer,
	`reporting_rate_inverted` integer DEFAULT false NOT NULL,
	`payment_id` integer,
	`act_id` integer,
	`reverses_entry_id` integer,
	`note` text,
	`recorded_by_user_id` integer,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`agreement_id`) REFERENCES `grant_agreements`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`budget_line_id`) REFERENCES `funding_budget_lines`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`line_rate_id`) REFERENCES `exchange_rates`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`reporting_rate_id`) REFERENCES `exchange_rates`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`payment_id`) REFERENCES `grant_payments`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`reverses_entry_id`) REFERENCES `grant_ledger_entries`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`recorded_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "grant_ledger_entries_sign_check" CHECK(("grant_ledger_entries"."kind" in ('commitment', 'disbursement') and "grant_ledger_entries"."amount_minor" > 0) or ("grant_ledger_entries"."kind" in ('release', 'return') and "grant_ledger_entries"."amount_minor" < 0) or ("grant_ledger_entries"."kind" = 'correction' and "grant_ledger_entries"."amount_minor" <> 0)),
	CONSTRAINT "grant_ledger_entries_reverses_check" CHECK("grant_ledger_entries"."kind" not in ('return', 'correction') or "grant_ledger_entries"."reverses_entry_id" is not null),
	CONSTRAINT "grant_ledger_entries_disbursement_check" CHECK("grant_ledger_entries"."kind" <> 'disbursement' or "grant_ledger_entries"."payment_id" is not null or "grant_ledger_entries"."act_id" is not null)
);
--> statement-breakpoint
CREATE INDEX `grant_ledger_entries_agreement_idx` ON `grant_ledger_entries` (`agreement_id`,`kind`);--> statement-breakpoint
CREATE INDEX `grant_ledger_entries_line_idx` ON `grant_ledger_entries` (`budget_line_id`,`kind`);--> statement-breakpoint
CREATE UNIQUE INDEX `grant_ledger_entries_payment_unique` ON `grant_ledger_entries` (`payment_id`) WHERE "grant_ledger_entries"."kind" = 'disbursement' and "grant_ledger_entries"."payment_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX `grant_ledger_entries_act_unique` ON `grant_ledger_entries` (`act_id`) WHERE "grant_ledger_entries"."kind" = 'disbursement' and "grant_ledger_entries"."act_id" is not null;--> statement-breakpoint
CREATE INDEX `grant_ledger_entries_reverses_idx` ON `grant_ledger_entries` (`reverses_entry_id`);--> statement-breakpoint
CREATE TABLE `grant_payments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`tranche_id` integer NOT NULL,
	`amount_minor` integer NOT NULL,
	`currency` text NOT NULL,
	`status` text NOT NULL,
	`bank_reference` text,
	`paid_on` text NOT NULL,
	`payer_account` text NOT NULL,
	`failure_reason` text,
	`retry_of_payment_id` integer,
	`recorded_by_user_id` integer,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`tranche_id`) REFERENCES `grant_tranches`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`retry_of_payment_id`) REFERENCES `grant_payments`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`recorded_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "grant_payments_amount_check" CHECK("grant_payments"."amount_minor" > 0),
	CONSTRAINT "grant_payments_paid_check" CHECK("grant_payments"."status" <> 'paid' or "grant_payments"."bank_reference" is not null),
	CONSTRAINT "grant_payments_failed_check" CHECK("grant_payments"."status" <> 'failed' or "grant_payments"."failure_reason" is not null)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `grant_payments_one_per_tranche` ON `grant_payments` (`tranche_id`) WHERE "grant_payments"."status" <> 'failed';--> statement-breakpoint
CREATE UNIQUE INDEX `grant_payments_retry_unique` ON `grant_payments` (`retry_of_payment_id`) WHERE "grant_payments"."retry_of_payment_id" is not null;--> statement-breakpoint
CREATE TABLE `grant_tranche_requirements` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`tranche_id` integer NOT NULL,
	`position` integer NOT NULL,
	`text` text NOT NULL,
	`verified_by_user_id` integer,
	`verified_at` text,
	`evidence_note` text,
	`visit_id` integer,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`tranche_id`) REFERENCES `grant_tranches`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`verified_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "grant_tranche_requirements_verified_check" CHECK(("grant_tranche_requirements"."verified_by_user_id" is null) = ("grant_tranche_requirements"."verified_at" is null))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `grant_tranche_requirements_position_unique` ON `grant_tranche_requirements` (`tranche_id`,`position`);--> statement-breakpoint
CREATE TABLE `grant_tranches` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`agreement_id` integer NOT NULL,
	`sequence` integer NOT NULL,
	`amount_minor` integer NOT NULL,
	`planned_on` text NOT NULL,
	`state` text DEFAULT 'planned' NOT NULL,
	`requested_by_user_id` integer,
	`requested_at` text,
	`approved_by_user_id` integer,
	`approved_at` text,
	`cancelled_reason` text,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`agreement_id`) REFERENCES `grant_agreements`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`requested_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`approved_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "grant_tranches_amount_check" CHECK("grant_tranches"."amount_minor" > 0),
	CONSTRAINT "grant_tranches_four_eyes_check" CHECK("grant_tranches"."approved_by_user_id" is null or "grant_tranches"."requested_by_user_id" is null or "grant_tranches"."approved_by_user_id" <> "grant_tranches"."requested_by_user_id"),
	CONSTRAINT "grant_tranches_approved_check" CHECK("grant_tranches"."state" not in ('approved', 'paid', 'failed') or ("grant_tranches"."requested_by_user_id" is not null and "grant_tranches"."approved_by_user_id" is not null))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `grant_tranches_sequence_unique` ON `grant_tranches` (`agreement_id`,`sequence`);--> statement-breakpoint
CREATE INDEX `grant_tranches_state_idx` ON `grant_tranches` (`state`,`agreement_id`);--> statement-breakpoint
-- The programme links are set aside while funding_sources is recreated (see 0006).
CREATE TEMP TABLE `_source_programmes` AS SELECT `programme_id`, `funding_source_id` FROM `programme_funding_sources`;--> statement-breakpoint
DELETE FROM `programme_funding_sources`;--> statement-breakpoint
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_funding_sources` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`donor` text NOT NULL,
	`reference` text NOT NULL,
	`currency` text NOT NULL,
	`total_minor` integer NOT NULL,
	`period_start` text NOT NULL,
	`period_end` text NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	CONSTRAINT "funding_sources_total_check" CHECK("__new_funding_sources"."total_minor" >= 0),
	CONSTRAINT "funding_sources_period_check" CHECK("__new_funding_sources"."period_start" <= "__new_funding_sources"."period_end")
);
--> statement-breakpoint
-- Sources created before they carried a donor, currency, total and period keep their name; the
-- rest starts empty for an admin to fill in (drizzle-kit's generated copy read columns the old
-- table did not have).
INSERT INTO `__new_funding_sources`("id", "name", "donor", "reference", "currency", "total_minor", "period_start", "period_end", "version", "created_at", "updated_at") SELECT "id", "name", '', '', 'UAH', 0, substr("created_at", 1, 10), substr("created_at", 1, 10), 1, "created_at", "updated_at" FROM `funding_sources`;--> statement-breakpoint
DROP TABLE `funding_sources`;--> statement-breakpoint
ALTER TABLE `__new_funding_sources` RENAME TO `funding_sources`;--> statement-breakpoint
INSERT INTO `programme_funding_sources` (`programme_id`, `funding_source_id`) SELECT `programme_id`, `funding_source_id` FROM temp.`_source_programmes`;--> statement-breakpoint
DROP TABLE temp.`_source_programmes`;--> statement-breakpoint
PRAGMA foreign_keys=ON;