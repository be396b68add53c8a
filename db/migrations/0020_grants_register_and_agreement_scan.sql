ALTER TABLE `grant_agreements` ADD `scan_file_name` text;--> statement-breakpoint
ALTER TABLE `grant_agreements` ADD `scan_content_type` text;--> statement-breakpoint
ALTER TABLE `grant_agreements` ADD `scan_size_bytes` integer;--> statement-breakpoint
ALTER TABLE `grant_agreements` ADD `scan_sha256` text;--> statement-breakpoint
ALTER TABLE `grant_agreements` ADD `scan_storage_key` text;--> statement-breakpoint
ALTER TABLE `grant_agreements` ADD `scan_uploaded_at` text;--> statement-breakpoint
ALTER TABLE `grant_agreements` ADD `scan_uploaded_by_user_id` integer REFERENCES users(id);--> statement-breakpoint
CREATE INDEX `grant_agreements_programme_idx` ON `grant_agreements` (`programme_id`,`id`);--> statement-breakpoint
CREATE INDEX `grant_agreements_source_idx` ON `grant_agreements` (`funding_source_id`,`id`);--> statement-breakpoint
CREATE INDEX `grant_agreements_case_idx` ON `grant_agreements` (`case_id`,`status`);