DROP INDEX `displacement_records_case_idx`;--> statement-breakpoint
CREATE INDEX `displacement_records_case_idx` ON `displacement_records` (`case_id`,`context`,`id`,`status`);--> statement-breakpoint
DROP INDEX `follow_up_visits_agreement_idx`;--> statement-breakpoint
CREATE INDEX `follow_up_visits_agreement_idx` ON `follow_up_visits` (`agreement_id`,`visit_date`,`id`,`operating_status`,`closure_date`,`residence`,`new_hromada_pcode`,`planned_visit_id`,`monthly_revenue_minor`,`monthly_net_income_minor`);--> statement-breakpoint
DROP INDEX `grant_ledger_entries_agreement_idx`;--> statement-breakpoint
CREATE INDEX `grant_ledger_entries_agreement_idx` ON `grant_ledger_entries` (`agreement_id`,`kind`,`reporting_amount_minor`);--> statement-breakpoint
CREATE INDEX `worker_roster_rows_visit_jobs_idx` ON `worker_roster_rows` (`visit_id`,`recorded_on`,`role`,`paid`,`hours_per_week`,`sex`,`displacement_status`,`start_date`,`end_date`,`months_per_year`) WHERE "worker_roster_rows"."visit_id" is not null;--> statement-breakpoint
CREATE INDEX `worker_roster_rows_baseline_jobs_idx` ON `worker_roster_rows` (`business_id`,`recorded_on`,`role`,`paid`,`hours_per_week`,`sex`,`displacement_status`,`start_date`,`end_date`,`months_per_year`) WHERE "worker_roster_rows"."snapshot_kind" = 'baseline';