package casework

import (
	"strings"
	"time"
)

// Assessment is one version of a case's assessment sheet (アセスメント).
// Every save is a new revision; earlier ones stay readable.
type Assessment struct {
	ID          string    `json:"id"`
	CaseID      string    `json:"case_id"`
	Revision    int       `json:"revision"`
	AssessedOn  string    `json:"assessed_on"`
	Household   string    `json:"household"` // 世帯の状況
	History     string    `json:"history"`   // 生活歴
	Health      string    `json:"health"`    // 心身の状況
	Finances    string    `json:"finances"`  // 経済状況
	Work        string    `json:"work"`      // 就労
	Housing     string    `json:"housing"`   // 住まい
	Relations   string    `json:"relations"` // 人間関係・孤立
	Children    string    `json:"children"`  // 子ども・養育
	Capacity    string    `json:"capacity"`  // 判断能力・権利擁護
	Issues      string    `json:"issues"`    // 課題と背景要因
	Strengths   string    `json:"strengths"` // 本人の強み
	Direction   string    `json:"direction"` // 支援の方向性
	AuthorID    string    `json:"author_id"`
	AuthorOrgID string    `json:"author_organization_id"`
	Version     int       `json:"version"`
	Created     time.Time `json:"created_at"`
}

// AssessmentFields are the sheet's sections in order, with their labels.
var AssessmentFields = CodeList{
	{"household", "世帯の状況"}, {"history", "生活歴・これまでの経過"}, {"health", "心身の状況（健康・障害・医療）"},
	{"finances", "経済状況（収入・債務・家計）"}, {"work", "就労・日中活動"}, {"housing", "住まい"},
	{"relations", "人間関係・社会的孤立"}, {"children", "子ども・養育"}, {"capacity", "判断能力・権利擁護"},
	{"issues", "課題と背景要因"}, {"strengths", "本人の強み"}, {"direction", "支援の方向性"},
}

// Sections returns the texts of the sheet in the order of AssessmentFields.
func (a *Assessment) Sections() []*string {
	return []*string{&a.Household, &a.History, &a.Health, &a.Finances, &a.Work, &a.Housing,
		&a.Relations, &a.Children, &a.Capacity, &a.Issues, &a.Strengths, &a.Direction}
}

// Validate checks an assessment: a date (today when empty), the 課題 and a
// direction, and sensible lengths.
func (a *Assessment) Validate(now time.Time) error {
	v := Invalid{}
	if a.AssessedOn == "" {
		a.AssessedOn = Today(now)
	}
	if d, msg := NormalizeDate(a.AssessedOn, true); msg != "" {
		v.Add("assessed_on", msg)
	} else if d > Today(now) {
		v.Add("assessed_on", "アセスメント日が未来の日付になっています。")
	} else {
		a.AssessedOn = d
	}
	for i, p := range a.Sections() {
		*p = strings.TrimSpace(*p)
		f := AssessmentFields[i]
		tooLong(v, f.Value, f.Label, *p, 8000)
	}
	if a.Issues == "" {
		v.Add("issues", "課題と背景要因を入力してください。")
	}
	if a.Direction == "" {
		v.Add("direction", "支援の方向性を入力してください。")
	}
	return v.Err()
}
