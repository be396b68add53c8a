PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_committee_decisions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`case_id` integer NOT NULL,
	`plan_version_id` integer NOT NULL,
	`decision` text NOT NULL,
	`amount_minor` integer,
	`in_kind_minor` integer,
	`cash_minor` integer,
	`modality` text,
	`conditions` text,
	`conditions_en` text,
	`reason` text,
	`reason_en` text,
	`rank_order_reason` text,
	`letter_number` text,
	`issued_on` text,
	`committee_date` text NOT NULL,
	`members` text NOT NULL,
	`decided_by_user_id` integer,
	`reopened_at` text,
	`reopened_by_user_id` integer,
	`reopen_reason` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`plan_version_id`) REFERENCES `business_plan_versions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`decided_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`reopened_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "committee_decisions_split_check" CHECK(("__new_committee_decisions"."in_kind_minor" is null and "__new_committee_decisions"."cash_minor" is null) or ("__new_committee_decisions"."in_kind_minor" >= 0 and "__new_committee_decisions"."cash_minor" >= 0 and "__new_committee_decisions"."in_kind_minor" + "__new_committee_decisions"."cash_minor" = "__new_committee_decisions"."amount_minor"))
);
--> statement-breakpoint
INSERT INTO `__new_committee_decisions`("id", "case_id", "plan_version_id", "decision", "amount_minor", "modality", "conditions", "reason", "committee_date", "members", "decided_by_user_id", "reopened_at", "reopened_by_user_id", "reopen_reason", "created_at") SELECT "id", "case_id", "plan_version_id", "decision", "amount_minor", "modality", "conditions", "reason", "committee_date", "members", "decided_by_user_id", "reopened_at", "reopened_by_user_id", "reopen_reason", "created_at" FROM `committee_decisions`;--> statement-breakpoint
DROP TABLE `committee_decisions`;--> statement-breakpoint
ALTER TABLE `__new_committee_decisions` RENAME TO `committee_decisions`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE INDEX `committee_decisions_case_idx` ON `committee_decisions` (`case_id`,`id`);--> statement-breakpoint
CREATE UNIQUE INDEX `committee_decisions_letter_number_unique` ON `committee_decisions` (`letter_number`) WHERE "committee_decisions"."letter_number" is not null;--> statement-breakpoint
ALTER TABLE `programmes` ADD `donor_uk` text;--> statement-breakpoint
ALTER TABLE `programmes` ADD `agency_name_uk` text;--> statement-breakpoint
ALTER TABLE `programmes` ADD `agency_name` text;--> statement-breakpoint
ALTER TABLE `programmes` ADD `agency_address_uk` text;--> statement-breakpoint
ALTER TABLE `programmes` ADD `agency_address` text;--> statement-breakpoint
ALTER TABLE `programmes` ADD `agency_phone` text;--> statement-breakpoint
ALTER TABLE `programmes` ADD `agency_email` text;--> statement-breakpoint
ALTER TABLE `programmes` ADD `complaints_channel_uk` text;--> statement-breakpoint
ALTER TABLE `programmes` ADD `complaints_channel` text;--> statement-breakpoint
ALTER TABLE `programmes` ADD `signatory_name_uk` text;--> statement-breakpoint
ALTER TABLE `programmes` ADD `signatory_name` text;--> statement-breakpoint
ALTER TABLE `programmes` ADD `signatory_position_uk` text;--> statement-breakpoint
ALTER TABLE `programmes` ADD `signatory_position` text;--> statement-breakpoint
ALTER TABLE `programmes` ADD `agreement_call_days` integer DEFAULT 10 NOT NULL;