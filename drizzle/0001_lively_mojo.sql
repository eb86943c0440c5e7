CREATE TABLE `pending_quiz_submissions` (
	`token_hash` text PRIMARY KEY NOT NULL,
	`attempt_id` integer NOT NULL,
	`module_id` text NOT NULL,
	`answers` text NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`used_at` integer,
	FOREIGN KEY (`attempt_id`) REFERENCES `quiz_attempts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
DROP INDEX `assignments_employee_module_year_idx`;--> statement-breakpoint
ALTER TABLE `assignments` ADD `cycle` integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE `assignments` ADD `closed_at` integer;--> statement-breakpoint
CREATE UNIQUE INDEX `assignments_employee_module_year_idx` ON `assignments` (`employee_id`,`module_id`,`fiscal_year`,`cycle`);