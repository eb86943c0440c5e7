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
