CREATE TABLE `account_roles` (
	`account_id` integer NOT NULL,
	`role` text NOT NULL,
	PRIMARY KEY(`account_id`, `role`),
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `accounts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`employee_id` integer NOT NULL,
	`password_hash` text,
	`disabled` integer DEFAULT false NOT NULL,
	`demo` integer DEFAULT false NOT NULL,
	`created_at` integer NOT NULL,
	`password_changed_at` integer,
	FOREIGN KEY (`employee_id`) REFERENCES `employees`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `accounts_employee_id_unique` ON `accounts` (`employee_id`);--> statement-breakpoint
CREATE TABLE `acknowledgements` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`assignment_id` integer NOT NULL,
	`employee_id` integer NOT NULL,
	`module_id` text NOT NULL,
	`module_version` integer NOT NULL,
	`text_hash` text NOT NULL,
	`acknowledged_at` integer NOT NULL,
	FOREIGN KEY (`assignment_id`) REFERENCES `assignments`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`employee_id`) REFERENCES `employees`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `acknowledgements_employee_idx` ON `acknowledgements` (`employee_id`);--> statement-breakpoint
CREATE TABLE `activation_codes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`account_id` integer NOT NULL,
	`code_hash` text NOT NULL,
	`expires_at` integer NOT NULL,
	`used_at` integer,
	`created_by_account_id` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by_account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `activation_codes_code_hash_unique` ON `activation_codes` (`code_hash`);--> statement-breakpoint
CREATE INDEX `activation_codes_account_idx` ON `activation_codes` (`account_id`);--> statement-breakpoint
CREATE TABLE `assignment_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`assignment_id` integer NOT NULL,
	`kind` text NOT NULL,
	`previous_due_date` text,
	`new_due_date` text,
	`reason` text NOT NULL,
	`actor_account_id` integer,
	`at` integer NOT NULL,
	FOREIGN KEY (`assignment_id`) REFERENCES `assignments`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`actor_account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `assignment_events_assignment_idx` ON `assignment_events` (`assignment_id`);--> statement-breakpoint
CREATE TABLE `assignment_rules` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`categories` text DEFAULT '[]' NOT NULL,
	`department_id` integer,
	`role_tiers` text DEFAULT '[]' NOT NULL,
	`module_ids` text NOT NULL,
	`due_kind` text NOT NULL,
	`due_month_day` text,
	`due_days` integer,
	`active` integer DEFAULT true NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`department_id`) REFERENCES `departments`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `assignments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`employee_id` integer NOT NULL,
	`module_id` text NOT NULL,
	`fiscal_year` integer NOT NULL,
	`due_date` text NOT NULL,
	`source` text NOT NULL,
	`assigned_by_account_id` integer,
	`reason` text,
	`created_at` integer NOT NULL,
	`started_at` integer,
	`read_at` integer,
	`completed_at` integer,
	`completed_version` integer,
	`exempted_at` integer,
	`exemption_reason` text,
	FOREIGN KEY (`employee_id`) REFERENCES `employees`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`module_id`) REFERENCES `training_modules`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`assigned_by_account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `assignments_employee_module_year_idx` ON `assignments` (`employee_id`,`module_id`,`fiscal_year`);--> statement-breakpoint
CREATE INDEX `assignments_year_module_idx` ON `assignments` (`fiscal_year`,`module_id`);--> statement-breakpoint
CREATE INDEX `assignments_year_due_idx` ON `assignments` (`fiscal_year`,`due_date`,`employee_id`);--> statement-breakpoint
CREATE INDEX `assignments_open_due_idx` ON `assignments` (`fiscal_year`,`due_date`,`employee_id`) WHERE "assignments"."completed_at" IS NULL AND "assignments"."exempted_at" IS NULL;--> statement-breakpoint
CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` integer NOT NULL,
	`actor_account_id` integer,
	`action` text NOT NULL,
	`target_type` text,
	`target_id` text,
	`details` text,
	`ip` text
);
--> statement-breakpoint
CREATE INDEX `audit_log_at_idx` ON `audit_log` (`at`);--> statement-breakpoint
CREATE TABLE `categories` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`sort_order` integer DEFAULT 0 NOT NULL,
	`new_hire_days` integer DEFAULT 30 NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `categories_name_unique` ON `categories` (`name`);--> statement-breakpoint
CREATE TABLE `completions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`assignment_id` integer NOT NULL,
	`module_version` integer NOT NULL,
	`completed_at` integer NOT NULL,
	`quiz_attempt_id` integer,
	`verification_code` text NOT NULL,
	FOREIGN KEY (`assignment_id`) REFERENCES `assignments`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`quiz_attempt_id`) REFERENCES `quiz_attempts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `completions_verification_code_unique` ON `completions` (`verification_code`);--> statement-breakpoint
CREATE INDEX `completions_assignment_idx` ON `completions` (`assignment_id`);--> statement-breakpoint
CREATE INDEX `completions_completed_at_idx` ON `completions` (`completed_at`);--> statement-breakpoint
CREATE TABLE `department_history` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`employee_id` integer NOT NULL,
	`department_id` integer NOT NULL,
	`from_date` text NOT NULL,
	`to_date` text,
	`recorded_at` integer NOT NULL,
	FOREIGN KEY (`employee_id`) REFERENCES `employees`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`department_id`) REFERENCES `departments`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `department_history_employee_idx` ON `department_history` (`employee_id`);--> statement-breakpoint
CREATE TABLE `departments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`code` text NOT NULL,
	`name` text NOT NULL,
	`parent_id` integer,
	`level` text NOT NULL,
	`path` text NOT NULL,
	`head_employee_id` integer,
	`sort_order` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`parent_id`) REFERENCES `departments`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `departments_code_unique` ON `departments` (`code`);--> statement-breakpoint
