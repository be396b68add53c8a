CREATE INDEX `cases_mentor_queue_idx` ON `cases` (`mentor_id`,`status`,`updated_at`);--> statement-breakpoint
CREATE INDEX `cases_partner_queue_idx` ON `cases` (`partner_organisation_id`,`status`,`updated_at`);--> statement-breakpoint
CREATE INDEX `cases_approved_idx` ON `cases` (`programme_id`,`decision`,`status`,`approved_amount_minor`);