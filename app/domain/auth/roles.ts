export const ROLES = ["learner", "manager", "hr", "admin", "auditor"] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  learner: "受講者",
  manager: "所属長",
  hr: "人事",
  admin: "システム管理者",
  auditor: "監査",
};

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

export function parseRoles(values: string[]): Role[] {
  return ROLES.filter((role) => values.includes(role));
}

/** The roles an administrator grants and revokes (/admin/roles, `npm run roles`); learner is everyone's. */
export const MANAGEABLE_ROLES = ["hr", "auditor", "admin", "manager"] as const satisfies readonly Role[];
export type ManageableRole = (typeof MANAGEABLE_ROLES)[number];

export function isManageableRole(value: string): value is ManageableRole {
  return (MANAGEABLE_ROLES as readonly string[]).includes(value);
}
