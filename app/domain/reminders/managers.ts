export type DepartmentNode = { id: number; path: string; headEmployeeId: number | null };

/**
 * Resolves a person's manager: the head of the nearest department up the tree (the person's own
 * department first, then its ancestors by `departments.path`) that has a head other than the
 * person themself. Heads who cannot act (inactive) are passed over, so escalation climbs to the
 * next level instead of stopping at someone who has left.
 */
export function createManagerResolver(departments: DepartmentNode[], isActiveEmployee: (employeeId: number) => boolean) {
  const byId = new Map(departments.map((department) => [department.id, department]));
  // For each department, the usable heads from nearest to farthest (deduplicated).
  const chains = new Map<number, number[]>();
  const chainOf = (departmentId: number): number[] => {
    const cached = chains.get(departmentId);
    if (cached) return cached;
    const department = byId.get(departmentId);
    const chain: number[] = [];
    if (department) {
      const ancestry = department.path.split("/").filter(Boolean).map(Number).reverse();
      for (const id of ancestry) {
        const head = byId.get(id)?.headEmployeeId ?? null;
        if (head !== null && isActiveEmployee(head) && !chain.includes(head)) chain.push(head);
      }
    }
    chains.set(departmentId, chain);
    return chain;
  };
  return (employeeId: number, departmentId: number): number | null => chainOf(departmentId).find((head) => head !== employeeId) ?? null;
}
