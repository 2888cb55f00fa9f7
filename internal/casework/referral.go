package casework

import (
	"strings"
	"time"
	"unicode/utf8"
)

// ReferralStatuses: pending → accepted | declined → completed.
var ReferralStatuses = CodeList{{"pending", "回答待ち"}, {"accepted", "受諾"}, {"declined", "辞退"}, {"completed", "完了"}}

// Referral is a hand-over (つなぎ) from one organization to another.
type Referral struct {
	ID          string `json:"id"`
	CaseID      string `json:"case_id"`
	CaseNumber  string `json:"case_number,omitempty"`
	PersonName  string `json:"person_name,omitempty"`
	FromOrgID   string `json:"from_organization_id"`
	ToOrgID     string `json:"to_organization_id"`
	FromOrgName string `json:"from_organization_name,omitempty"`
	ToOrgName   string `json:"to_organization_name,omitempty"`
	Reason      string `json:"reason"`
	Statute     string `json:"statute,omitempty"`
	Status      string `json:"status"`
	DueOn       string `json:"due_on"`
	// ReferredOn: the day the referral was made (late entry: may be in the
	// past, never in the future; default today). DueOn counts from it.
	ReferredOn string `json:"referred_on,omitempty"`
	// TransferLead: accepting makes the receiver the lead organization.
	TransferLead  bool      `json:"transfer_lead,omitempty"`
	DeclineReason string    `json:"decline_reason,omitempty"`
	Overdue       bool      `json:"overdue"`
	Version       int       `json:"version"`
	Created       time.Time `json:"created_at"`
}

// Validate checks a new referral.
func (r *Referral) Validate(now time.Time) error {
	v := Invalid{}
	r.Reason = strings.TrimSpace(r.Reason)
	if r.CaseID == "" {
		v.Add("case_id", "ケースを選んでください。")
	}
	if r.ToOrgID == "" {
		v.Add("to_organization_id", "つなぎ先の機関を選んでください。")
	}
	switch {
	case r.Reason == "":
		v.Add("reason", "つなぐ理由を入力してください。")
	case utf8.RuneCountInString(r.Reason) > 2000:
		v.Add("reason", "理由は2000文字以内で入力してください。")
	}
	if d, msg := NormalizeDate(r.ReferredOn, false); msg != "" {
		v.Add("referred_on", msg)
	} else {
		r.ReferredOn = d
		if d == "" {
			r.ReferredOn = Today(now)
		} else if d > Today(now) {
			v.Add("referred_on", "つないだ日に未来の日付は入力できません。")
		}
	}
	if d, msg := NormalizeDate(r.DueOn, false); msg != "" {
		v.Add("due_on", msg)
	} else {
		r.DueOn = d
		if d != "" && d < Today(now) {
			v.Add("due_on", "回答期限が過去の日付になっています。")
		}
	}
	return v.Err()
}

// IsOverdue: a pending referral past its due date is an alarm.
func (r Referral) IsOverdue(day string) bool {
	return r.Status == "pending" && r.DueOn != "" && day > r.DueOn
}

// Alert is one watch item on a "my work" list.
type Alert struct {
	Kind    string `json:"kind"` // overdue_referral, stale_case, no_lead_worker, review_due, plan_item, resident_moved_out, resident_deceased
	Message string `json:"message"`
	CaseID  string `json:"case_id,omitempty"`
	Ref     string `json:"ref_id,omitempty"`
	Since   string `json:"since,omitempty"`
	Days    int    `json:"days,omitempty"`
	// CaseNumber and PersonName name the case and its person beside the
	// message (the name only where the viewer may see it).
	CaseNumber string `json:"case_number,omitempty"`
	PersonName string `json:"person_name,omitempty"`
}

// LimitReferral is rule 3 for a referral's receiver: it was told of the
// person under the consent checked when the referral was made, and reads
// the referral only while that lasts — the person's name with `basic`, the
// reason with `records`, from its scope on the case or, before it joins,
// from the effective consents that list it. The sender (the lead) reads
// everything.
func LimitReferral(r *Referral, f CaseFacts, org, day string) {
	if org == r.FromOrgID || org == f.LeadOrgID {
		return
	}
	s := f.Scope(org, day)
	if len(s) == 0 {
		for _, c := range f.Consents {
			if c.EffectiveOn(day) && c.Covers(org) {
				s = append(s, c.DataCategories...)
			}
		}
	}
	if !s.Has(CatBasic) {
		r.PersonName = ""
	}
	if !s.Has(CatRecords) {
		r.Reason = "（本人の同意の範囲外のため表示しません）"
	}
}
