ALTER TABLE `programmes` ADD `review_days` integer DEFAULT 10 NOT NULL;--> statement-breakpoint
ALTER TABLE `review_assignments` ADD `due_on` text;--> statement-breakpoint
-- Assignments made before due dates existed: due 10 days after the (Kyiv, taken as UTC+3) date they were made.
UPDATE `review_assignments` SET `due_on` = date(`created_at`, '+3 hours', '+10 days') WHERE `due_on` IS NULL;
