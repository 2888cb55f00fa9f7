package casework

// ActReview is the privacy officer's 確認済み mark on a flagged event. The
// mark is kept in its own table; the event of the review is this action.
const ActReview = "review"

// ActPurge is the removal of old events under the retention setting.
const ActPurge = "purge"

// AuditActionLabels names every audit action in Japanese, in the order the
// audit page offers them. A test checks that every action the code base
// writes has a label.
var AuditActionLabels = CodeList{
	{ActView, "閲覧"},
	{ActSearch, "検索"},
	{ActCreate, "登録"},
	{ActUpdate, "変更"},
	{ActDelete, "削除"},
	{ActExport, "出力（ダウンロード）"},
	{ActPrint, "印刷"},
	{ActLogin, "ログイン"},
	{ActLogout, "ログアウト"},
	{ActLoginFail, "ログイン失敗"},
	{ActBreakGlass, "緊急時の閲覧（ブレークグラス）"},
	{ActReview, "確認済みの記録"},
	{ActPurge, "保存期間経過による削除"},
	// issue 23, internal/retention: 廃棄の決定の承認 and 廃棄の実行
	{"approve", "承認"},
	{"dispose", "廃棄（保存期間満了）"},
}

// AuditObjectLabels names the kinds of objects audit events are about. An
// unknown kind is shown as stored.
var AuditObjectLabels = CodeList{
	{"person", "本人"},
	{"person_dv", "DV等支援措置"},
	{"person_duplicates", "重複候補"},
	{"person_links", "名寄せで結び付いた記録"},
	{"person_import", "本人の取り込み"},
	{"import_report", "取り込みの報告"},
	{"person_relation", "家族関係"},
	{"duplicate_decision", "重複の判定"},
	{"household", "世帯"},
	{"case", "ケース"},
	{"case_events", "ケースの経過"},
	{"case_team", "支援チーム"},
	{"contact", "支援経過記録"},
	{"contacts", "支援経過記録"},
	{"consent", "同意"},
	{"consents", "同意"},
	{"assessment", "アセスメント"},
	{"assessments", "アセスメント"},
	{"plan", "支援プラン"},
	{"plans", "支援プラン"},
	{"plan_items", "プランの項目"},
	{"plan_evaluation", "評価"},
	{"referral", "つなぎ"},
	{"info_provision", "情報提供"},
	{"info_provisions", "情報提供"},
	{"service", "サービス"},
	{"meeting", "会議"},
	{"meeting_item", "会議の案件"},
	{"meeting_items", "会議の案件"},
	{"meeting_outreach_item", "会議のアウトリーチ案件"},
	{"meeting_outreach_items", "会議のアウトリーチ案件"},
	{"calendar", "会議の予定"},
	{"shien_kaigi_members", "支援会議の構成員"},
	{"yotaikyo_members", "要対協の構成機関"},
	{"outreach_target", "アウトリーチ対象"},
	{"outreach_attempt", "アウトリーチの接触"},
	{"outreach_report", "アウトリーチの集計"},
	{"needs_profile", "参加支援のニーズ"},
	{"participation_match", "参加支援のマッチング"},
	{"participation_log", "参加支援の記録"},
	{"resource", "社会資源"},
	{"resource_session", "社会資源の開催記録"},
	{"resource_gaps", "社会資源の不足"},
	{"coordinator", "コーディネーター"},
	{"platform", "プラットフォーム"},
	{"platform_meeting", "プラットフォームの会合"},
	{"platform_member", "プラットフォームの構成員"},
	{"ecomap_tie", "エコマップ"},
	{"ecomap_ties", "エコマップ"},
	{"report_records", "報告の明細"},
	{"report_snapshot", "報告の保存"},
	{"report_target", "報告の目標"},
	{"organization", "機関"},
	{"user", "職員"},
	{"user_roles", "職員の役割"},
	{"user_disabled", "職員の利用停止"},
	{"password", "パスワード"},
	{"totp", "二要素認証"},
	{"recovery_code", "回復コード"},
	{"webauthn_credential", "セキュリティキー"},
	{"api_token", "APIトークン"},
	{"settings", "設定"},
	{"seed", "初期データ"},
	{"audit_log", "監査ログ"},
	{"audit_event", "監査ログの記録"},
	{"liaison_referral", "庁内つなぎ票"},
	{"monthly_report", "委託事業者の月次報告"},
	{"districts", "地区の一覧"},
	// issue 23: 開示請求・訂正請求・利用停止請求 and the 個人情報ファイル簿
	{"disclosure", "開示資料"},
	{"disclosure_request", "開示請求"},
	{"disclosure_requests", "開示請求の一覧"},
	{"disclosure_subject", "開示請求の本人確認"},
	{"rights_request", "訂正請求・利用停止請求"},
	{"rights_requests", "訂正請求・利用停止請求の一覧"},
	{"use_suspension", "利用停止の表示"},
	{"file_register", "個人情報ファイル簿"},
	{"juki_apply", "住民記録の異動の適用"},
	{"report_population", "報告の人口（10万人あたりの基礎）"},
	// issue 23, internal/retention
	{"retention_policy", "保存年限"},
	{"retention_decision", "廃棄の決定"},
	{"legal_hold", "廃棄の保留"},
}

// AuditActionLabel is the Japanese label of an action; an unknown one is
// shown as stored, so that nothing is hidden.
func AuditActionLabel(code string) string { return AuditActionLabels.Label(code) }
