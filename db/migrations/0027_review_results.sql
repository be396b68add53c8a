ALTER TABLE `business_plan_versions` ADD `review_count` integer;--> statement-breakpoint
ALTER TABLE `business_plan_versions` ADD `plan_score_hundredths` integer;--> statement-breakpoint
ALTER TABLE `business_plan_versions` ADD `recommended` integer;--> statement-breakpoint
ALTER TABLE `business_plan_versions` ADD `reviewers_disagree` integer;