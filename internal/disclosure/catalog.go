// Package disclosure answers a person's rights under the 個人情報の保護に関する
// 法律 (令和3年改正; for 地方公共団体の機関 in force since 令和5年4月1日): the
// 開示 bundle of everything kasane holds about one person (第76条), marked for
// a partial disclosure (第78条第1項第2号 third parties, 第7号 評価・判断), and
// the 個人情報ファイル簿 (第75条) made from the live configuration.
//
// The rows come whole from package sqldb (sqldb.DisclosureBundle); this
// package names every column in Japanese (the catalog below, also the
// 記録項目 of the ファイル簿), resolves ids to names, and marks what staff must
// weigh. A test keeps the catalog and the live schema in step.
package disclosure

import "kasane/internal/casework"

// Marks on a record or a field: what staff weigh for a 部分開示 (第79条).
const (
	MarkThirdParty = "third_party"
	MarkEvaluation = "evaluation"
)

// MarkLabels name the marks with the article they come from.
var MarkLabels = pairs(MarkThirdParty, "第三者の情報（個人情報保護法第78条第1項第2号）", MarkEvaluation, "評価・判断（個人情報保護法第78条第1項第7号）")

// pairs makes a code list of value, label pairs.
func pairs(vl ...string) casework.CodeList {
	out := make(casework.CodeList, 0, len(vl)/2)
	for i := 0; i+1 < len(vl); i += 2 {
		out = append(out, casework.CodeItem{Value: vl[i], Label: vl[i+1]})
	}
	return out
}

// kind is how a column's stored value is read out.
type kind int

const (
	kText    kind = iota
	kHidden       // internal keys and counters: never shown
	kID           // the record's own id
	kRef          // the id of another record of the bundle, kept as is
	kDate         // YYYY-MM-DD (or a partial birth date)
	kInstant      // a stored instant (UTC), shown in Japan time
	kBool         // 0/1
	kOrg          // an organization id
	kOrgs         // organization ids, comma-separated
	kUser         // a staff member's id
	kPerson       // a person id: the person, or a third party
	kCase         // a case id: its number
	kCode         // a code of codes
	kCodes        // codes, comma-separated
	kLines        // a list, one item a line
	kJSON         // JSON (a role split, goal evaluations)
)

// column is how one column is given out.
type column struct {
	label string
	kind  kind
	codes casework.CodeList
	mark  string
}

func c(label string, k kind) column { return column{label: label, kind: k} }
func code(label string, l casework.CodeList) column {
	return column{label: label, kind: kCode, codes: l}
}
func codes(label string, l casework.CodeList) column {
	return column{label: label, kind: kCodes, codes: l}
}
func marked(col column, mark string) column { col.mark = mark; return col }

// table is how a table is given out: its title, the section of the bundle
// it belongs to, and its columns (a column not named here takes the common
// one of that name).
type table struct {
	title   string
	section string
	cols    map[string]column
}

// Sections of the bundle, in order.
var Sections = pairs("person", "本人の記録", "household", "世帯と家族関係", "case", "相談・支援の記録（ケース）", "consent", "同意", "outreach", "アウトリーチ", "participation", "参加支援", "rights", "開示・訂正・利用停止の請求", "access", "閲覧・操作の記録（監査ログ）")

// common are the columns shared by many tables.
var common = map[string]column{
	"id":              c("記録ID", kID),
	"municipality_id": c("", kHidden),
	"version":         c("", kHidden),
	"created_at":      c("登録日時", kInstant),
	"updated_at":      c("更新日時", kInstant),
	"disposed_at":     c("廃棄（匿名化）日時", kInstant),
	"case_id":         c("ケース番号", kCase),
	"person_id":       c("本人", kPerson),
	"household_id":    c("世帯", kRef),
	"author_id":       c("記録した職員", kUser),
	"author_org_id":   c("記録した機関", kOrg),
	"organization_id": c("機関", kOrg),
	"recorded_by":     c("記録した職員", kUser),
	"decided_by":      c("決定した職員", kUser),
	"at":              c("日時", kInstant),
	"note":            c("メモ", kText),
	"reason":          c("理由", kText),
	"meeting_id":      c("会議", kRef),
	"plan_id":         c("プラン", kRef),
	"target_id":       c("アウトリーチ対象", kRef),
	"edited_by":       c("修正した職員", kUser),
	"edited_at":       c("修正日時", kInstant),
}

