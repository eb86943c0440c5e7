CREATE TABLE `job_leases` (
	`name` text PRIMARY KEY NOT NULL,
	`holder` text NOT NULL,
	`host` text NOT NULL,
	`pid` integer NOT NULL,
	`acquired_at` integer NOT NULL,
	`expires_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `outbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`message_id` text NOT NULL,
	`recipient_employee_id` integer NOT NULL,
	`to_address` text NOT NULL,
	`subject` text NOT NULL,
	`body_text` text NOT NULL,
	`run_date` text NOT NULL,
	`status` text DEFAULT 'queued' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`last_error` text,
	`sending_attempt_id` text,
	`sending_started_at` integer,
	`sent_at` integer,
	`smtp_response` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`recipient_employee_id`) REFERENCES `employees`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `outbox_message_id_unique` ON `outbox` (`message_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `outbox_run_date_recipient_idx` ON `outbox` (`run_date`,`recipient_employee_id`);--> statement-breakpoint
CREATE INDEX `outbox_status_next_idx` ON `outbox` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE TABLE `reminder_digests` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`audience` text NOT NULL,
	`recipient_employee_id` integer NOT NULL,
	`slot_date` text NOT NULL,
	`outbox_id` integer,
	`channel` text NOT NULL,
	`item_count` integer NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`recipient_employee_id`) REFERENCES `employees`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`outbox_id`) REFERENCES `outbox`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `reminder_digests_slot_idx` ON `reminder_digests` (`audience`,`recipient_employee_id`,`slot_date`);--> statement-breakpoint
CREATE TABLE `reminder_runs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`run_date` text NOT NULL,
	`trigger` text NOT NULL,
	`actor_account_id` integer,
	`started_at` integer NOT NULL,
	`finished_at` integer NOT NULL,
	`messages_queued` integer NOT NULL,
	`reminders_recorded` integer NOT NULL,
	`undeliverable` integer NOT NULL,
	`deferred` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `reminder_runs_date_idx` ON `reminder_runs` (`run_date`);--> statement-breakpoint
CREATE TABLE `reminders` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`assignment_id` integer NOT NULL,
	`employee_id` integer NOT NULL,
	`kind` text NOT NULL,
	`slot_date` text NOT NULL,
	`run_date` text NOT NULL,
	`recipient_employee_id` integer,
	`outbox_id` integer,
	`channel` text NOT NULL,
	`note` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`assignment_id`) REFERENCES `assignments`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`employee_id`) REFERENCES `employees`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`outbox_id`) REFERENCES `outbox`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `reminders_slot_idx` ON `reminders` (`assignment_id`,`kind`,`slot_date`);--> statement-breakpoint
CREATE INDEX `reminders_run_date_idx` ON `reminders` (`run_date`);