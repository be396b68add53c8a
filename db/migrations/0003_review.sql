CREATE TABLE `attachments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`case_id` integer NOT NULL,
	`plan_version_id` integer,
	`file_name` text NOT NULL,
	`content_type` text NOT NULL,
	`size_bytes` integer NOT NULL,
	`sha256` text NOT NULL,
	`storage_key` text NOT NULL,
	`uploaded_by_user_id` integer,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`plan_version_id`) REFERENCES `business_plan_versions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`uploaded_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `attachments_case_idx` ON `attachments` (`case_id`,`id`);--> statement-breakpoint
CREATE TABLE `budget_lines` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`plan_version_id` integer NOT NULL,
	`position` integer NOT NULL,
	`item` text NOT NULL,
	`quantity` integer NOT NULL,
	`unit_cost_minor` integer NOT NULL,
	`modality` text NOT NULL,
	`supplier_quote` text,
	FOREIGN KEY (`plan_version_id`) REFERENCES `business_plan_versions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `budget_lines_version_idx` ON `budget_lines` (`plan_version_id`,`position`);--> statement-breakpoint
CREATE TABLE `business_plan_versions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`plan_id` integer NOT NULL,
	`number` integer NOT NULL,
	`summary` text DEFAULT '' NOT NULL,
	`products` text DEFAULT '' NOT NULL,
	`market` text DEFAULT '' NOT NULL,
	`competitors` text DEFAULT '' NOT NULL,
	`experience` text DEFAULT '' NOT NULL,
	`premises` text DEFAULT '' NOT NULL,
	`risks` text DEFAULT '' NOT NULL,
	`expected_jobs_full_time` integer DEFAULT 0 NOT NULL,
	`expected_jobs_part_time` integer DEFAULT 0 NOT NULL,
	`expected_monthly_revenue_minor` integer,
	`co_contribution_minor` integer DEFAULT 0 NOT NULL,
	`revision_request` text,
	`submitted_at` text,
	`submitted_by_user_id` integer,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`plan_id`) REFERENCES `business_plans`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`submitted_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `business_plan_versions_number_unique` ON `business_plan_versions` (`plan_id`,`number`);--> statement-breakpoint
CREATE TABLE `business_plans` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`case_id` integer NOT NULL,
	`current_version` integer DEFAULT 1 NOT NULL,
	`status` text DEFAULT 'draft' NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `business_plans_case_unique` ON `business_plans` (`case_id`);--> statement-breakpoint
CREATE INDEX `business_plans_status_idx` ON `business_plans` (`status`);--> statement-breakpoint
CREATE TABLE `committee_decisions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`case_id` integer NOT NULL,
	`plan_version_id` integer NOT NULL,
	`decision` text NOT NULL,
	`amount_minor` integer,
	`modality` text,
	`conditions` text,
	`reason` text,
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
	FOREIGN KEY (`reopened_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `committee_decisions_case_idx` ON `committee_decisions` (`case_id`,`id`);--> statement-breakpoint
CREATE TABLE `review_assignments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`plan_version_id` integer NOT NULL,
	`case_id` integer NOT NULL,
	`reviewer_id` integer NOT NULL,
	`assigned_by_user_id` integer,
	`status` text DEFAULT 'assigned' NOT NULL,
	`conflict_of_interest` integer,
	`conflict_note` text,
	`declared_at` text,
	`scores` text,
	`weighted_total_hundredths` integer,
	`submitted_at` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`plan_version_id`) REFERENCES `business_plan_versions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`reviewer_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`assigned_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `review_assignments_unique` ON `review_assignments` (`plan_version_id`,`reviewer_id`);--> statement-breakpoint
CREATE INDEX `review_assignments_reviewer_idx` ON `review_assignments` (`reviewer_id`,`status`);--> statement-breakpoint
CREATE INDEX `review_assignments_case_idx` ON `review_assignments` (`case_id`);--> statement-breakpoint
CREATE TABLE `training_attendance` (
	`session_id` integer NOT NULL,
	`case_id` integer NOT NULL,
	`recorded_by_user_id` integer,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	PRIMARY KEY(`session_id`, `case_id`),
	FOREIGN KEY (`session_id`) REFERENCES `training_sessions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`recorded_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `training_attendance_case_idx` ON `training_attendance` (`case_id`);--> statement-breakpoint
CREATE TABLE `training_sessions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`programme_id` integer NOT NULL,
	`title` text NOT NULL,
	`held_on` text NOT NULL,
	`place` text,
	`created_by_user_id` integer,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`programme_id`) REFERENCES `programmes`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `training_sessions_programme_idx` ON `training_sessions` (`programme_id`,`held_on`);--> statement-breakpoint
ALTER TABLE `cases` ADD `training_completed_on` text;--> statement-breakpoint
ALTER TABLE `cases` ADD `decision` text;--> statement-breakpoint
ALTER TABLE `cases` ADD `approved_amount_minor` integer;--> statement-breakpoint
ALTER TABLE `programmes` ADD `rubric` text;