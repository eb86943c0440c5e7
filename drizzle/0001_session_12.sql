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
CREATE TABLE `drill_campaigns` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`template_id` text,
	`sender_name` text NOT NULL,
	`sender_address` text NOT NULL,
	`subject` text NOT NULL,
	`body_text` text NOT NULL,
	`signs` text NOT NULL,
	`landing` text NOT NULL,
	`module_id` text NOT NULL,
	`follow_up_days` integer NOT NULL,
	`audience` text NOT NULL,
	`window_days` integer NOT NULL,
	`status` text NOT NULL,
	`source` text DEFAULT 'mamori' NOT NULL,
	`created_by_account_id` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`launched_at` integer,
	`launched_by_account_id` integer,
	FOREIGN KEY (`created_by_account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`launched_by_account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `drill_imports` (
	`id` text PRIMARY KEY NOT NULL,
	`campaign_name` text NOT NULL,
	`file_name` text NOT NULL,
	`content` text NOT NULL,
	`module_id` text NOT NULL,
	`follow_up_days` integer NOT NULL,
	`uploaded_by_account_id` integer,
	`created_at` integer NOT NULL,
	`applied_at` integer,
	`campaign_id` integer,
	FOREIGN KEY (`uploaded_by_account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`campaign_id`) REFERENCES `drill_campaigns`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `drill_recipients` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`campaign_id` integer NOT NULL,
	`employee_id` integer NOT NULL,
	`department_id` integer NOT NULL,
	`token_hash` text,
	`reference` text NOT NULL,
	`outbox_id` integer,
	`scheduled_at` integer,
	`sent_at` integer,
	`clicked_at` integer,
	`entered_at` integer,
	`reported_at` integer,
	`report_channel` text,
	`follow_up` text,
	`follow_up_assignment_id` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`campaign_id`) REFERENCES `drill_campaigns`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`employee_id`) REFERENCES `employees`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`department_id`) REFERENCES `departments`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`outbox_id`) REFERENCES `outbox`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`follow_up_assignment_id`) REFERENCES `assignments`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `drill_recipients_token_hash_unique` ON `drill_recipients` (`token_hash`);--> statement-breakpoint
CREATE UNIQUE INDEX `drill_recipients_reference_unique` ON `drill_recipients` (`reference`);--> statement-breakpoint
CREATE UNIQUE INDEX `drill_recipients_campaign_employee_idx` ON `drill_recipients` (`campaign_id`,`employee_id`);--> statement-breakpoint
CREATE INDEX `drill_recipients_employee_idx` ON `drill_recipients` (`employee_id`);--> statement-breakpoint
DROP INDEX `assignments_employee_module_year_idx`;--> statement-breakpoint
ALTER TABLE `assignments` ADD `cycle` integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE `assignments` ADD `closed_at` integer;--> statement-breakpoint
CREATE UNIQUE INDEX `assignments_employee_module_year_idx` ON `assignments` (`employee_id`,`module_id`,`fiscal_year`,`cycle`);--> statement-breakpoint
DROP INDEX `outbox_run_date_recipient_idx`;--> statement-breakpoint
ALTER TABLE `outbox` ADD `kind` text DEFAULT 'reminder' NOT NULL;--> statement-breakpoint
ALTER TABLE `outbox` ADD `from_address` text;--> statement-breakpoint
ALTER TABLE `outbox` ADD `redacted_body_text` text;--> statement-breakpoint
CREATE UNIQUE INDEX `outbox_run_date_recipient_idx` ON `outbox` (`run_date`,`recipient_employee_id`) WHERE "outbox"."kind" = 'reminder';--> statement-breakpoint
ALTER TABLE `employees` ADD `search_key` text DEFAULT '' NOT NULL;