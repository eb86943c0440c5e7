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
CREATE TABLE `self_inspection_answers` (
	`response_id` integer NOT NULL,
	`item_id` text NOT NULL,
	`answer` text,
	`comment` text,
	`improvement_plan` text,
	`improvement_due` text,
	`improvement_closed_at` integer,
	`improvement_closed_by_account_id` integer,
	`improvement_closed_note` text,
	PRIMARY KEY(`response_id`, `item_id`),
	FOREIGN KEY (`response_id`) REFERENCES `self_inspection_responses`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`improvement_closed_by_account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `self_inspection_campaigns` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`fiscal_year` integer NOT NULL,
	`checklist_id` text NOT NULL,
	`checklist_version` integer NOT NULL,
	`checklist` text NOT NULL,
	`checklist_hash` text NOT NULL,
	`due_date` text NOT NULL,
	`opened_on` text NOT NULL,
	`opened_at` integer NOT NULL,
	`opened_by_account_id` integer,
	FOREIGN KEY (`opened_by_account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `self_inspection_campaigns_fiscal_year_unique` ON `self_inspection_campaigns` (`fiscal_year`);--> statement-breakpoint
CREATE TABLE `self_inspection_reminders` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`response_id` integer NOT NULL,
	`kind` text NOT NULL,
	`slot_date` text NOT NULL,
	`recipient_employee_id` integer,
	`channel` text NOT NULL,
	`note` text,
	`outbox_id` integer,
	`recorded_at` integer NOT NULL,
	FOREIGN KEY (`response_id`) REFERENCES `self_inspection_responses`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`recipient_employee_id`) REFERENCES `employees`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `self_inspection_reminders_slot_idx` ON `self_inspection_reminders` (`response_id`,`kind`,`slot_date`,`recipient_employee_id`);--> statement-breakpoint
CREATE INDEX `self_inspection_reminders_run_idx` ON `self_inspection_reminders` (`slot_date`);--> statement-breakpoint
CREATE TABLE `self_inspection_responses` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`campaign_id` integer NOT NULL,
	`department_id` integer NOT NULL,
	`status` text DEFAULT 'draft' NOT NULL,
	`updated_at` integer,
	`updated_by_account_id` integer,
	`submitted_at` integer,
	`submitted_by_account_id` integer,
	`submitted_by_employee_id` integer,
	FOREIGN KEY (`campaign_id`) REFERENCES `self_inspection_campaigns`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`department_id`) REFERENCES `departments`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`updated_by_account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`submitted_by_account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`submitted_by_employee_id`) REFERENCES `employees`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `self_inspection_responses_campaign_department_idx` ON `self_inspection_responses` (`campaign_id`,`department_id`);--> statement-breakpoint
CREATE TABLE `module_rereads` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`assignment_id` integer NOT NULL,
	`read_at` integer NOT NULL,
	`failures` integer NOT NULL,
	FOREIGN KEY (`assignment_id`) REFERENCES `assignments`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `module_rereads_assignment_idx` ON `module_rereads` (`assignment_id`);--> statement-breakpoint
DROP INDEX `assignments_employee_module_year_idx`;--> statement-breakpoint
ALTER TABLE `assignments` ADD `cycle` integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE `assignments` ADD `closed_at` integer;--> statement-breakpoint
CREATE UNIQUE INDEX `assignments_employee_module_year_idx` ON `assignments` (`employee_id`,`module_id`,`fiscal_year`,`cycle`);--> statement-breakpoint
ALTER TABLE `employees` ADD `search_key` text DEFAULT '' NOT NULL;