CREATE TABLE `module_rereads` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`assignment_id` integer NOT NULL,
	`read_at` integer NOT NULL,
	`failures` integer NOT NULL,
	FOREIGN KEY (`assignment_id`) REFERENCES `assignments`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `module_rereads_assignment_idx` ON `module_rereads` (`assignment_id`);