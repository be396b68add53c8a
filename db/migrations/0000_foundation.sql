CREATE TABLE `admin_units` (
	`pcode` text PRIMARY KEY NOT NULL,
	`level` integer NOT NULL,
	`name_en` text NOT NULL,
	`name_uk` text NOT NULL,
	`parent_pcode` text,
	`lat_e6` integer,
	`lon_e6` integer,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	CONSTRAINT "admin_units_level_check" CHECK("admin_units"."level" between 1 and 4)
);
--> statement-breakpoint
CREATE INDEX `admin_units_parent_idx` ON `admin_units` (`parent_pcode`,`level`);--> statement-breakpoint
CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` text NOT NULL,
	`user_id` integer,
	`action` text NOT NULL,
	`entity_type` text NOT NULL,
	`entity_id` text NOT NULL,
	`case_id` integer,
	`before` text,
	`after` text,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `audit_log_entity_idx` ON `audit_log` (`entity_type`,`entity_id`,`id`);--> statement-breakpoint
CREATE INDEX `audit_log_case_idx` ON `audit_log` (`case_id`,`id`);--> statement-breakpoint
CREATE INDEX `audit_log_user_idx` ON `audit_log` (`user_id`,`id`);--> statement-breakpoint
CREATE TABLE `cases` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`case_code` text NOT NULL,
	`person_id` integer NOT NULL,
	`programme_id` integer NOT NULL,
	`stage` text DEFAULT 'application' NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	`responsible_officer_id` integer,
	`partner_organisation_id` integer,
	`mentor_id` integer,
	`oblast_pcode` text,
	`hromada_pcode` text,
	`application_date` text NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`person_id`) REFERENCES `persons`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`programme_id`) REFERENCES `programmes`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`responsible_officer_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`partner_organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`mentor_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`oblast_pcode`) REFERENCES `admin_units`(`pcode`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`hromada_pcode`) REFERENCES `admin_units`(`pcode`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `cases_case_code_unique` ON `cases` (`case_code`);--> statement-breakpoint
CREATE UNIQUE INDEX `cases_person_programme_unique` ON `cases` (`person_id`,`programme_id`);--> statement-breakpoint
CREATE INDEX `cases_programme_stage_idx` ON `cases` (`programme_id`,`stage`,`status`,`id`);--> statement-breakpoint
CREATE INDEX `cases_mentor_idx` ON `cases` (`mentor_id`,`id`);--> statement-breakpoint
CREATE INDEX `cases_partner_idx` ON `cases` (`partner_organisation_id`,`id`);--> statement-breakpoint
CREATE INDEX `cases_oblast_idx` ON `cases` (`oblast_pcode`,`id`);--> statement-breakpoint
CREATE TABLE `funding_sources` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`programme_id` integer NOT NULL,
	`name` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`programme_id`) REFERENCES `programmes`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `login_failures` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`key` text NOT NULL,
	`at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `login_failures_key_at_idx` ON `login_failures` (`key`,`at`);--> statement-breakpoint
CREATE TABLE `organisation_oblasts` (
	`organisation_id` integer NOT NULL,
	`oblast_pcode` text NOT NULL,
	PRIMARY KEY(`organisation_id`, `oblast_pcode`),
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`oblast_pcode`) REFERENCES `admin_units`(`pcode`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `organisations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`name_uk` text NOT NULL,
	`kind` text NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `organisations_name_unique` ON `organisations` (`name`);--> statement-breakpoint
CREATE TABLE `persons` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`surname` text NOT NULL,
	`first_name` text NOT NULL,
	`patronymic` text,
	`latin_name` text,
	`sex` text NOT NULL,
	`birth_date` text NOT NULL,
	`rnokpp_hash` text,
	`rnokpp_sealed` text,
	`passport_hash` text,
	`passport_sealed` text,
	`phone` text,
	`merged_into_person_id` integer,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `persons_rnokpp_hash_unique` ON `persons` (`rnokpp_hash`) WHERE "persons"."rnokpp_hash" is not null and "persons"."merged_into_person_id" is null;--> statement-breakpoint
CREATE UNIQUE INDEX `persons_passport_hash_unique` ON `persons` (`passport_hash`) WHERE "persons"."passport_hash" is not null and "persons"."merged_into_person_id" is null;--> statement-breakpoint
CREATE INDEX `persons_phone_idx` ON `persons` (`phone`);--> statement-breakpoint
CREATE TABLE `programmes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`code` text NOT NULL,
	`name` text NOT NULL,
	`name_uk` text NOT NULL,
	`donor` text NOT NULL,
	`currency` text NOT NULL,
	`grant_ceiling_minor` integer NOT NULL,
	`budget_envelope_minor` integer NOT NULL,
	`follow_up_offsets_months` text NOT NULL,
	`min_reviewers` integer DEFAULT 2 NOT NULL,
	`training_required` integer DEFAULT true NOT NULL,
	`small_cell_threshold` integer DEFAULT 5 NOT NULL,
	`eligibility_rules` text,
	`vulnerability_criteria` text,
	`start_date` text NOT NULL,
	`end_date` text,
	`active` integer DEFAULT true NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `programmes_code_unique` ON `programmes` (`code`);--> statement-breakpoint
CREATE TABLE `sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` integer NOT NULL,
	`expires_at` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `sessions_user_idx` ON `sessions` (`user_id`);--> statement-breakpoint
CREATE TABLE `users` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`email` text NOT NULL,
	`name` text NOT NULL,
	`password_hash` text NOT NULL,
	`must_change_password` integer DEFAULT false NOT NULL,
	`role` text NOT NULL,
	`organisation_id` integer NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`locale` text DEFAULT 'uk' NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_email_unique` ON `users` (`email`);--> statement-breakpoint
CREATE INDEX `users_organisation_role_idx` ON `users` (`organisation_id`,`role`);