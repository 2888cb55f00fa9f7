package retention

import (
	"time"

	"kasane/internal/casework"
)

// Subjects a legal hold is put on.
const (
	SubjectPerson = "person"
	SubjectCase   = "case"
)

// Subjects label them.
var Subjects = casework.CodeList{{Value: SubjectPerson, Label: "本人"}, {Value: SubjectCase, Label: "ケース"}}

// HoldKinds are why records must be kept past their period: a lawsuit
// (訴訟・審査請求), a request for disclosure, correction or suspension of use
// under 個人情報保護法 第76条・第90条・第98条 pending, or an audit
// (監査委員・会計検査・第三者委員会). While a hold is in force nothing of its
// subject is disposed of.
var HoldKinds = casework.CodeList{
	{Value: "litigation", Label: "訴訟・審査請求"},
	{Value: "disclosure", Label: "開示・訂正・利用停止の請求"},
	{Value: "audit", Label: "監査"},
	{Value: "other", Label: "その他"},
}

// Hold is a legal hold (訴訟等による保存) on a person or a case.
type Hold struct {
	ID           string    `json:"id"`
	SubjectType  string    `json:"subject_type"`
	SubjectID    string    `json:"subject_id"`
	SubjectLabel string    `json:"subject_label,omitempty"` // the case number; a person by id only
	Kind         string    `json:"kind"`
	KindLabel    string    `json:"kind_label"`
	Reason       string    `json:"reason"`
	SetBy        string    `json:"set_by"`
	SetByName    string    `json:"set_by_name"`
	SetAt        time.Time `json:"set_at"`
	LiftedBy     string    `json:"lifted_by,omitempty"`
	LiftedByName string    `json:"lifted_by_name,omitempty"`
	LiftedAt     time.Time `json:"lifted_at,omitzero"`
	LiftReason   string    `json:"lift_reason,omitempty"`
	Active       bool      `json:"active"`
	Version      int       `json:"version"`
}

// CheckHold: holds are set and lifted by a privacy officer (a named user).
func CheckHold(a casework.Actor) error {
	if !a.Has("privacy_officer") || !isStaff(a) {
		return casework.Errorf(casework.EFORBIDDEN, "廃棄の保留（訴訟等による保存）を設定・解除できるのは個人情報保護担当の職員だけです。")
	}
	return nil
}

// ValidateHold checks a new hold; every problem at once, by field.
func ValidateHold(h *Hold) error {
	fields := map[string]string{}
	if !Subjects.Has(h.SubjectType) {
		fields["subject_type"] = "保留する対象（本人またはケース）を選んでください。"
	}
	if h.SubjectID == "" {
		fields["subject_id"] = "本人のIDまたはケース番号を入力してください。"
	}
	if !HoldKinds.Has(h.Kind) {
		fields["kind"] = "保留の理由の種類を一覧から選んでください。"
	}
	if err := CheckText("reason", h.Reason, true); err != nil {
		fields["reason"] = casework.ErrorFields(err)["reason"]
	}
	if len(fields) > 0 {
		msg := "入力内容を確認してください。"
		if len(fields) == 1 {
			for _, m := range fields {
				msg = m
			}
		}
		return &casework.Error{Code: casework.EINVALID, Message: msg, Fields: fields}
	}
	return nil
}
