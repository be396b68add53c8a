DROP INDEX `cases_application_date_idx`;--> statement-breakpoint
CREATE INDEX `cases_application_date_idx` ON `cases` (`application_date`,`id`,`status`);