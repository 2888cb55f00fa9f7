package retention

import (
	"strings"
	"time"
	"unicode/utf8"

	"kasane/internal/casework"
	"kasane/internal/japanese"
)

// Audit actions of this package (labels in casework.AuditActionLabels).
const (
	ActApprove = "approve" // a disposal decision approved by a second person
	ActDispose = "dispose" // records disposed of under an approved decision
)

// Decision statuses: proposed → approved → disposed, or rejected (by a
// privacy officer, or withdrawn by the proposer) before disposal.
const (
	StatusProposed = "proposed"
	StatusApproved = "approved"
	StatusDisposed = "disposed"
	StatusRejected = "rejected"
)

// Statuses label the statuses of a decision.
var Statuses = casework.CodeList{
	{Value: StatusProposed, Label: "承認待ち"},
	{Value: StatusApproved, Label: "承認済み（廃棄待ち）"},
	{Value: StatusDisposed, Label: "廃棄済み"},
	{Value: StatusRejected, Label: "却下・取下げ"},
}

// Methods of disposal.
const (
	MethodAnonymize = "anonymize" // 匿名化: free text emptied, persons anonymized, counted rows kept
	MethodDelete    = "delete"    // 削除: the audit log's events (the chain keeps its base)
)

// Methods label the methods.
var Methods = casework.CodeList{{Value: MethodAnonymize, Label: "匿名化"}, {Value: MethodDelete, Label: "削除"}}

// MethodNotes say what each method does.
var MethodNotes = map[string]string{
	MethodAnonymize: "記述（支援経過・相談内容・議事録など）と本人を特定する情報（氏名・カナ・生年月日・住所・電話）を消去し、集計に使う区分・日付・件数は残します。",
	MethodDelete:    "保存期間を過ぎた記録を削除します。ハッシュの連鎖の起点を残すため、残りの監査ログは検証できます。",
}

// MethodFor is the method a record type is disposed of by.
func MethodFor(recordType string) string {
	if recordType == TypeAudit {
		return MethodDelete
	}
	return MethodAnonymize
}

// Decision is a 廃棄の決定: what is to be disposed of (the records of one
// type past their period when it was proposed), who proposed and who
// approved it, and, once carried out, the 廃棄記録 (what, how many, when,
// how). Decisions are never deleted.
type Decision struct {
	ID             string         `json:"id"`
	RecordType     string         `json:"record_type"`
	RecordLabel    string         `json:"record_label"`
	Status         string         `json:"status"`
	StatusLabel    string         `json:"status_label"`
	Years          int            `json:"years"`       // the policy when proposed (0 = 永年 never happens here)
	Cutoff         string         `json:"cutoff"`      // records that ended before this day (audit: instant)
	FiscalYear     int            `json:"fiscal_year"` // 0: every fiscal year past its period
	ItemCount      int            `json:"item_count"`
	FYFrom         int            `json:"fiscal_year_from"` // range of the fiscal years the records ended in
	FYTo           int            `json:"fiscal_year_to"`
	Reason         string         `json:"reason,omitempty"`
	ProposedBy     string         `json:"proposed_by"`
	ProposedByName string         `json:"proposed_by_name"`
	ProposedAt     time.Time      `json:"proposed_at"`
	ApprovedBy     string         `json:"approved_by,omitempty"`
	ApprovedByName string         `json:"approved_by_name,omitempty"`
	ApprovedAt     time.Time      `json:"approved_at,omitzero"`
	RejectedBy     string         `json:"rejected_by,omitempty"`
	RejectedByName string         `json:"rejected_by_name,omitempty"`
	RejectedAt     time.Time      `json:"rejected_at,omitzero"`
	RejectReason   string         `json:"reject_reason,omitempty"`
	DisposedBy     string         `json:"disposed_by,omitempty"`
	DisposedByName string         `json:"disposed_by_name,omitempty"`
	DisposedAt     time.Time      `json:"disposed_at,omitzero"`
	Method         string         `json:"method"`
	MethodLabel    string         `json:"method_label"`
	DisposedCount  int            `json:"disposed_count"`
	Persons        int            `json:"persons_anonymized"`
	Details        map[string]int `json:"details,omitempty"` // rows emptied or deleted, by table
	Version        int            `json:"version"`
}

// SetLabels fills the Japanese labels.
func (d *Decision) SetLabels() {
	d.RecordLabel, d.StatusLabel, d.MethodLabel = RecordTypes.Label(d.RecordType), Statuses.Label(d.Status), Methods.Label(d.Method)
}

