ALTER TABLE `displacement_records` ADD `abroad` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `displacement_records` ADD `visit_id` integer REFERENCES follow_up_visits(id);--> statement-breakpoint
CREATE UNIQUE INDEX `displacement_records_visit_unique` ON `displacement_records` (`visit_id`) WHERE "displacement_records"."visit_id" is not null;--> statement-breakpoint
ALTER TABLE `visit_photos` ADD `deleted_at` text;--> statement-breakpoint
ALTER TABLE `visit_photos` ADD `deleted_by_user_id` integer REFERENCES users(id);