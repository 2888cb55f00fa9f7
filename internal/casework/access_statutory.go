package casework

import (
	"strings"
	"time"
)

// StatutoryMonths is how long a statutory team membership lasts when no end
// date is given; it is confirmed again (re-added) after that.
const StatutoryMonths = 6

// StatutoryFacts are what CheckStatutory needs to know beyond the member.
type StatutoryFacts struct {
	// The case is registered with the 要保護児童対策地域協議会 and the joining
	// organization is on that fiscal year's member list (児童福祉法第25条の2,
	// 第25条の5: the duty of confidentiality binds its members).
	CaseOnYotaikyo, OrgOnYotaikyoRoster bool
}

// CheckStatutory completes and checks a statutory membership (rule 2): it
// has an owner (who confirmed it), an end date (default six months, at most
// a year), 要対協 needs the registered case and the roster, another law
// needs its name and article in text and the approval of a privacy officer
// before it gives access (ActiveOn).
func CheckStatutory(a Actor, m *TeamMember, sf StatutoryFacts, day string) error {
	m.ConfirmedBy = a.UserID
	m.LawText = strings.TrimSpace(m.LawText)
	from, err := time.Parse("2006-01-02", day)
	if err != nil {
		return err
	}
	if m.To == "" {
		m.To = from.AddDate(0, StatutoryMonths, 0).Format("2006-01-02")
	} else {
		to, msg := NormalizeDate(m.To, true)
		switch {
		case msg != "":
			return &Error{Code: EINVALID, Message: msg, Fields: map[string]string{"to": msg}}
		case to < day:
			msg = "終了日は今日以降にしてください。"
			return &Error{Code: EINVALID, Message: msg, Fields: map[string]string{"to": msg}}
		case to > from.AddDate(1, 0, 0).Format("2006-01-02"):
			msg = "法令上の根拠による参加は1年以内の終了日にしてください（続ける場合は改めて確認します）。"
			return &Error{Code: EINVALID, Message: msg, Fields: map[string]string{"to": msg}}
		}
		m.To = to
	}
	switch m.Statute {
	case "art25_2":
		if !sf.CaseOnYotaikyo {
			msg := "要保護児童対策地域協議会（児童福祉法第25条の2）を根拠にするには、このケースが協議会に登録されている必要があります。"
			return &Error{Code: EINVALID, Message: msg, Fields: map[string]string{"basis": msg}}
		}
		if !sf.OrgOnYotaikyoRoster {
			msg := "この機関は今年度の要保護児童対策地域協議会の構成機関名簿にありません。"
			return &Error{Code: EINVALID, Message: msg, Fields: map[string]string{"basis": msg}}
		}
	case "other_law":
		if len([]rune(m.LawText)) < 4 || !strings.ContainsAny(m.LawText, "条") {
			msg := "根拠となる法令の名前と条項を入力してください（例: 生活保護法第29条）。個人情報保護担当の承認後に有効になります。"
			return &Error{Code: EINVALID, Message: msg, Fields: map[string]string{"law_text": msg}}
		}
		m.ApprovedBy, m.ApprovedAt = "", ""
	}
	return nil
}

// CheckApproveStatutory: a privacy officer approves an other_law membership.
func CheckApproveStatutory(a Actor, m TeamMember) error {
	if !a.Has("privacy_officer") {
		return Errorf(EFORBIDDEN, "法令上の根拠の承認は個人情報保護担当だけが行えます。")
	}
	if m.Basis != BasisStatutory || m.Statute != "other_law" || m.ApprovedBy != "" {
		return Errorf(EINVALID, "承認を待っている「その他の法令」による参加ではありません。")
	}
	return nil
}

// FiscalYearOf is the fiscal year (April to March) of a day YYYY-MM-DD.
func FiscalYearOf(day string) int {
	t, err := time.Parse("2006-01-02", day)
	if err != nil {
		return 0
	}
	if t.Month() < time.April {
		return t.Year() - 1
	}
	return t.Year()
}
