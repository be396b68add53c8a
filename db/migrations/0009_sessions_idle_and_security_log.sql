CREATE TABLE `security_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` text NOT NULL,
	`event` text NOT NULL,
	`user_id` integer,
	`address` text,
	`method` text NOT NULL,
	`path` text NOT NULL,
	`detail` text,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `security_log_event_idx` ON `security_log` (`event`,`id`);--> statement-breakpoint
CREATE INDEX `security_log_at_idx` ON `security_log` (`at`);--> statement-breakpoint
ALTER TABLE `sessions` ADD `last_seen_at` text DEFAULT '1970-01-01T00:00:00.000Z' NOT NULL;