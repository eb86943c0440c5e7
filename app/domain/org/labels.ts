export const LEVEL_LABELS: Record<string, string> = { organisation: "組織", bu: "部", ka: "課", kakari: "係" };
