CREATE TABLE `businesses` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`case_id` integer NOT NULL,
	`kind` text NOT NULL,
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
CREATE UNIQUE INDEX `businesses_case_unique` ON `businesses` (`case_id`);--> statement-breakpoint
CREATE TABLE `consents` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`person_id` integer NOT NULL,
	`given_on` text NOT NULL,
	`taken_by` text NOT NULL,
	`purposes` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`person_id`) REFERENCES `persons`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `consents_person_idx` ON `consents` (`person_id`);--> statement-breakpoint
CREATE TABLE `displacement_records` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`person_id` integer NOT NULL,
	`case_id` integer,
	`context` text NOT NULL,
	`recorded_on` text NOT NULL,
	`status` text NOT NULL,
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
CREATE INDEX `displacement_records_person_idx` ON `displacement_records` (`person_id`,`id`);--> statement-breakpoint
CREATE TABLE `import_mappings` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`form_key` text NOT NULL,
	`name` text NOT NULL,
	`mapping` text NOT NULL,
	`updated_by_user_id` integer,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`updated_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `import_mappings_form_key_unique` ON `import_mappings` (`form_key`);--> statement-breakpoint
CREATE TABLE `imports` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`file_name` text NOT NULL,
	`status` text NOT NULL,
	`total_rows` integer DEFAULT 0 NOT NULL,
	`processed_rows` integer DEFAULT 0 NOT NULL,
	`summary` text,
	`rejected_rows` text,
	`created_by_user_id` integer,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`created_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `person_match_keys` (
	`key` text NOT NULL,
	`person_id` integer NOT NULL,
	PRIMARY KEY(`key`, `person_id`),
	FOREIGN KEY (`person_id`) REFERENCES `persons`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `person_match_keys_person_idx` ON `person_match_keys` (`person_id`);--> statement-breakpoint
CREATE TABLE `possible_duplicates` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`person_id` integer NOT NULL,
	`matched_person_id` integer NOT NULL,
	`reasons` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`decided_by_user_id` integer,
	`decided_at` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`person_id`) REFERENCES `persons`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`matched_person_id`) REFERENCES `persons`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`decided_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `possible_duplicates_pair_unique` ON `possible_duplicates` (`person_id`,`matched_person_id`);--> statement-breakpoint
CREATE INDEX `possible_duplicates_status_idx` ON `possible_duplicates` (`status`,`id`);--> statement-breakpoint
CREATE TABLE `screenings` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`case_id` integer NOT NULL,
	`screened_on` text NOT NULL,
	`screened_by_user_id` integer,
	`eligible` integer NOT NULL,
	`rule_results` text NOT NULL,
	`vulnerability_score` integer NOT NULL,
	`vulnerability_breakdown` text NOT NULL,
	`override_reason` text,
	`overridden_by_user_id` integer,
	`overridden_at` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`screened_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`overridden_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `screenings_case_idx` ON `screenings` (`case_id`,`id`);--> statement-breakpoint
ALTER TABLE `cases` ADD `referral_source` text;--> statement-breakpoint
ALTER TABLE `cases` ADD `displacement_status` text;--> statement-breakpoint
ALTER TABLE `cases` ADD `household_size` integer;--> statement-breakpoint
ALTER TABLE `cases` ADD `children` integer;--> statement-breakpoint
ALTER TABLE `cases` ADD `older_members` integer;--> statement-breakpoint
ALTER TABLE `cases` ADD `members_with_disability` integer;--> statement-breakpoint
ALTER TABLE `cases` ADD `monthly_household_income_minor` integer;--> statement-breakpoint
ALTER TABLE `cases` ADD `female_headed` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `cases` ADD `single_parent` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `cases` ADD `veteran_or_family` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `cases` ADD `protection_flag` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `cases` ADD `protected_category` text;--> statement-breakpoint
ALTER TABLE `cases` ADD `eligibility` text DEFAULT 'pending' NOT NULL;--> statement-breakpoint
ALTER TABLE `cases` ADD `vulnerability_score` integer;--> statement-breakpoint
ALTER TABLE `cases` ADD `source_uuid` text;--> statement-breakpoint
CREATE UNIQUE INDEX `cases_source_uuid_unique` ON `cases` (`source_uuid`) WHERE "cases"."source_uuid" is not null;--> statement-breakpoint
CREATE INDEX `cases_programme_score_idx` ON `cases` (`programme_id`,`vulnerability_score`);--> statement-breakpoint
CREATE INDEX `cases_application_date_idx` ON `cases` (`application_date`,`id`);--> statement-breakpoint
CREATE INDEX `cases_hromada_idx` ON `cases` (`hromada_pcode`,`id`);--> statement-breakpoint
ALTER TABLE `persons` ADD `surname_skeleton` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `persons` ADD `first_name_skeleton` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `persons` ADD `washington_group` text;--> statement-breakpoint
ALTER TABLE `persons` ADD `disability` integer DEFAULT false NOT NULL;--> statement-breakpoint
CREATE INDEX `persons_name_skeleton_idx` ON `persons` (`surname_skeleton`,`first_name_skeleton`);