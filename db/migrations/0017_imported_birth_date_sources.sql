ALTER TABLE `persons` ADD `birth_date_source` text;--> statement-breakpoint
ALTER TABLE `persons` ADD `approximate_birth_year` integer;--> statement-breakpoint
ALTER TABLE `persons` ADD `sex_source` text;