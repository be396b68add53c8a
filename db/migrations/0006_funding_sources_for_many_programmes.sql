CREATE TABLE `programme_funding_sources` (
	`programme_id` integer NOT NULL,
	`funding_source_id` integer NOT NULL,
	PRIMARY KEY(`programme_id`, `funding_source_id`),
	FOREIGN KEY (`programme_id`) REFERENCES `programmes`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`funding_source_id`) REFERENCES `funding_sources`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `programme_funding_sources_source_idx` ON `programme_funding_sources` (`funding_source_id`);--> statement-breakpoint
-- Keep the programme of any source created before sources could serve several programmes. The
-- migrator runs in a transaction, where foreign_keys=OFF has no effect, so the links are put in
-- place only after funding_sources is recreated (dropping a referenced row would fail).
CREATE TEMP TABLE `_source_programmes` AS SELECT `programme_id`, `id` AS `funding_source_id` FROM `funding_sources`;--> statement-breakpoint
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_funding_sources` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL
);
--> statement-breakpoint
INSERT INTO `__new_funding_sources`("id", "name", "created_at", "updated_at") SELECT "id", "name", "created_at", "updated_at" FROM `funding_sources`;--> statement-breakpoint
DROP TABLE `funding_sources`;--> statement-breakpoint
ALTER TABLE `__new_funding_sources` RENAME TO `funding_sources`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
INSERT INTO `programme_funding_sources` (`programme_id`, `funding_source_id`) SELECT `programme_id`, `funding_source_id` FROM temp.`_source_programmes`;--> statement-breakpoint
DROP TABLE temp.`_source_programmes`;
