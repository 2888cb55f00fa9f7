package report

import (
	"strconv"

	"kasane/internal/casework"
)

// Breakdowns of the new consultations of the year (issue 22): each case
// received in the year is counted once in each breakdown, under its
// 受付機関, 経路, 方法, age band, 性別, 主な課題 and スクリーニング, so that the
// rows of a breakdown add up to the 新規相談 total. The outcome at closure is
// the section 終結件数（終結理由別）.
const (
	SecIntakeOrg     = "intake_org"    // 受付機関の種別
	SecIntakeRoute   = "intake_route"  // 相談経路
	SecIntakeMethod  = "intake_method" // 相談方法
	SecAgeBand       = "age_band"      // 年齢（10歳刻み、受付日時点）
	SecSex           = "sex"           // 性別
	SecPrimaryIssue  = "primary_issue" // 主な課題
	SecScreening     = "screening"     // スクリーニング
	breakdownUnknown = "未設定"
)

// BreakdownTitles are the titles of the breakdown sections.
var BreakdownTitles = casework.CodeList{
	{Value: SecIntakeOrg, Label: "新規相談の受付機関（機関の種別）"},
	{Value: SecIntakeRoute, Label: "新規相談の相談経路"},
	{Value: SecIntakeMethod, Label: "新規相談の相談方法"},
	{Value: SecAgeBand, Label: "新規相談の本人の年齢（受付日時点、10歳刻み）"},
	{Value: SecSex, Label: "新規相談の本人の性別"},
	{Value: SecPrimaryIssue, Label: "新規相談の主な課題"},
	{Value: SecScreening, Label: "新規相談のスクリーニング結果"},
}

func init() { Titles = append(Titles, BreakdownTitles...) }

// IntakeOrgKinds are the rows of the 受付機関 breakdown: the four kinds of
// organization of 包括的相談支援 (社会福祉法106条の4第2項第1号), then the
// others.
var IntakeOrgKinds = casework.CodeList{
	{Value: "community_support_center", Label: "地域包括支援センター（介護）"},
	{Value: "disability_consultation", Label: "障害者相談支援事業所（障害）"},
	{Value: "child_family_center", Label: "利用者支援事業・こども家庭センター（子ども）"},
	{Value: "self_reliance_support", Label: "自立相談支援機関（困窮）"},
	{Value: "others", Label: "その他の機関"},
}

// IntakeOrgRow maps an organization kind to its row of IntakeOrgKinds.
func IntakeOrgRow(kind string) string {
	if IntakeOrgKinds.Has(kind) && kind != "others" {
		return kind
	}
	return "others"
}

// AgeBands are the rows of the age breakdown: 0〜9歳 … 80〜89歳, 90歳以上,
// 不明 (no birth date).
var AgeBands = func() casework.CodeList {
	var l casework.CodeList
	for a := 0; a < 90; a += 10 {
		l = append(l, casework.CodeItem{Value: strconv.Itoa(a), Label: strconv.Itoa(a) + "〜" + strconv.Itoa(a+9) + "歳"})
	}
	return append(l, casework.CodeItem{Value: "90", Label: "90歳以上"}, casework.CodeItem{Value: "unknown", Label: "不明"})
}()

// AgeBand returns the row of AgeBands of an age; ok false: unknown.
func AgeBand(age int, ok bool) string {
	if !ok || age < 0 {
		return "unknown"
	}
	return strconv.Itoa(min(age/10*10, 90))
}

// Breakdown returns the codes of a breakdown section's rows, with 未設定
// last for lists that may be left empty.
func Breakdown(key string) casework.CodeList {
	withUnknown := func(l casework.CodeList) casework.CodeList {
		return append(append(casework.CodeList{}, l...), casework.CodeItem{Value: "", Label: breakdownUnknown})
	}
	switch key {
	case SecIntakeOrg:
		return IntakeOrgKinds
	case SecIntakeRoute:
		return withUnknown(casework.IntakeRoutes)
	case SecIntakeMethod:
		return withUnknown(casework.IntakeMethods)
	case SecAgeBand:
		return AgeBands
	case SecSex:
		return casework.Sexes
	case SecPrimaryIssue:
		return withUnknown(casework.Problems)
	case SecScreening:
		return withUnknown(casework.Screenings)
	}
	return nil
}
