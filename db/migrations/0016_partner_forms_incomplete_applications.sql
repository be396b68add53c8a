CREATE TABLE `case_extra_answers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`case_id` integer NOT NULL,
	`question` text NOT NULL,
	`label` text NOT NULL,
	`value` text NOT NULL,
	`free_text` integer DEFAULT false NOT NULL,
	`position` integer DEFAULT 0 NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `case_extra_answers_case_idx` ON `case_extra_answers` (`case_id`,`position`);--> statement-breakpoint
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_businesses` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`case_id` integer NOT NULL,
	`kind` text,
	`name` text,
	`legal_form` text,
	`kved_code` text,
	`kved_version` text,
	`registration_date` text,
	`baseline_workers` text,
	`baseline_monthly_revenue_minor` integer,
	`baseline_monthly_net_income_minor` integer,
	`requested_modality` text,
	`requested_amount_minor` integer,
	`currency` text DEFAULT 'UAH' NOT NULL,
	`co_contribution_minor` integer,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
INSERT INTO `__new_businesses`("id", "case_id", "kind", "name", "legal_form", "kved_code", "kved_version", "registration_date", "baseline_workers", "baseline_monthly_revenue_minor", "baseline_monthly_net_income_minor", "requested_modality", "requested_amount_minor", "currency", "co_contribution_minor", "version", "created_at", "updated_at") SELECT "id", "case_id", "kind", "name", "legal_form", "kved_code", "kved_version", "registration_date", "baseline_workers", "baseline_monthly_revenue_minor", "baseline_monthly_net_income_minor", "requested_modality", "requested_amount_minor", "currency", "co_contribution_minor", "version", "created_at", "updated_at" FROM `businesses`;--> statement-breakpoint
DROP TABLE `businesses`;--> statement-breakpoint
ALTER TABLE `__new_businesses` RENAME TO `businesses`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE UNIQUE INDEX `businesses_case_unique` ON `businesses` (`case_id`);--> statement-breakpoint
CREATE TABLE `__new_displacement_records` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`person_id` integer NOT NULL,
	`case_id` integer,
	`context` text NOT NULL,
	`recorded_on` text NOT NULL,
	`status` text,
	`idp_certificate_number` text,
	`idp_certificate_date` text,
	`current_oblast_pcode` text,
	`current_hromada_pcode` text,
	`origin_oblast_pcode` text,
	`origin_hromada_pcode` text,
	`recorded_by_user_id` integer,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`person_id`) REFERENCES `persons`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`current_oblast_pcode`) REFERENCES `admin_units`(`pcode`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`current_hromada_pcode`) REFERENCES `admin_units`(`pcode`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`origin_oblast_pcode`) REFERENCES `admin_units`(`pcode`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`origin_hromada_pcode`) REFERENCES `admin_units`(`pcode`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`recorded_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
INSERT INTO `__new_displacement_records`("id", "person_id", "case_id", "context", "recorded_on", "status", "idp_certificate_number", "idp_certificate_date", "current_oblast_pcode", "current_hromada_pcode", "origin_oblast_pcode", "origin_hromada_pcode", "recorded_by_user_id", "created_at") SELECT "id", "person_id", "case_id", "context", "recorded_on", "status", "idp_certificate_number", "idp_certificate_date", "current_oblast_pcode", "current_hromada_pcode", "origin_oblast_pcode", "origin_hromada_pcode", "recorded_by_user_id", "created_at" FROM `displacement_records`;--> statement-breakpoint
DROP TABLE `displacement_records`;--> statement-breakpoint
ALTER TABLE `__new_displacement_records` RENAME TO `displacement_records`;--> statement-breakpoint
CREATE INDEX `displacement_records_person_idx` ON `displacement_records` (`person_id`,`id`);--> statement-breakpoint
CREATE TABLE `__new_persons` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`surname` text NOT NULL,
	`first_name` text NOT NULL,
	`patronymic` text,
	`latin_name` text,
	`sex` text,
	`birth_date` text,
	`rnokpp_hash` text,
	`rnokpp_sealed` text,
	`passport_hash` text,
	`passport_sealed` text,
	`phone` text,
	`surname_skeleton` text DEFAULT '' NOT NULL,
	`first_name_skeleton` text DEFAULT '' NOT NULL,
	`washington_group` text,
	`disability` integer DEFAULT false NOT NULL,
	`merged_into_person_id` integer,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL
);
--> statement-breakpoint
INSERT INTO `__new_persons`("id", "surname", "first_name", "patronymic", "latin_name", "sex", "birth_date", "rnokpp_hash", "rnokpp_sealed", "passport_hash", "passport_sealed", "phone", "surname_skeleton", "first_name_skeleton", "washington_group", "disability", "merged_into_person_id", "version", "created_at", "updated_at") SELECT "id", "surname", "first_name", "patronymic", "latin_name", "sex", "birth_date", "rnokpp_hash", "rnokpp_sealed", "passport_hash", "passport_sealed", "phone", "surname_skeleton", "first_name_skeleton", "washington_group", "disability", "merged_into_person_id", "version", "created_at", "updated_at" FROM `persons`;--> statement-breakpoint
DROP TABLE `persons`;--> statement-breakpoint
ALTER TABLE `__new_persons` RENAME TO `persons`;--> statement-breakpoint
CREATE UNIQUE INDEX `persons_rnokpp_hash_unique` ON `persons` (`rnokpp_hash`) WHERE "persons"."rnokpp_hash" is not null and "persons"."merged_into_person_id" is null;--> statement-breakpoint
CREATE UNIQUE INDEX `persons_passport_hash_unique` ON `persons` (`passport_hash`) WHERE "persons"."passport_hash" is not null and "persons"."merged_into_person_id" is null;--> statement-breakpoint
CREATE INDEX `persons_phone_idx` ON `persons` (`phone`);--> statement-breakpoint
CREATE INDEX `persons_name_skeleton_idx` ON `persons` (`surname_skeleton`,`first_name_skeleton`);--> statement-breakpoint
CREATE INDEX `persons_first_name_skeleton_idx` ON `persons` (`first_name_skeleton`,`surname_skeleton`);--> statement-breakpoint
ALTER TABLE `cases` ADD `missing_fields` text;--> statement-breakpoint
ALTER TABLE `cases` ADD `not_collected_fields` text;--> statement-breakpoint
CREATE INDEX `cases_incomplete_idx` ON `cases` (`application_date`,`id`) WHERE "cases"."missing_fields" is not null;