// CanView: the roles that decide on disposal see the lists, the decisions
// and the holds (市の管理者 and 個人情報保護担当). None of it is case content.
func CanView(a casework.Actor) bool {
	return a.Has("municipal_admin") || a.Has("privacy_officer")
}

// CheckView refuses the others.
func CheckView(a casework.Actor) error {
	if !CanView(a) {
		return casework.Errorf(casework.EFORBIDDEN, "保存年限と廃棄の画面は、市の管理者と個人情報保護担当だけが使えます。")
	}
	return nil
}

// isStaff: a named user, not the command-line system actor: a disposal
// decision names two people.
func isStaff(a casework.Actor) bool { return a.UserID != "" && a.UserID != "system" }

// CheckPropose: a municipal_admin or a privacy_officer proposes (起案).
func CheckPropose(a casework.Actor) error {
	if !CanView(a) || !isStaff(a) {
		return casework.Errorf(casework.EFORBIDDEN, "廃棄を起案できるのは、市の管理者または個人情報保護担当の職員です（--user で職員を指定してください）。")
	}
	return nil
}

// CheckApprove: another person, a privacy_officer, approves a proposed
// decision; nobody approves their own proposal (二人による確認).
func CheckApprove(a casework.Actor, d Decision) error {
	if !a.Has("privacy_officer") || !isStaff(a) {
		return casework.Errorf(casework.EFORBIDDEN, "廃棄を承認できるのは個人情報保護担当の職員だけです。")
	}
	if d.Status != StatusProposed {
		return casework.Errorf(casework.ECONFLICT, "この廃棄の決定は承認待ちではありません（%s）。", Statuses.Label(d.Status))
	}
	if a.UserID == d.ProposedBy {
		return casework.Errorf(casework.EFORBIDDEN, "自分が起案した廃棄は承認できません。別の個人情報保護担当の職員が承認してください。")
	}
	return nil
}

// CheckReject: a privacy officer rejects, or the proposer withdraws, a
// decision not yet carried out; a reason is required.
func CheckReject(a casework.Actor, d Decision, reason string) error {
	if !isStaff(a) || (!a.Has("privacy_officer") && a.UserID != d.ProposedBy) {
		return casework.Errorf(casework.EFORBIDDEN, "却下できるのは個人情報保護担当の職員、取り下げられるのは起案した職員だけです。")
	}
	if d.Status != StatusProposed && d.Status != StatusApproved {
		return casework.Errorf(casework.ECONFLICT, "この廃棄の決定はすでに%sです。", Statuses.Label(d.Status))
	}
	return CheckText("reason", reason, true)
}

// CheckDispose: nothing is disposed of without an approved decision; the
// roles that decide carry it out.
func CheckDispose(a casework.Actor, d Decision) error {
	if !CanView(a) || !isStaff(a) {
		return casework.Errorf(casework.EFORBIDDEN, "廃棄を実行できるのは、市の管理者または個人情報保護担当の職員です。")
	}
	switch d.Status {
	case StatusApproved:
		return nil
	case StatusProposed:
		return casework.Errorf(casework.EINVALID, "この廃棄はまだ承認されていません。起案した職員とは別の個人情報保護担当の職員が承認してから実行してください。")
	case StatusDisposed:
		return casework.Errorf(casework.ECONFLICT, "この廃棄はすでに実行されています。")
	}
	return casework.Errorf(casework.EINVALID, "却下・取下げになった廃棄は実行できません。")
}

// CheckText checks a reason or note: required if asked, 500 characters.
func CheckText(field, s string, required bool) error {
	s = strings.TrimSpace(s)
	if required && s == "" {
		return invalid(field, "理由を入力してください。")
	}
	if utf8.RuneCountInString(s) > 500 {
		return invalid(field, "500文字以内で入力してください。")
	}
	return nil
}

// FiscalYears is the range of fiscal years the records ended in, as people
// read it (平成27年度（2015年度）〜令和2年度（2020年度）).
func (d Decision) FiscalYears() string { return FYRange(d.FYFrom, d.FYTo, japanese.FiscalYearLabel) }

// FYRange is how a range of fiscal years reads: 令和2年度 or 平成30年度〜令和2年度.
func FYRange(from, to int, label func(int) string) string {
	switch {
	case from == 0:
		return ""
	case from == to:
		return label(from)
	}
	return label(from) + "〜" + label(to)
}
