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
CREATE INDEX `track_certificates_employee_year_idx` ON `track_certificates` (`employee_id`,`fiscal_year`);--> statement-breakpoint
CREATE INDEX `assignments_year_due_idx` ON `assignments` (`fiscal_year`,`due_date`,`employee_id`);--> statement-breakpoint
CREATE INDEX `assignments_open_due_idx` ON `assignments` (`fiscal_year`,`due_date`,`employee_id`) WHERE "assignments"."completed_at" IS NULL AND "assignments"."exempted_at" IS NULL;--> statement-breakpoint
CREATE INDEX `employees_name_kana_idx` ON `employees` (`name_kana`,`employee_no`);