package retention

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"kasane/internal/casework"
)

// Record types that have a retention period.
const (
	TypeCase     = "case"            // ケースとその記録（支援経過・アセスメント・プラン・評価・つなぎ・情報提供・会議の案件）
	TypeConsent  = "consent"         // 同意の記録
	TypeMeeting  = "meeting"         // 会議録（出席者・案件・議事録）
	TypeOutreach = "outreach_target" // アウトリーチ対象とその接触記録
	TypeAudit    = "audit_log"       // 監査ログ（migration 0008 の保存期間と同じ設定）
)

// RecordTypes are the record types in the order pages list them.
var RecordTypes = casework.CodeList{
	{Value: TypeCase, Label: "ケースとその記録"},
	{Value: TypeConsent, Label: "同意の記録"},
	{Value: TypeMeeting, Label: "会議録"},
	{Value: TypeOutreach, Label: "アウトリーチ対象"},
	{Value: TypeAudit, Label: "監査ログ"},
}

// Covers says, for each record type, what it holds and from when its period
// counts (shown on the page and in the README).
var Covers = map[string]string{
	TypeCase:     "ケース（受付票）、支援経過記録（修正履歴を含む）、アセスメント、支援プランと評価、つなぎ、情報提供、会議でのこのケースの案件。終結した日から数えます。",
	TypeConsent:  "同意の記録（撤回の理由を含む）。撤回した日、有効期限、または新しい同意に置き換わった日のうち早い日から数えます。",
	TypeMeeting:  "会議録（議題名・場所・議事録と修正履歴、出席者名、案件の状況・決定事項）。開催（または中止）の日から数えます。",
	TypeOutreach: "アウトリーチ対象（呼び名・気になること）、接触の記録、修正履歴。ケースへ引き継いだ日、引き継いでいなければ最後の記録の日から数えます。",
	TypeAudit:    "監査ログ（閲覧・出力・変更の記録）。記録した日時から数えます（ハッシュの連鎖は検証できるまま残ります）。",
}

// DefaultYears is the retention of a record type when the municipality has
// not set one: 5 years (a common 保存期間 of 相談記録 in 文書管理規程), the
// audit log 10 years (casework.Settings.AuditRetention).
func DefaultYears(recordType string) int {
	if recordType == TypeAudit {
		return 10
	}
	return 5
}

// MaxYears is the longest period that can be set in years (longer: 永年).
const MaxYears = 100

// Policy is the retention of one record type in a municipality. Years 0
// means 永年 (kept permanently: never listed for disposal).
type Policy struct {
	RecordType string    `json:"record_type"`
	Label      string    `json:"label"`
	Years      int       `json:"years"`
	Permanent  bool      `json:"permanent"`
	Default    bool      `json:"default"` // no setting stored: the default applies
	Covers     string    `json:"covers"`
	UpdatedBy  string    `json:"updated_by,omitempty"`
	UpdatedAt  time.Time `json:"updated_at,omitzero"`
	Version    int       `json:"version"`
}

// Shown is the period as a person reads it: 「5年」 or 「永年」.
func (p Policy) Shown() string {
	if p.Permanent {
		return "永年"
	}
	return strconv.Itoa(p.Years) + "年"
}

// PolicyOf builds the policy of a record type from its stored years (ok:
// a setting exists; years 0 = 永年).
func PolicyOf(recordType string, years int, ok bool) Policy {
	p := Policy{RecordType: recordType, Label: RecordTypes.Label(recordType), Covers: Covers[recordType], Years: years}
	if !ok {
		p.Years, p.Default = DefaultYears(recordType), true
	}
	p.Permanent = p.Years == 0
	return p
}

// ParsePolicy reads a period as typed: a number of years (1–100), or 永年
// (also "permanent" or "0"). It returns the years to store (0 = 永年).
func ParsePolicy(recordType, s string) (int, error) {
	if !RecordTypes.Has(recordType) {
		return 0, invalid("record_type", "記録の種類を一覧から選んでください。")
	}
	s = strings.TrimSpace(s)
	if s == "永年" || s == "permanent" || s == "0" {
		return 0, nil
	}
	s = strings.TrimSpace(strings.TrimSuffix(s, "年"))
	s = strings.Map(func(r rune) rune { // full-width digits
		if r >= '０' && r <= '９' {
			return r - '０' + '0'
		}
		return r
	}, s)
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > MaxYears {
		return 0, invalid("years", fmt.Sprintf("保存年限は1から%dまでの年数、または「永年」で入力してください。", MaxYears))
	}
	return n, nil
}

// CheckEditPolicy: the 保存年限 are the municipality's document-management
// settings, changed by its municipal_admin (文書管理規程の所管).
func CheckEditPolicy(a casework.Actor) error {
	if !a.Has("municipal_admin") {
		return casework.Errorf(casework.EFORBIDDEN, "保存年限を変えられるのは市の管理者だけです。")
	}
	return nil
}

// FiscalYear is the fiscal year (April–March) of a day YYYY-MM-DD.
func FiscalYear(day string) int { return casework.FiscalYearOf(day) }

// Cutoff is the first day of the fiscal year from which the records that
// ended before it are past their period on day today: with 5 years, on any
// day of FY2026 the records completed before 2021-04-01 (FY2020 and
// earlier: counted from 2021-04-01, five years end 2026-03-31). "" for 永年.
func Cutoff(today string, years int) string {
	if years <= 0 {
		return ""
	}
	return fmt.Sprintf("%04d-04-01", FiscalYear(today)-years)
}

// DueOn is the first day a record completed on end may be disposed of:
// April 1 of the fiscal year after end's, plus years. "" for 永年.
func DueOn(end string, years int) string {
	if years <= 0 || end == "" {
		return ""
	}
	return fmt.Sprintf("%04d-04-01", FiscalYear(end)+1+years)
}

// AuditCutoff is the instant before which audit events are past their
// period: now minus the years (the rule of migration 0008, kept as it was).
// Zero for 永年.
func AuditCutoff(now time.Time, years int) time.Time {
	if years <= 0 {
		return time.Time{}
	}
	return now.AddDate(-years, 0, 0)
}

func invalid(field, msg string) error {
	return &casework.Error{Code: casework.EINVALID, Message: msg, Fields: map[string]string{field: msg}}
}
