import { sql } from "drizzle-orm";
import {
  index,
  integer,
  primaryKey,
  real,
  sqliteTable,
  text,
  uniqueIndex,
  type AnySQLiteColumn,
} from "drizzle-orm/sqlite-core";

// Timestamps are integer milliseconds since the epoch (UTC); calendar dates (due dates, hire
// dates) are ISO `YYYY-MM-DD` strings in Japan time. See ARCHITECTURE.md "Time".

/** Department tree: organisation (policy 4(1)) → 部 → 課 → 係. */
export const departments = sqliteTable(
  "departments",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    code: text("code").notNull().unique(),
    name: text("name").notNull(),
    parentId: integer("parent_id").references((): AnySQLiteColumn => departments.id),
    /** 'organisation' | 'bu' | 'ka' | 'kakari' */
    level: text("level").notNull(),
    /** Materialised path of ids, e.g. "/1/4/12/": subtree = path LIKE '/1/4/%'. */
    path: text("path").notNull(),
    headEmployeeId: integer("head_employee_id"),
    sortOrder: integer("sort_order").notNull().default(0),
  },
  (table) => [index("departments_path_idx").on(table.path), index("departments_parent_idx").on(table.parentId)],
);

/** Employee categories (configurable; defaults in content/schema.ts DEFAULT_CATEGORIES). */
export const categories = sqliteTable("categories", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  name: text("name").notNull().unique(),
  sortOrder: integer("sort_order").notNull().default(0),
  /** Days a newly hired (or newly assigned) person gets at least: 職員 30, 非常勤・臨時 14, 委託 7. */
  newHireDays: integer("new_hire_days").notNull().default(30),
});

export const employees = sqliteTable(
  "employees",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    employeeNo: text("employee_no").notNull().unique(),
    name: text("name").notNull(),
    nameKana: text("name_kana").notNull().default(""),
    /** 職員番号・氏名・カナ normalised for search (app/domain/org/search-key.ts); kept by every write path. */
    searchKey: text("search_key").notNull().default(""),
    email: text("email"),
    categoryId: integer("category_id")
      .notNull()
      .references(() => categories.id),
    departmentId: integer("department_id")
      .notNull()
      .references(() => departments.id),
    /** 一般 | 管理職 | システム担当 */
    roleTier: text("role_tier").notNull().default("一般"),
    hireDate: text("hire_date"),
    endDate: text("end_date"),
    active: integer("active", { mode: "boolean" }).notNull().default(true),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (table) => [
    index("employees_department_idx").on(table.departmentId),
    // HR lists sorted by name (reports).
    index("employees_name_kana_idx").on(table.nameKana, table.employeeNo),
  ],
);

/** A sign-in account for one employee. No password hash = cannot sign in yet. */
export const accounts = sqliteTable("accounts", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  employeeId: integer("employee_id")
    .notNull()
    .unique()
    .references(() => employees.id),
  passwordHash: text("password_hash"),
  disabled: integer("disabled", { mode: "boolean" }).notNull().default(false),
  /** True only for accounts created by the demo seed; never set in production data. */
  demo: integer("demo", { mode: "boolean" }).notNull().default(false),
  createdAt: integer("created_at").notNull(),
  passwordChangedAt: integer("password_changed_at"),
});

export const accountRoles = sqliteTable(
  "account_roles",
  {
    accountId: integer("account_id")
      .notNull()
      .references(() => accounts.id),
    /** learner | manager | hr | admin | auditor */
    role: text("role").notNull(),
  },
  (table) => [primaryKey({ columns: [table.accountId, table.role] })],
);

/** Server-side sessions. The cookie carries a random token; only its SHA-256 is stored. */
export const sessions = sqliteTable(
  "sessions",
  {
    tokenHash: text("token_hash").primaryKey(),
    accountId: integer("account_id")
      .notNull()
      .references(() => accounts.id),
    createdAt: integer("created_at").notNull(),
    lastSeenAt: integer("last_seen_at").notNull(),
    expiresAt: integer("expires_at").notNull(),
    revokedAt: integer("revoked_at"),
    ip: text("ip"),
  },
  (table) => [index("sessions_account_idx").on(table.accountId)],
);

/** Failed sign-ins, keyed "account:<no>" or "ip:<addr>", for throttling. */
export const loginFailures = sqliteTable(
  "login_failures",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    key: text("key").notNull(),
    at: integer("at").notNull(),
  },
  (table) => [index("login_failures_key_at_idx").on(table.key, table.at)],
);

/** One row per training module id known from content/. */
export const trainingModules = sqliteTable("training_modules", {
  id: text("id").primaryKey(),
  title: text("title").notNull(),
  kind: text("kind").notNull(),
  /** annual | once */
  recurrence: text("recurrence").notNull().default("annual"),
  currentVersion: integer("current_version").notNull(),
  sortOrder: integer("sort_order").notNull().default(100),
  /** False once the file is removed from content/: history stays. */
  available: integer("available", { mode: "boolean" }).notNull().default(true),
});

