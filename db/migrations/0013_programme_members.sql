CREATE TABLE `programme_members` (
	`programme_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	PRIMARY KEY(`programme_id`, `user_id`),
	FOREIGN KEY (`programme_id`) REFERENCES `programmes`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `programme_members_user_idx` ON `programme_members` (`user_id`,`programme_id`);--> statement-breakpoint
-- Until now every officer saw every programme: keep that for the officers who exist, so the
-- deploy changes nobody's access; admins narrow it on each officer's page from now on.
INSERT INTO `programme_members` (`programme_id`, `user_id`) SELECT p.`id`, u.`id` FROM `programmes` p CROSS JOIN `users` u WHERE u.`role` = 'officer';
