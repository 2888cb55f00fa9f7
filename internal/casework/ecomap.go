package casework

import (
	"strings"
	"time"
	"unicode/utf8"
)

// Ecomap code lists: the kind of counterpart, the strength of a tie and the
// direction of support.
var (
	TieCounterparts = CodeList{
		{"organization", "市町村の関係機関"},
		{"resource", "社会資源"},
		{"informal", "インフォーマル（近所・知人・親族など）"},
	}
	TieStrengths = CodeList{
		{"strong", "強い"},
		{"normal", "普通"},
		{"weak", "弱い"},
		{"stressful", "ストレス・対立"},
	}
	TieDirections = CodeList{
		{"to", "相手から世帯へ支援"},
		{"from", "世帯から相手へ"},
		{"both", "双方向"},
		{"none", "向きなし"},
	}
)

// EcomapTie is a line of the ecomap the worker records because the data
// does not hold it otherwise (an informal helper, a resource used outside
// 参加支援), or to set the strength and direction of a drawn connection
// (a tie for the same counterpart overrides the default drawing).
type EcomapTie struct {
	ID          string `json:"id"`
	HouseholdID string `json:"household_id"`
	// PersonID is the member the tie concerns; empty = the whole household.
	PersonID        string    `json:"person_id,omitempty"`
	Counterpart     string    `json:"counterpart_kind"` // TieCounterparts
	OrganizationID  string    `json:"organization_id,omitempty"`
	ResourceID      string    `json:"resource_id,omitempty"`
	Name            string    `json:"name"` // free text for informal; filled from the organization or resource
	Strength        string    `json:"strength"`
	Direction       string    `json:"direction"`
	Note            string    `json:"note,omitempty"`
	RecordedByOrgID string    `json:"recorded_by_organization_id"`
	Version         int       `json:"version"`
	Created         time.Time `json:"created_at"`
	Updated         time.Time `json:"updated_at"`
	// PersonName is filled for display.
	PersonName string `json:"person_name,omitempty"`
}

// Validate checks a tie; an empty direction means "to the household".
func (t *EcomapTie) Validate() error {
	v := Invalid{}
	t.Name, t.Note = strings.TrimSpace(t.Name), strings.TrimSpace(t.Note)
	if t.Direction == "" {
		t.Direction = "to"
	}
	switch t.Counterpart {
	case "organization":
		if t.OrganizationID == "" {
			v.Add("organization_id", "関係機関を一覧から選んでください。")
		}
		t.ResourceID = ""
	case "resource":
		if t.ResourceID == "" {
			v.Add("resource_id", "社会資源を一覧から選んでください。")
		}
		t.OrganizationID = ""
	case "informal":
		t.OrganizationID, t.ResourceID = "", ""
		switch {
		case t.Name == "":
			v.Add("name", "相手を入力してください（例: 近所の田中さん、民生委員、親族（叔母））。")
		case utf8.RuneCountInString(t.Name) > 40:
			v.Add("name", "相手は40文字以内で入力してください。")
		}
	default:
		v.Add("counterpart_kind", "相手の種類を選んでください（関係機関・社会資源・インフォーマル）。")
	}
	if !TieStrengths.Has(t.Strength) {
		v.Add("strength", "関係の強さを選んでください（強い・普通・弱い・ストレス・対立）。")
	}
	if !TieDirections.Has(t.Direction) {
		v.Add("direction", "支援の向きを選んでください。")
	}
	if utf8.RuneCountInString(t.Note) > 100 {
		v.Add("note", "メモは100文字以内で入力してください。")
	}
	return v.Err()
}

// CanSeeEcomapTie: a tie says who supports a family, so it is case
// content. The organization that recorded it sees it; anyone else only
// while they may read a case about the member it concerns (readsCase), or
// for a tie of the whole household a case about any member.
func CanSeeEcomapTie(a Actor, t EcomapTie, readsCase bool) bool {
	if !CanHandleCases(a) {
		return false
	}
	return t.RecordedByOrgID == a.OrganizationID || readsCase
}

// CanWriteEcomapTie is the household write rule (staff who write cases and
// may see the household, checked by storage) over a tie the actor may see.
func CanWriteEcomapTie(a Actor, t EcomapTie, readsCase bool) bool {
	return CanWriteCases(a) && CanSeeEcomapTie(a, t, readsCase)
}

// familyWords are counterparts of a contact that are the family itself,
// not an organization or helper around it.
var familyWords = []string{"本人", "世帯", "家族", "夫", "妻", "父", "母", "実父", "実母", "義父", "義母", "養父", "養母",
	"長男", "次男", "三男", "長女", "次女", "三女", "兄", "弟", "姉", "妹", "祖父", "祖母", "孫", "子", "息子", "娘",
	"配偶者", "父母", "両親", "親", "きょうだい", "兄弟", "姉妹", "同居人", "親権者"}

// ContactCounterparts splits the 相手 of a contact record into the
// organizations and people outside the household it names: 「地域包括・社協」
// gives two; 「本人・長男」 none; a note in brackets (「本人（学校にて）」) is
// dropped, as are the names of the household's members.
func ContactCounterparts(counterpart string, memberNames []string) []string {
	// drop notes in brackets
	var b strings.Builder
	depth := 0
	for _, r := range counterpart {
		switch {
		case r == '（' || r == '(':
			depth++
		case (r == '）' || r == ')') && depth > 0:
			depth--
		case depth == 0:
			b.WriteRune(r)
		}
	}
	s := b.String()
	var out []string
	for _, part := range strings.FieldsFunc(s, func(r rune) bool { return strings.ContainsRune("・、，,/／;；\n", r) }) {
		part = strings.TrimSpace(strings.ReplaceAll(part, "　", " "))
		if part == "" || utf8.RuneCountInString(part) > 40 || isFamily(part, memberNames) {
			continue
		}
		dup := false
		for _, o := range out {
			dup = dup || o == part
		}
		if !dup {
			out = append(out, part)
		}
	}
	return out
}

func isFamily(part string, memberNames []string) bool {
	for _, w := range familyWords {
		if part == w {
			return true
		}
	}
	compact := strings.ReplaceAll(part, " ", "")
	for _, n := range memberNames {
		n = strings.ReplaceAll(strings.ReplaceAll(n, " ", ""), "　", "")
		if n != "" && (compact == n || strings.HasPrefix(n, compact) && utf8.RuneCountInString(compact) >= 2) {
			return true
		}
	}
	return false
}

// ActDelete is the audit action of removing a record a worker added by
// mistake or that no longer holds (an ecomap tie).
const ActDelete = "delete"