CREATE INDEX `departments_path_idx` ON `departments` (`path`);--> statement-breakpoint
CREATE INDEX `departments_parent_idx` ON `departments` (`parent_id`);--> statement-breakpoint
CREATE TABLE `employees` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`employee_no` text NOT NULL,
	`name` text NOT NULL,
	`name_kana` text DEFAULT '' NOT NULL,
	`email` text,
	`category_id` integer NOT NULL,
	`department_id` integer NOT NULL,
	`role_tier` text DEFAULT '一般' NOT NULL,
	`hire_date` text,
	`end_date` text,
	`active` integer DEFAULT true NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`category_id`) REFERENCES `categories`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`department_id`) REFERENCES `departments`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `employees_employee_no_unique` ON `employees` (`employee_no`);--> statement-breakpoint
CREATE INDEX `employees_department_idx` ON `employees` (`department_id`);--> statement-breakpoint
CREATE INDEX `employees_name_kana_idx` ON `employees` (`name_kana`,`employee_no`);--> statement-breakpoint
CREATE TABLE `fiscal_years` (
	`year` integer PRIMARY KEY NOT NULL,
	`opened_at` integer NOT NULL,
	`opened_by_account_id` integer,
	FOREIGN KEY (`opened_by_account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `login_failures` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`key` text NOT NULL,
	`at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `login_failures_key_at_idx` ON `login_failures` (`key`,`at`);--> statement-breakpoint
CREATE TABLE `module_versions` (
	`module_id` text NOT NULL,
	`version` integer NOT NULL,
	`title` text NOT NULL,
	`body_hash` text NOT NULL,
	`first_seen_at` integer NOT NULL,
	PRIMARY KEY(`module_id`, `version`),
	FOREIGN KEY (`module_id`) REFERENCES `training_modules`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `quiz_attempts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`assignment_id` integer NOT NULL,
	`module_version` integer NOT NULL,
	`drawn` text NOT NULL,
	`started_at` integer NOT NULL,
	`submitted_at` integer,
	`answers` text,
	`correct_count` integer,
	`question_count` integer NOT NULL,
	`score_percent` real,
	`passed` integer,
	FOREIGN KEY (`assignment_id`) REFERENCES `assignments`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `quiz_attempts_assignment_idx` ON `quiz_attempts` (`assignment_id`);--> statement-breakpoint
CREATE TABLE `roster_uploads` (
	`id` text PRIMARY KEY NOT NULL,
	`file_name` text NOT NULL,
	`content` text NOT NULL,
	`encoding` text NOT NULL,
	`full_batch` integer NOT NULL,
	`uploaded_by_account_id` integer,
	`created_at` integer NOT NULL,
	`applied_at` integer,
	FOREIGN KEY (`uploaded_by_account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `sessions` (
	`token_hash` text PRIMARY KEY NOT NULL,
	`account_id` integer NOT NULL,
	`created_at` integer NOT NULL,
	`last_seen_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`revoked_at` integer,
	`ip` text,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `sessions_account_idx` ON `sessions` (`account_id`);--> statement-breakpoint
CREATE TABLE `settings` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL,
	`updated_at` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE `training_modules` (
	`id` text PRIMARY KEY NOT NULL,
	`title` text NOT NULL,
	`kind` text NOT NULL,
	`recurrence` text DEFAULT 'annual' NOT NULL,
	`current_version` integer NOT NULL,
	`sort_order` integer DEFAULT 100 NOT NULL,
	`available` integer DEFAULT true NOT NULL
);
--> statement-breakpoint
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
CREATE INDEX `reminders_run_date_idx` ON `reminders` (`run_date`);--> statement-breakpoint
CREATE TABLE `track_certificates` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`employee_id` integer NOT NULL,
	`fiscal_year` integer NOT NULL,
	`verification_code` text NOT NULL,
	`completed_on` text NOT NULL,
	`modules` text NOT NULL,
	`issued_at` integer NOT NULL,
	FOREIGN KEY (`employee_id`) REFERENCES `employees`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `track_certificates_verification_code_unique` ON `track_certificates` (`verification_code`);--> statement-breakpoint
CREATE INDEX `track_certificates_employee_year_idx` ON `track_certificates` (`employee_id`,`fiscal_year`);