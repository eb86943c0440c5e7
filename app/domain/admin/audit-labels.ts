// Japanese names of the audit log's action codes and target types (pure; the page, its filter and
// its CSV use them). A code missing here is shown as it is stored, never hidden.
export const AUDIT_ACTION_LABELS: Record<string, string> = {
  "auth.login": "ログイン",
  "auth.logout": "ログアウト",
  "auth.login_throttled": "ログインの一時停止（失敗の繰り返し）",
  "account.activation_issued": "有効化コード発行",
  "account.password_reset": "パスワード再設定コード発行",
  "account.activated": "アカウントの有効化",
  "admin.first_admin_created": "最初のシステム管理者の作成",
  "role.granted": "権限の付与",
  "role.revoked": "権限の取り消し",
  "roster.imported": "名簿の取り込み",
  "department.created": "所属の追加",
  "department.updated": "所属の変更",
  "category.created": "職員区分の追加",
  "category.updated": "職員区分の変更",
  "rules.created": "割り当てルールの作成",
  "rules.updated": "割り当てルールの変更",
  "rules.defaults_installed": "既定の割り当てルールの登録",
  "cycle.opened": "年度の開始",
  "assignment.extended": "期限の延長",
  "assignment.exempted": "免除",
  "assignment.reinstated": "免除の取り消し",
  "assignment.refresher_created": "再受講の割り当て",
  "content.reacknowledgement_required": "誓約のやり直し（本文の改訂）",
  "reminders.run": "督促の実行",
  "reminders.settings.update": "督促設定の変更",
  "outbox.retry": "メールの再送",
  "settings.report_header.updated": "実施状況報告の宛先・発信者の変更",
  "team.exported": "CSV出力（所属の受講状況）",
  "export.csv": "CSV出力",
  "export.xlsx": "Excel出力",
  "export.evidence_pack": "証跡パッケージの作成",
  "category.alias_saved": "職員区分の別名の登録",
  "category.alias_removed": "職員区分の別名の削除",
  "category.defaults_added": "既定の職員区分の追加",
  "quiz.policy.update": "受験ルールの変更",
  "self_inspection.open": "自己点検の開始",
  "self_inspection.submit": "自己点検の提出",
  "self_inspection.improvement_close": "改善予定の完了",
  "settings.committee_header.updated": "委員会への報告の宛先・発信者の変更",
  "settings.site.update": "表示と修了証の設定の変更",
  "assignment.closed": "未修了の締め（割り当て）",
  "fiscal_year.closed": "年度の未修了の締め",
  "admin.directory_test": "ディレクトリ連携の接続テスト",
  "auth.directory_roles": "ディレクトリのグループによる権限の変更",
  "auth.directory_unreachable": "ログイン失敗（ディレクトリに接続できない）",
  "auth.directory_unmapped": "ログイン失敗（ディレクトリの利用者に対応する職員がいない）",
  "auth.oidc_failed": "組織のアカウントでのログイン失敗",
  "drill.campaign_created": "標的型攻撃メール訓練の作成",
  "drill.campaign_updated": "標的型攻撃メール訓練の変更",
  "drill.campaign_launched": "標的型攻撃メール訓練の開始",
  "drill.gophish_imported": "GoPhish の結果の取り込み",
  "drill.results_people_viewed": "訓練の個人結果の閲覧",
  "drill.results_exported": "CSV出力（訓練の個人結果）",
  "drill.settings_updated": "訓練の個人結果の閲覧設定の変更",
};

export const AUDIT_TARGET_LABELS: Record<string, string> = {
  account: "アカウント",
  employee: "職員",
  department: "所属",
  category: "職員区分",
  rule: "割り当てルール",
  fiscal_year: "年度",
  assignment: "割り当て",
  outbox: "送信メール",
  reminder_run: "督促の実行",
  settings: "設定",
  team: "所属の受講状況",
  export: "出力",
  self_inspection_campaign: "自己点検",
  self_inspection_response: "所属の自己点検",
};

/** What an export was (targetId of export.csv / export.xlsx). */
export const EXPORT_LABELS: Record<string, string> = {
  "hr.dashboard": "人事ダッシュボードの表",
  "hr.assignments": "受講状況（研修ごと）",
  "hr.people": "職員一覧",
  "hr.overdue": "期限超過の職員",
  "hr.transcript": "受講記録（個人）",
  "hr.report": "研修実施状況報告",
  "team.overdue": "期限超過の職員（所属）",
  "admin.audit": "監査ログ",
  "hr.questions": "問題の統計",
  "hr.self_inspection": "自己点検の集計",
  "hr.drill_people": "標的型攻撃メール訓練の個人結果",
};

export function auditActionLabel(action: string): string {
  return AUDIT_ACTION_LABELS[action] ?? action;
}

export function auditTargetLabel(targetType: string | null, targetId: string | null): string {
  if (targetType === null) return "";
  if (targetType === "export" && targetId !== null) return EXPORT_LABELS[targetId] ?? targetId;
  const type = AUDIT_TARGET_LABELS[targetType] ?? targetType;
  return targetId === null ? type : `${type} ${targetId}`;
}
