package juki

import (
	"strconv"
	"strings"

	"kasane/internal/casework"
	"kasane/internal/japanese"
)

// Alert kinds of the 住基 link (GET /api/v1/alerts, 「わたしの仕事」).
const (
	AlertMovedOut = "resident_moved_out"
	AlertDeceased = "resident_deceased"
)

// Subject is a person of a case (or of an outreach target) whom the
// resident register says moved out or died.
type Subject struct {
	// Member is set when the person is a member of the case's household
	// (not its focus person); Name is then the member's name.
	Member bool
	Name   string
	// Status is casework.ResidentMovedOut or ResidentDeceased, On its 異動日.
	Status, On string
	// Linked: the register's record is another record linked to this one
	// as the same person (名寄せ).
	Linked bool
}

// OpenItems counts what is still open on the case of a person who died,
// to be closed (終結・取り下げ): plans in force or in draft, referrals not
// completed, outreach targets not handed over.
type OpenItems struct{ Plans, Referrals, Outreach int }

func (o OpenItems) text() string {
	var parts []string
	for _, x := range []struct {
		n    int
		what string
	}{{o.Plans, "プラン"}, {o.Referrals, "つなぎ"}, {o.Outreach, "アウトリーチ"}} {
		if x.n > 0 {
			parts = append(parts, "開いている"+x.what+" "+itoa(x.n)+"件")
		}
	}
	return strings.Join(parts, "・")
}

func itoa(n int) string { return strconv.Itoa(n) }

func dayText(iso string) string {
	if d, err := japanese.ParseDate(iso); err == nil && d.Precision == japanese.PrecisionDay {
		return japanese.FormatWareki(d.Time())
	}
	return iso
}

// Kind is the alert kind of a subject's status.
func (s Subject) Kind() string {
	if s.Status == casework.ResidentDeceased {
		return AlertDeceased
	}
	return AlertMovedOut
}

func (s Subject) who() string {
	w := "本人"
	if s.Member {
		w = "世帯員"
		if s.Name != "" {
			w += "（" + s.Name + "）"
		}
	}
	if s.Linked {
		w += "（名寄せで同一人物とした記録）"
	}
	return w
}

// CaseAlert is the watch on an open case whose focus person or household
// member the register says moved out or died. The message names no address.
func CaseAlert(c casework.Case, s Subject, open OpenItems) casework.Alert {
	a := casework.Alert{Kind: s.Kind(), CaseID: c.ID, Since: s.On, CaseNumber: c.Number, PersonName: c.FocusName}
	head := "住民記録: " + s.who() + "が" + s.Status + "（" + dayText(s.On) + "）。"
	switch {
	case s.Status == casework.ResidentDeceased && !s.Member:
		a.Message = head + "ケース " + c.Number + " の終結（死亡）を検討してください。"
		if t := open.text(); t != "" {
			a.Message += "終結の対象: " + t + "。"
		}
	case s.Status == casework.ResidentDeceased:
		a.Message = head + "ケース " + c.Number + " の支援（世帯の状況・プラン）を見直してください。"
	case !s.Member:
		a.Message = head + "ケース " + c.Number + " の終結（転出）または転出先へのつなぎを検討してください。"
	default:
		a.Message = head + "ケース " + c.Number + " の世帯の状況を見直してください。"
	}
	return a
}

// OutreachAlert is the watch on an outreach target (of the actor's
// organization) whose person the register says moved out or died.
func OutreachAlert(targetID string, s Subject) casework.Alert {
	what := "記録の終了を検討してください。"
	if s.Status == casework.ResidentMovedOut {
		what = "転出先へのつなぎまたは記録の終了を検討してください。"
	}
	return casework.Alert{Kind: s.Kind(), Ref: targetID, Since: s.On, PersonName: s.Name,
		Message: "住民記録: アウトリーチの対象者" + map[bool]string{true: "（名寄せで同一人物とした記録）", false: ""}[s.Linked] + "が" + s.Status + "（" + dayText(s.On) + "）。" + what}
}
