CREATE TABLE `follow_up_schedules` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`programme_id` integer NOT NULL,
	`modality` text NOT NULL,
	`version` integer NOT NULL,
	`effective_from` text NOT NULL,
	`stages` text NOT NULL,
	`created_by_user_id` integer,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`programme_id`) REFERENCES `programmes`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `follow_up_schedules_version_unique` ON `follow_up_schedules` (`programme_id`,`modality`,`version`);--> statement-breakpoint
CREATE TABLE `follow_up_visits` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`planned_visit_id` integer,
	`case_id` integer NOT NULL,
	`agreement_id` integer NOT NULL,
	`visit_date` text NOT NULL,
	`mode` text NOT NULL,
	`visitor_user_id` integer NOT NULL,
	`operating_status` text NOT NULL,
	`closure_date` text,
	`closure_reason` text,
	`monthly_revenue_minor` integer,
	`monthly_net_income_minor` integer,
	`residence` text NOT NULL,
	`new_hromada_pcode` text,
	`problems` text NOT NULL,
	`mentoring_given` text NOT NULL,
	`notes` text,
	`tranche_requirement_id` integer,
	`idempotency_key` text NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`created_by_user_id` integer NOT NULL,
	`updated_by_user_id` integer,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`planned_visit_id`) REFERENCES `planned_visits`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`agreement_id`) REFERENCES `grant_agreements`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`visitor_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`new_hromada_pcode`) REFERENCES `admin_units`(`pcode`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`tranche_requirement_id`) REFERENCES `grant_tranche_requirements`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`updated_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "follow_up_visits_closure_check" CHECK("follow_up_visits"."operating_status" = 'closed' or ("follow_up_visits"."closure_date" is null and "follow_up_visits"."closure_reason" is null))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `follow_up_visits_idempotency_unique` ON `follow_up_visits` (`idempotency_key`);--> statement-breakpoint
CREATE UNIQUE INDEX `follow_up_visits_planned_unique` ON `follow_up_visits` (`planned_visit_id`) WHERE "follow_up_visits"."planned_visit_id" is not null;--> statement-breakpoint
CREATE INDEX `follow_up_visits_case_idx` ON `follow_up_visits` (`case_id`,`visit_date`);--> statement-breakpoint
CREATE INDEX `follow_up_visits_date_idx` ON `follow_up_visits` (`visit_date`);--> statement-breakpoint
CREATE TABLE `planned_visits` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`agreement_id` integer NOT NULL,
	`case_id` integer NOT NULL,
	`schedule_id` integer,
	`months_after_origin` integer NOT NULL,
	`due_date` text NOT NULL,
	`window_start` text NOT NULL,
	`window_end` text NOT NULL,
	`required` integer NOT NULL,
	`rescheduled_reason` text,
	`rescheduled_by_user_id` integer,
	`rescheduled_at` text,
	`skipped_reason` text,
	`skipped_by_user_id` integer,
	`skipped_at` text,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`agreement_id`) REFERENCES `grant_agreements`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`schedule_id`) REFERENCES `follow_up_schedules`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`rescheduled_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`skipped_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "planned_visits_window_check" CHECK("planned_visits"."window_start" <= "planned_visits"."due_date" and "planned_visits"."due_date" <= "planned_visits"."window_end")
);
--> statement-breakpoint
CREATE UNIQUE INDEX `planned_visits_stage_unique` ON `planned_visits` (`agreement_id`,`months_after_origin`);--> statement-breakpoint
CREATE INDEX `planned_visits_case_idx` ON `planned_visits` (`case_id`,`due_date`);--> statement-breakpoint
CREATE INDEX `planned_visits_window_idx` ON `planned_visits` (`window_end`,`window_start`);--> statement-breakpoint
CREATE TABLE `visit_equipment_statuses` (
	`visit_id` integer NOT NULL,
	`equipment_item_id` integer NOT NULL,
	`status` text NOT NULL,
	PRIMARY KEY(`visit_id`, `equipment_item_id`),
	FOREIGN KEY (`visit_id`) REFERENCES `follow_up_visits`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`equipment_item_id`) REFERENCES `equipment_items`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `visit_equipment_statuses_item_idx` ON `visit_equipment_statuses` (`equipment_item_id`);--> statement-breakpoint
CREATE TABLE `visit_photos` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`visit_id` integer NOT NULL,
	`case_id` integer NOT NULL,
	`file_name` text NOT NULL,
	`content_type` text NOT NULL,
	`size_bytes` integer NOT NULL,
	`width` integer,
	`height` integer,
	`sha256` text NOT NULL,
	`storage_key` text NOT NULL,
	`uploaded_by_user_id` integer,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`visit_id`) REFERENCES `follow_up_visits`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`uploaded_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `visit_photos_visit_idx` ON `visit_photos` (`visit_id`);--> statement-breakpoint
CREATE TABLE `worker_roster_rows` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`business_id` integer NOT NULL,
	`case_id` integer NOT NULL,
	`snapshot_kind` text NOT NULL,
	`visit_id` integer,
	`recorded_on` text NOT NULL,
	`worker_id` text NOT NULL,
	`role` text,
	`paid` integer,
	`hours_per_week` real,
	`sex` text,
	`displacement_status` text,
	`start_date` text,
	`end_date` text,
	`months_per_year` integer,
	`source` text DEFAULT 'recorded' NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`business_id`) REFERENCES `businesses`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`visit_id`) REFERENCES `follow_up_visits`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "worker_roster_rows_snapshot_check" CHECK(("worker_roster_rows"."snapshot_kind" = 'visit') = ("worker_roster_rows"."visit_id" is not null))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `worker_roster_rows_visit_unique` ON `worker_roster_rows` (`visit_id`,`worker_id`) WHERE "worker_roster_rows"."visit_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX `worker_roster_rows_baseline_unique` ON `worker_roster_rows` (`business_id`,`worker_id`) WHERE "worker_roster_rows"."snapshot_kind" = 'baseline';--> statement-breakpoint
CREATE INDEX `worker_roster_rows_case_idx` ON `worker_roster_rows` (`case_id`,`recorded_on`);