var eval = MarkEvaluation

// tables is the catalog of every table the bundle reads (sqldb.DisclosureTables).
var tables = map[string]table{
	"persons": {"本人の基本情報", "person", map[string]column{
		"registered_by_org_id": c("登録した機関", kOrg), "identified": c("氏名が分かっている", kBool), "label": c("呼び名（氏名不明の場合）", kText),
		"family_name": c("氏", kText), "given_name": c("名", kText), "family_kana": c("氏（フリガナ）", kText), "given_kana": c("名（フリガナ）", kText),
		"alias": c("通称", kText), "maiden_name": c("旧姓", kText), "birth_date": c("生年月日", kDate), "birth_precision": c("", kHidden),
		"sex":             code("性別", casework.Sexes),
		"reg_postal_code": c("住民票上の住所（郵便番号）", kText), "reg_prefecture": c("住民票上の住所（都道府県）", kText),
		"reg_city": c("住民票上の住所（市区町村）", kText), "reg_street": c("住民票上の住所（町名・番地）", kText),
		"act_postal_code": c("実際の居所（郵便番号）", kText), "act_prefecture": c("実際の居所（都道府県）", kText),
		"act_city": c("実際の居所（市区町村）", kText), "act_street": c("実際の居所（町名・番地）", kText),
		"phone": c("電話番号", kText), "phone2": c("電話番号（2）", kText), "dv_protected": c("DV等支援措置の対象", kBool),
		"deceased_on": c("死亡日", kDate), "name_key": c("", kHidden), "kana_key": c("", kHidden),
		"atena_no": c("宛名番号", kText), "resident_status": c("住民記録の状態", kText), "resident_status_on": c("住民記録の異動日", kDate)}},
	"person_former_names": {"以前の氏名（氏名変更の前）", "person", map[string]column{
		"person_id": c("本人", kPerson), "family_name": c("氏", kText), "given_name": c("名", kText), "family_kana": c("氏（フリガナ）", kText),
		"given_kana": c("名（フリガナ）", kText), "name_key": c("", kHidden), "kana_key": c("", kHidden), "until_on": c("この氏名だった最後の日", kDate),
		"source": c("記録のもと", kText)}},
	"juki_changes": {"住民記録の異動の反映", "person", map[string]column{
		"row_hash": c("", kHidden), "person_id": c("本人", kPerson), "reason": c("異動事由", kText), "on_date": c("異動日", kDate),
		"outcome": c("反映の結果", kText), "file_name": c("異動ファイル", kText), "applied_at": c("反映日時", kInstant)}},
	"legal_holds": {"廃棄の停止（訴訟・開示請求・監査）", "person", map[string]column{
		"subject_type": c("対象の種類", kText), "subject_id": c("対象", kRef), "kind": c("理由の種類", kText), "reason": c("理由", kText),
		"set_by": c("設定した職員", kUser), "set_by_name": c("設定した職員の氏名", kText), "set_at": c("設定日時", kInstant),
		"lifted_by": c("解除した職員", kUser), "lifted_by_name": c("解除した職員の氏名", kText), "lifted_at": c("解除日時", kInstant), "lift_reason": c("解除の理由", kText)}},
	"dv_designations": {"DV等支援措置で住所を見られる機関", "person", map[string]column{
		"organization_id": c("指定された機関", kOrg), "designated_by": c("指定した職員", kUser), "designated_by_org_id": c("指定した機関", kOrg),
		"reason": c("指定の理由", kText), "at": c("指定日時", kInstant)}},
	"duplicate_decisions": {"同一人物の判定（名寄せ）", "person", map[string]column{
		"person_a": c("記録1", kPerson), "person_b": c("記録2", kPerson), "decision": code("判定", pairs("same", "同一人物", "different", "別人")),
		"note": c("メモ", kText), "decided_by_org_id": c("判定した機関", kOrg), "revoked_at": c("取消日時", kInstant), "revoked_by": c("取り消した職員", kUser),
		"origin": code("判定のきっかけ", pairs("", "名寄せの確認", "registration", "自機関の記録としての登録", "liaison", "庁内つなぎ票の受付"))}},
	"person_aliases": {"旧姓・通称", "person", map[string]column{
		"person_id": c("本人", kPerson), "kind": c("種類", kText), "family_name": c("氏", kText), "given_name": c("名", kText),
		"family_kana": c("氏（フリガナ）", kText), "given_kana": c("名（フリガナ）", kText), "name_key": c("", kHidden), "kana_key": c("", kHidden),
		"source": c("記録のもと", kText)}},
	"liaison_referrals": {"庁内つなぎ票", "person", map[string]column{
		"person_id": c("本人（つなぎ票の記録）", kPerson), "from_org_id": c("つないだ課", kOrg), "to_org_id": c("つなぎ先", kOrg), "sent_by": c("送った職員", kUser),
		"concern": c("気になっていること", kText), "consent": c("本人の同意", kText), "referred_on": c("つないだ日", kDate), "due_on": c("回答期限", kDate),
		"status": c("状態", kText), "decline_reason": c("辞退の理由", kText), "answered_by": c("回答した職員", kUser), "answered_at": c("回答日時", kInstant),
		"receiver_person_id": c("本人（受けた機関の記録）", kPerson)}},
	"duplicate_candidates": {"同一人物の候補（名寄せの確認待ち）", "person", map[string]column{
		"person_a": c("記録1", kPerson), "person_b": c("記録2", kPerson), "score": c("一致の度合い", kText), "reasons": c("一致した点", kText),
		"found_at": c("抽出日時", kInstant)}},
	"households": {"世帯", "household", map[string]column{
		"registered_by_org_id": c("登録した機関", kOrg), "label": c("世帯の呼び名", kText), "kind": code("世帯の類型", casework.HouseholdKinds)}},
	"household_members": {"世帯員", "household", map[string]column{
		"person_id":    c("世帯員", kPerson),
		"relationship": code("続柄", casework.Relationships), "cohabiting": c("同居", kBool), "roles": codes("世帯での役割", casework.MemberRoles)}},
	"person_relations": {"家族関係（ジェノグラム）", "household", map[string]column{
		"from_person_id": c("関係の一方", kPerson), "to_person_id": c("関係の他方", kPerson), "kind": code("関係", casework.RelationKinds),
		"quality": code("関係の状態", casework.RelationMoods)}},
	"ecomap_ties": {"エコマップのつながり", "household", map[string]column{
		"person_id": c("世帯員（空欄は世帯全体）", kPerson), "counterpart_kind": code("相手の種類", casework.TieCounterparts),
		"organization_id": c("相手の機関", kOrg), "resource_id": c("相手の社会資源", kRef), "name": c("相手の名称", kText),
		"strength": code("つながりの強さ", casework.TieStrengths), "direction": code("支援の向き", casework.TieDirections),
		"recorded_by_org_id": c("記録した機関", kOrg)}},
	"cases": {"ケース（相談受付）", "case", map[string]column{
		"number": c("ケース番号", kText), "focus_person_id": c("本人", kPerson), "household_id": c("世帯", kRef), "received_on": c("受付日", kDate),
		"route": c("相談経路", kText), "method": c("相談方法", kText), "bunya": codes("分野", casework.Bunya), "problems": codes("課題", casework.Problems),
		"primary_problem": c("主な課題", kText), "complaint": c("主訴", kText), "screening": c("スクリーニング", kText),
		"status": code("状態", casework.CaseStatuses), "lead_org_id": c("主担当機関", kOrg), "lead_worker_id": c("主担当者", kUser),
		"decided_on": c("支援決定日", kDate), "closed_on": c("終結日", kDate), "closure_reason": code("終結の理由", casework.ClosureReasons),
		"last_contact_at":   c("最終記録日時", kInstant),
		"focus_family_name": c("", kHidden), "focus_given_name": c("", kHidden), "focus_label": c("", kHidden), "focus_identified": c("", kHidden), "focus_sex": c("", kHidden), "focus_birth_date": c("", kHidden),
		"intake_org_id": c("受付機関", kOrg), "focus_age_band": c("受付時の年齢階級", kText)}},
	"case_intake": {"相談受付・申込票（A票・B票）", "case", map[string]column{
		"received_time": c("受付時刻", kText), "received_by_user_id": c("受付者", kUser),
		"visitor_name":     marked(c("来談者の氏名", kText), MarkThirdParty),
		"visitor_relation": c("来談者と本人の関係", kText),
		"visitor_phone":    marked(c("来談者の電話番号", kText), MarkThirdParty),
		"referring_org_id": c("紹介元機関", kOrg), "referring_org_name": c("紹介元（名称）", kText),
		"contact_method": c("連絡方法", kText), "contact_hours": c("連絡してよい時間帯", kText), "keep_from_family": c("家族に知られたくない", kBool),
		"urgency": c("緊急度", kText), "urgency_reason": c("緊急度の理由", kText), "consent_at_intake": c("受付時の同意", kText),
		"employment_status": c("就労状況", kText), "housing_type": c("住居形態", kText), "health_insurance": c("健康保険", kText),
		"pension": c("年金", kText), "handbook_kind": c("障害者手帳の種類", kText), "handbook_grade": c("手帳の等級", kText),
		"care_level": c("要介護度", kText), "public_assistance": c("生活保護", kText)}},
	"case_status_history": {"ケースの状態の変更", "case", map[string]column{
		"from_status": code("変更前", casework.CaseStatuses), "to_status": code("変更後", casework.CaseStatuses), "user_id": c("変更した職員", kUser)}},
	"case_team": {"支援チーム", "case", map[string]column{
		"role": c("役割", kText), "basis": code("根拠", pairs(casework.BasisLead, "主担当機関", casework.BasisConsent, "本人の同意", casework.BasisStatutory, "法令")),
		"statute": code("法令", casework.Statutes), "consent_id": c("同意", kRef), "from_on": c("参加日", kDate), "to_on": c("終了日", kDate),
		"confirmed_by": c("根拠を確認した職員", kUser), "law_text": c("法令の名称・条項", kText), "approved_by": c("承認した個人情報保護担当", kUser),
		"approved_at": c("承認日時", kInstant), "end_reason": code("終了の理由", casework.TeamEndReasons),
		"case_received_on": c("", kHidden), "case_created_at": c("", kHidden), "case_status": c("", kHidden), "case_lead_org_id": c("", kHidden)}},
	"case_events": {"支援決定・終結・中断", "case", map[string]column{
		"kind": code("種類", pairs("decision", "支援決定", "closure", "終結", "suspension", "中断")), "result": c("結果", kText),
		"event_on": c("日付", kDate), "plan_revision": c("プランの版", kText), "meeting_item_id": c("会議の案件", kRef),
		"closure_reason": code("終結の理由", casework.ClosureReasons), "bunya": codes("分野（当時）", casework.Bunya), "user_id": c("記録した職員", kUser),
		"organization_id": c("機関", kOrg)}},
	"yotaikyo_cases": {"要保護児童対策地域協議会への登録", "case", map[string]column{
		"registered_on": c("登録日", kDate), "registered_by": c("登録した職員", kUser)}},
	"contacts": {"支援経過記録", "case", map[string]column{
		"at": c("日時", kInstant), "method": code("方法", casework.ContactMethods), "counterpart": c("相手", kText), "content": c("内容", kText),
		"minutes": c("時間（分）", kText), "jigyo": code("事業", casework.Jigyo), "bunya": code("分野", casework.Bunya),
		"lead_org_id": c("", kHidden)}}, // the case's lead, copied (migration 0044)
	"contact_history": {"支援経過記録の修正前の内容", "case", map[string]column{
		"contact_id": c("支援経過記録", kRef), "at": c("日時（修正前）", kInstant), "method": code("方法", casework.ContactMethods),
		"counterpart": c("相手", kText), "content": c("内容（修正前）", kText), "minutes": c("時間（分）", kText)}},
	"info_provisions": {"情報提供（制度・資源の紹介）", "case", map[string]column{
		"service_id": c("紹介した制度・資源", kRef), "provided_on": c("提供日", kDate)}},
	"referrals": {"つなぎ（他機関への紹介）", "case", map[string]column{
		"from_org_id": c("つないだ機関", kOrg), "to_org_id": c("つなぎ先", kOrg), "reason": c("つなぐ理由", kText),
		"status": code("状態", casework.ReferralStatuses), "due_on": c("回答期限", kDate), "decline_reason": c("辞退の理由", kText),
		"sent_by": c("つないだ職員", kUser), "answered_by": c("回答した職員", kUser), "answered_at": c("回答日時", kInstant),
		"completed_at": c("完了日時", kInstant), "transfer_lead": c("主担当の引継ぎ", kBool), "referred_on": c("つないだ日", kDate)}},
	"assessments": {"アセスメント", "case", map[string]column{
		"revision": c("版", kText), "assessed_on": c("実施日", kDate), "household": c("世帯の状況", kText), "history": c("生活歴・これまでの経過", kText),
		"health": c("心身の状況（健康・障害・医療）", kText), "finances": c("経済状況（収入・債務・家計）", kText), "work": c("就労・日中活動", kText),
		"housing": c("住まい", kText), "relations": c("人間関係・社会的孤立", kText), "children": c("子ども・養育", kText),
		"capacity":  marked(c("判断能力・権利擁護", kText), eval),
		"issues":    marked(c("課題と背景要因", kText), eval),
		"strengths": marked(c("本人の強み", kText), eval),
		"direction": marked(c("支援の方向性", kText), eval)}},
	"plans": {"支援プラン", "case", map[string]column{
		"revision": c("版", kText), "status": code("状態", casework.PlanStatuses), "person_wish": c("本人の意向", kText), "long_goal": c("長期目標", kText),
		"short_goals": c("短期目標", kLines), "requested_programs": c("求める支援（参加支援・アウトリーチ）", kText), "next_review_on": c("次の見直し日", kDate),
		"agreed_on": c("本人の合意日", kDate), "agreed_by": c("合意した人", kText), "decided_on": c("支援決定日", kDate), "decided_by": c("支援決定", kText),
		"decided_by_user_id": c("支援決定した職員", kUser), "supersedes_id": c("前の版", kRef), "ended_on": c("終了日", kDate)}},
	"plan_items": {"プランの項目（役割分担）", "case", map[string]column{
		"seq": c("順番", kText), "content": c("支援の内容", kText), "organization_id": c("担当機関", kOrg), "frequency": c("頻度", kText),
		"from_on": c("開始", kDate), "to_on": c("終了", kDate), "person_part": c("本人の取り組み", kText), "meeting_item_id": c("会議の案件", kRef)}},
	"plan_evaluations": {"プランの評価", "case", map[string]column{
		"evaluated_on": c("評価日", kDate),
		"goals":        marked(c("目標ごとの評価", kJSON), eval),
		"summary":      marked(c("評価のまとめ", kText), eval),
		"next_step":    code("今後", casework.NextSteps), "closure_reason": code("終結の理由", casework.ClosureReasons),
		"next_review_on": c("次の見直し日", kDate)}},
	"meetings": {"本人について話し合った会議", "case", map[string]column{
		"type": code("会議の種類", casework.MeetingTypes), "title": c("会議名", kText), "scheduled_at": c("日時", kInstant), "place": c("場所", kText),
		"host_org_id": c("主催機関", kOrg), "non_public": c("非公開", kBool), "created_by": c("登録した職員", kUser),
		"status": code("開催状況", casework.MeetingStatuses), "status_changed_at": c("開催状況の記録日時", kInstant),
		"status_changed_by": c("開催状況を記録した職員", kUser), "minutes_confirmed_at": c("議事録の確定日時", kInstant),
		"minutes_confirmed_by": c("議事録を確定した職員", kUser)}},
	"meeting_items": {"会議の案件（話し合いの記録）", "case", map[string]column{
		"basis": code("根拠", casework.MeetingBases), "agenda": code("議題", casework.Agendas),
		"situation":   marked(c("状況・検討内容", kText), eval),
		"decisions":   marked(c("決定事項", kText), eval),
		"role_split":  marked(c("役割分担", kJSON), eval),
		"lead_org_id": c("主担当機関", kOrg),
		"key_person":  marked(c("キーパーソン", kText), MarkThirdParty),
		"next_date":   c("次回", kDate), "closure_reason": code("終結の理由", casework.ClosureReasons), "consent_id": c("同意", kRef)}},
	"consents": {"同意", "consent", map[string]column{
		"given_by": c("同意した人", kText), "given_on": c("同意日", kDate), "method": c("方法", kText), "recipients": c("提供先の機関", kOrgs),
		"data_categories": codes("提供する情報", casework.DataCategories), "purposes": c("利用目的", kLines),
		"meeting_types": codes("検討してよい会議", casework.MeetingTypes), "valid_until": c("有効期限", kDate), "withdrawn_on": c("撤回日", kDate),
		"withdraw_reason": c("撤回の理由", kText), "supersedes_id": c("前の版", kRef), "recorded_by_org_id": c("記録した機関", kOrg)}},
	"outreach_targets": {"アウトリーチの対象", "outreach", map[string]column{
		"org_id": c("機関", kOrg), "label": c("呼び名", kText), "found_via": c("把握の経路", kText), "found_on": c("把握日", kDate),
		"concern": c("気になっていること", kText), "district": c("地区", kText), "stage": code("段階", casework.OutreachStages),
		"worker_id": c("担当者", kUser)}},
	"outreach_target_history": {"アウトリーチの対象の修正前の内容", "outreach", map[string]column{
		"label": c("呼び名", kText), "found_via": c("把握の経路", kText), "found_on": c("把握日", kDate), "concern": c("気になっていること", kText),
		"district": c("地区", kText)}},
	"outreach_attempts": {"アウトリーチの接触", "outreach", map[string]column{
		"method": c("方法", kText), "outcome": c("結果", kText), "note": c("記録", kText), "contact_id": c("支援経過記録", kRef)}},
	"outreach_attempt_history": {"アウトリーチの接触の修正前の内容", "outreach", map[string]column{
		"attempt_id": c("接触", kRef), "method": c("方法", kText), "outcome": c("結果", kText), "note": c("記録", kText)}},
	"outreach_stage_history": {"アウトリーチの段階の変更", "outreach", map[string]column{
		"from_stage": code("変更前", casework.OutreachStages), "to_stage": code("変更後", casework.OutreachStages), "user_id": c("変更した職員", kUser)}},
	"meeting_outreach_items": {"支援会議でのアウトリーチの検討", "outreach", map[string]column{
		"situation": marked(c("状況・検討内容", kText), eval),
		"decisions": marked(c("決定事項", kText), eval)}},
	"needs_profiles": {"参加支援のニーズ", "participation", map[string]column{
		"interests": codes("関心", casework.Activities), "days": codes("参加できる曜日", casework.Weekdays), "time_slots": codes("時間帯", casework.TimeSlots),
		"districts": c("地区", kLines), "home_lat": c("自宅の位置（緯度）", kText), "home_lng": c("自宅の位置（経度）", kText),
		"health_limits": c("健康上の配慮", kText), "support_needed": codes("必要な配慮", casework.Accessibility), "updated_by": c("更新した職員", kUser)}},
	"participation_matches": {"参加支援のマッチング", "participation", map[string]column{
		"resource_id": c("社会資源", kRef), "menu": c("メニュー", kText), "status": code("状態", casework.MatchStatuses), "org_id": c("提案した機関", kOrg),
		"proposed_on": c("提案日", kDate), "trial_on": c("体験開始日", kDate), "placed_on": c("参加開始日", kDate), "ended_on": c("終了日", kDate),
		"end_reason": c("終了の理由", kText), "created_by": c("提案した職員", kUser)}},
	"participation_logs": {"定着支援・受け入れ先支援の記録", "participation", map[string]column{
		"match_id": c("マッチング", kRef), "kind": code("種類", casework.MatchLogKinds), "method": c("方法", kText), "note": c("記録", kText)}},
	"break_glass": {"緊急時の閲覧（生命・身体の保護）", "access", map[string]column{
		"user_id": c("閲覧した職員", kUser), "reason": c("理由", kText), "granted_at": c("開始日時", kInstant), "until_at": c("終了日時", kInstant)}},
	"disclosure_requests": {"開示請求", "rights", map[string]column{
		"request_number": c("請求番号", kText), "received_on": c("受付日", kDate), "requester_name": c("請求者", kText),
		"requester_relation": code("請求者と本人の関係", casework.RequesterRelations), "note": c("備考", kText),
		"decision": code("開示決定", casework.DisclosureDecisions), "decided_on": c("決定日", kDate), "decision_note": c("決定の理由", kText)}},
	"rights_requests": {"訂正請求・利用停止請求", "rights", map[string]column{
		"kind": code("種類", casework.RightsKinds), "request_number": c("請求番号", kText), "received_on": c("受付日", kDate), "requester_name": c("請求者", kText),
		"requester_relation": code("請求者と本人の関係", casework.RequesterRelations), "content": c("請求の内容", kText),
		"decision": code("決定", casework.RightsDecisions), "decided_on": c("決定日", kDate), "reason": c("理由", kText)}},
	"audit_events": {"閲覧・操作の記録", "access", map[string]column{
		"seq": c("番号", kText), "at": c("日時", kInstant), "actor_id": c("職員", kUser), "actor_org_id": c("職員の機関", kOrg),
		"action": code("操作", casework.AuditActionLabels), "object_type": code("対象", casework.AuditObjectLabels), "object_id": c("対象の記録", kRef),
		"reason": c("理由・条件", kText), "flagged": c("要確認", kBool), "address": c("接続元", kText), "prev_hash": c("", kHidden), "hash": c("", kHidden)}},
}