/** Every version of a module ever served, with the hash of its body. */
export const moduleVersions = sqliteTable(
  "module_versions",
  {
    moduleId: text("module_id")
      .notNull()
      .references(() => trainingModules.id),
    version: integer("version").notNull(),
    title: text("title").notNull(),
    bodyHash: text("body_hash").notNull(),
    firstSeenAt: integer("first_seen_at").notNull(),
  },
  (table) => [primaryKey({ columns: [table.moduleId, table.version] })],
);

/**
 * One cycle of one module for one employee in one 年度. Cycle 1 is the 年度's assignment (from a
 * rule, or the first refresher); a refresher for a module already done in the 年度 is the next
 * cycle (its own due date, reason, quiz attempts and completion).
 */
export const assignments = sqliteTable(
  "assignments",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    employeeId: integer("employee_id")
      .notNull()
      .references(() => employees.id),
    moduleId: text("module_id")
      .notNull()
      .references(() => trainingModules.id),
    fiscalYear: integer("fiscal_year").notNull(),
    dueDate: text("due_date").notNull(),
    /** rule | refresher | hr | remedial */
    source: text("source").notNull(),
    assignedByAccountId: integer("assigned_by_account_id").references(() => accounts.id),
    reason: text("reason"),
    createdAt: integer("created_at").notNull(),
    startedAt: integer("started_at"),
    readAt: integer("read_at"),
    completedAt: integer("completed_at"),
    completedVersion: integer("completed_version"),
    exemptedAt: integer("exempted_at"),
    exemptionReason: text("exemption_reason"),
    /** 1 = the 年度's assignment; 2, 3 … = refreshers after it was done. */
    cycle: integer("cycle").notNull().default(1),
    /**
     * Set when HR closed the 年度's open work (締切済（未修了）): it leaves /learn and reminders,
     * stays not completed in every count. Who and why: the `closure` assignment event.
     */
    closedAt: integer("closed_at"),
  },
  (table) => [
    // NOTE: the name is kept from before cycles existed: report queries say INDEXED BY it.
    uniqueIndex("assignments_employee_module_year_idx").on(table.employeeId, table.moduleId, table.fiscalYear, table.cycle),
    index("assignments_year_module_idx").on(table.fiscalYear, table.moduleId),
    // HR lists ordered by due date / days overdue (reports); the partial one holds open work only.
    // employee_id lets a department filter run on the index before the row is read.
    index("assignments_year_due_idx").on(table.fiscalYear, table.dueDate, table.employeeId),
    index("assignments_open_due_idx")
      .on(table.fiscalYear, table.dueDate, table.employeeId)
      .where(sql`${table.completedAt} IS NULL AND ${table.exemptedAt} IS NULL`),
  ],
);

/** A quiz attempt: the drawn questions and option order are fixed on the server when it starts. */
export const quizAttempts = sqliteTable(
  "quiz_attempts",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    assignmentId: integer("assignment_id")
      .notNull()
      .references(() => assignments.id),
    moduleVersion: integer("module_version").notNull(),
    /** JSON: [{ questionId, optionOrder: number[] }] */
    drawn: text("drawn").notNull(),
    startedAt: integer("started_at").notNull(),
    submittedAt: integer("submitted_at"),
    /** JSON: { [questionId]: number[] } original option indexes chosen */
    answers: text("answers"),
    correctCount: integer("correct_count"),
    questionCount: integer("question_count").notNull(),
    scorePercent: real("score_percent"),
    passed: integer("passed", { mode: "boolean" }),
  },
  (table) => [index("quiz_attempts_assignment_idx").on(table.assignmentId)],
);

/** Completion evidence: read + passed (or acknowledged), with the module version. */
export const completions = sqliteTable(
  "completions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    // Not unique: an acknowledgement re-done after a new version of the text adds a row.
    assignmentId: integer("assignment_id")
      .notNull()
      .references(() => assignments.id),
    moduleVersion: integer("module_version").notNull(),
    completedAt: integer("completed_at").notNull(),
    quizAttemptId: integer("quiz_attempt_id").references(() => quizAttempts.id),
    verificationCode: text("verification_code").notNull().unique(),
  },
  (table) => [index("completions_assignment_idx").on(table.assignmentId), index("completions_completed_at_idx").on(table.completedAt)],
);

/** Policy acknowledgements (誓約): what text (hash) was acknowledged and when. */
export const acknowledgements = sqliteTable(
  "acknowledgements",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    assignmentId: integer("assignment_id")
      .notNull()
      .references(() => assignments.id),
    employeeId: integer("employee_id")
      .notNull()
      .references(() => employees.id),
    moduleId: text("module_id").notNull(),
    moduleVersion: integer("module_version").notNull(),
    textHash: text("text_hash").notNull(),
    acknowledgedAt: integer("acknowledged_at").notNull(),
  },
  (table) => [index("acknowledgements_employee_idx").on(table.employeeId)],
);

