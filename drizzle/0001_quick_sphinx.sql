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
DROP INDEX `outbox_run_date_recipient_idx`;--> statement-breakpoint
ALTER TABLE `outbox` ADD `kind` text DEFAULT 'reminder' NOT NULL;--> statement-breakpoint
ALTER TABLE `outbox` ADD `from_address` text;--> statement-breakpoint
ALTER TABLE `outbox` ADD `redacted_body_text` text;--> statement-breakpoint
CREATE UNIQUE INDEX `outbox_run_date_recipient_idx` ON `outbox` (`run_date`,`recipient_employee_id`) WHERE "outbox"."kind" = 'reminder';