// NotAboutResidents are the tables that hold no record about a resident
// who is supported, each with the reason: the bundle reads none of them,
// and the ファイル簿 leaves them out. A test checks that every table of the
// live schema is either here or read by the bundle.
var NotAboutResidents = map[string]string{
	"api_tokens":               "職員のAPIトークン",
	"audit_heads":              "監査ログの連鎖の先頭（管理用）",
	"audit_journal_merged":     "監査ログの取り込み位置（管理用）",
	"audit_reviews":            "個人情報保護担当による監査ログの確認",
	"report_contact_counts":    "年度報告の支援経過記録の件数（月・事業・分野ごとの集計のみ）",
	"case_lead_counts":         "ケース一覧の状態ごとの件数（主担当機関・状態ごとの集計のみ）",
	"report_case_presence":     "年度報告の実人数のための索引（ケースごとに支援経過記録のあった月・事業・分野だけ。記録そのものは支援経過記録として開示）",
	"report_settings":          "年度報告の人口と目標（市区町村の設定）",
	"retention_policies":       "保存年限の設定",
	"retention_decisions":      "廃棄の決定と廃棄記録（件数と職員。本人の記録は含まない）",
	"retention_decision_items": "廃棄記録の明細（廃棄した記録のIDだけ）",
	"case_views":               "職員が保存したケース一覧の条件",
	"coordinators":             "地域づくりのコーディネーター（支援の対象者ではない）",
	"districts":                "地区の一覧",
	"form_stashes":             "セッション切れで送られた入力の一時保管（暗号化、2時間で失効）",
	"login_failures":           "ログイン失敗の記録",
	"meeting_attendees":        "会議の出席機関・職員",
	"meeting_item_absences":    "案件の間に退席した出席者",
	"meeting_minutes_history":  "会議全体の議事録の修正履歴（会議のすべての案件にかかわるため、本人の資料には含めず、確認の対象として示す）",
	"municipalities":           "市区町村",
	"name_index_log":           "氏名検索の索引の同期（管理用）",
	"name_index_snapshot":      "氏名検索の索引の保存版（起動を速くするための本人情報の氏名・ふりがなの写し。開示は本人情報による）",
	"organizations":            "機関",
	"platform_meetings":        "プラットフォームの会合",
	"platform_members":         "プラットフォームの構成員",
	"platforms":                "プラットフォーム",
	"recovery_codes":           "職員の回復コード",
	"report_snapshots":         "集計の保存版（件数のみ）",
	"report_targets":           "集計の目標値",
	"resource_gaps":            "不足している社会資源",
	"resource_sessions":        "社会資源の開催記録（人数のみ）",
	"resources":                "社会資源",
	"schema_migrations":        "データベースの版（管理用）",
	"services":                 "紹介できる制度・資源",
	"sessions":                 "ログインのセッション",
	"shien_kaigi_members":      "支援会議の構成員の名簿",
	"users":                    "職員",
	"webauthn_challenges":      "セキュリティキーの認証途中の値",
	"webauthn_credentials":     "職員のセキュリティキー",
	"yotaikyo_members":         "要保護児童対策地域協議会の構成機関",
}

// columnOf is how column name of table t is given out, and whether the
// catalog names it.
func columnOf(t, name string) (column, bool) {
	if col, ok := tables[t].cols[name]; ok {
		return col, true
	}
	col, ok := common[name]
	return col, ok
}