/** Audit log of every administrative change and security-relevant event. */
export const auditLog = sqliteTable(
  "audit_log",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    at: integer("at").notNull(),
    actorAccountId: integer("actor_account_id"),
    action: text("action").notNull(),
    targetType: text("target_type"),
    targetId: text("target_id"),
    /** JSON */
    details: text("details"),
    ip: text("ip"),
  },
  (table) => [index("audit_log_at_idx").on(table.at)],
);

/** Key/value settings that admins may change at run time. */
export const settings = sqliteTable("settings", {
  key: text("key").primaryKey(),
  value: text("value").notNull(),
  updatedAt: integer("updated_at").notNull().default(sql`0`),
});

/** Where an employee belonged, and since when: one open row (to_date NULL) per employee. */
export const departmentHistory = sqliteTable(
  "department_history",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    employeeId: integer("employee_id")
      .notNull()
      .references(() => employees.id),
    departmentId: integer("department_id")
      .notNull()
      .references(() => departments.id),
    fromDate: text("from_date").notNull(),
    toDate: text("to_date"),
    recordedAt: integer("recorded_at").notNull(),
  },
  (table) => [index("department_history_employee_idx").on(table.employeeId)],
);

/**
 * Changes to an assignment after it was made: extension (due date moved), exemption, or
 * reinstatement; always with a reason and who did it. The assignment row holds the current state.
 */
export const assignmentEvents = sqliteTable(
  "assignment_events",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    assignmentId: integer("assignment_id")
      .notNull()
      .references(() => assignments.id),
    /** extension | exemption | reinstatement | closure */
    kind: text("kind").notNull(),
    previousDueDate: text("previous_due_date"),
    newDueDate: text("new_due_date"),
    reason: text("reason").notNull(),
    actorAccountId: integer("actor_account_id").references(() => accounts.id),
    at: integer("at").notNull(),
  },
  (table) => [index("assignment_events_assignment_idx").on(table.assignmentId)],
);

/**
 * Assignment rules: who (categories × department subtree × role tiers, empty = all) must take
 * which modules, and by when. Rules are never deleted, only deactivated.
 */
export const assignmentRules = sqliteTable("assignment_rules", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  name: text("name").notNull(),
  /** JSON array of category names; [] = every category. */
  categories: text("categories").notNull().default("[]"),
  /** Subtree root; NULL = the whole organisation. */
  departmentId: integer("department_id").references(() => departments.id),
  /** JSON array of role tiers; [] = every tier. */
  roleTiers: text("role_tiers").notNull().default("[]"),
  /** JSON array of module ids. */
  moduleIds: text("module_ids").notNull(),
  /** fixed: a month-day in the 年度 (never earlier than the category's new-hire days); relative: N days after hire or assignment. */
  dueKind: text("due_kind").notNull(),
  /** MM-DD for fixed rules. */
  dueMonthDay: text("due_month_day"),
  /** N for relative rules; NULL = the category's new-hire days. */
  dueDays: integer("due_days"),
  active: integer("active", { mode: "boolean" }).notNull().default(true),
  createdAt: integer("created_at").notNull(),
  updatedAt: integer("updated_at").notNull(),
});

/** Opened 年度 cycles. Opening one creates that year's assignments from the rules. */
export const fiscalYears = sqliteTable("fiscal_years", {
  year: integer("year").primaryKey(),
  openedAt: integer("opened_at").notNull(),
  openedByAccountId: integer("opened_by_account_id").references(() => accounts.id),
});

/** An uploaded roster file between its dry run and its application. */
export const rosterUploads = sqliteTable("roster_uploads", {
  id: text("id").primaryKey(),
  fileName: text("file_name").notNull(),
  content: text("content").notNull(),
  encoding: text("encoding").notNull(),
  fullBatch: integer("full_batch", { mode: "boolean" }).notNull(),
  uploadedByAccountId: integer("uploaded_by_account_id").references(() => accounts.id),
  createdAt: integer("created_at").notNull(),
  appliedAt: integer("applied_at"),
});

/** One-time activation codes for first sign-in and password resets (only the hash is stored). */
export const activationCodes = sqliteTable(
  "activation_codes",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    accountId: integer("account_id")
      .notNull()
      .references(() => accounts.id),
    codeHash: text("code_hash").notNull().unique(),
    expiresAt: integer("expires_at").notNull(),
    usedAt: integer("used_at"),
    createdByAccountId: integer("created_by_account_id").references(() => accounts.id),
    createdAt: integer("created_at").notNull(),
  },
  (table) => [index("activation_codes_account_idx").on(table.accountId)],
);

export * from "./schema-learner";
export * from "./schema-reminders";
export * from "./schema-reports";
export * from "./schema-self-inspection";
export * from "./schema-quiz";
export * from "./schema-drills";
