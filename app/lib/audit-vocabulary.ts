// The words of the audit log. Typed, so every entry uses a known action and entity, and the
// audit browser can offer them as filters without scanning the log.
export const auditActions = [
  "create",
  "update",
  "delete",
  "login",
  "logout",
  "password_change",
  "password_reset",
  "view_protected",
  "screen",
  "override",
  "merge",
  "dismiss_duplicate",
  "import",
  "export",
  "transition",
  "submit",
  "assign",
  "declare_conflict",
  "score",
  "decide",
  "reopen",
  "attend",
  "upload",
] as const;
export type AuditAction = (typeof auditActions)[number];

export const auditEntities = [
  "user",
  "organisation",
  "programme",
  "person",
  "case",
  "admin_unit",
  "import",
  "duplicate",
  "training",
  "business_plan",
  "review",
  "decision",
  "attachment",
] as const;
export type AuditEntity = (typeof auditEntities)[number];
