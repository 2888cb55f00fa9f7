package casework

import (
	"strings"
	"time"
	"unicode/utf8"
)

// Household code lists.
var (
	HouseholdKinds = labels("単身", "夫婦のみ", "二世代", "三世代以上", "ひとり親", "その他")
	Relationships  = labels("本人", "配偶者", "子", "父", "母", "祖父", "祖母", "孫", "兄弟姉妹", "子の配偶者", "おじ・おば", "その他の親族", "同居人")
	MemberRoles    = labels("主たる介護者", "ヤングケアラー", "キーパーソン", "被介護者", "生計維持者", "要保護児童")
	RelationKinds  = labels("婚姻", "離婚", "別居", "内縁", "親子", "兄弟", "養子縁組")
	RelationMoods  = labels("親密", "疎遠", "敵対", "遮断")
)

// Household is a 世帯.
type Household struct {
	ID                string            `json:"id"`
	RegisteredByOrgID string            `json:"registered_by_organization_id"`
	Label             string            `json:"label"`
	Kind              string            `json:"kind"`
	Members           []HouseholdMember `json:"members"`
	Relations         []PersonRelation  `json:"relations"`
	Version           int               `json:"version"`
	Created           time.Time         `json:"created_at"`
}

// Validate checks a household.
func (h *Household) Validate() error {
	v := Invalid{}
	h.Label = strings.TrimSpace(h.Label)
	switch {
	case h.Label == "":
		v.Add("label", "世帯の呼び名を入力してください（例: 山田さん世帯）。")
	case utf8.RuneCountInString(h.Label) > 60:
		v.Add("label", "世帯の呼び名は60文字以内で入力してください。")
	}
	if h.Kind != "" && !HouseholdKinds.Has(h.Kind) {
		v.Add("kind", "世帯の種類を一覧から選んでください。")
	}
	return v.Err()
}

// HouseholdMember is a person in a household.
type HouseholdMember struct {
	ID           string   `json:"id"`
	PersonID     string   `json:"person_id"`
	Relationship string   `json:"relationship"`
	Cohabiting   bool     `json:"cohabiting"`
	Roles        []string `json:"roles"`
	Version      int      `json:"version"`
	// Filled for the household page:
	Name      string       `json:"name,omitempty"`
	Kana      string       `json:"kana,omitempty"`
	BirthDate string       `json:"birth_date_display,omitempty"`
	Age       *int         `json:"age,omitempty"`
	Sex       string       `json:"sex,omitempty"`
	Cases     []MemberCase `json:"cases"`
	// OtherAgencies counts cases the viewer may not open (their existence
	// only, so a worker knows to ask).
	OtherAgencies []string `json:"other_agencies"`
}

// MemberCase is a case of a member visible to the viewer.
type MemberCase struct {
	CaseID   string   `json:"case_id"`
	Number   string   `json:"number"`
	Status   string   `json:"status"`
	LeadOrg  string   `json:"lead_organization"`
	TeamOrgs []string `json:"team_organizations"`
	// Records: the viewer reads this case's records (its scope has
	// `records`); the pictures draw counterparts and plan organizations of
	// such cases only.
	Records bool `json:"-"`
}

// Validate checks a member.
func (m *HouseholdMember) Validate() error {
	v := Invalid{}
	if m.PersonID == "" {
		v.Add("person_id", "世帯員を選んでください。")
	}
	if m.Relationship != "" && !Relationships.Has(m.Relationship) {
		v.Add("relationship", "続柄を一覧から選んでください。")
	}
	for _, r := range m.Roles {
		if !MemberRoles.Has(r) {
			v.Add("roles", "役割に不明な値があります: "+r)
		}
	}
	return v.Err()
}

// PersonRelation is a line of the genogram between two persons.
type PersonRelation struct {
	ID           string `json:"id"`
	FromPersonID string `json:"from_person_id"`
	ToPersonID   string `json:"to_person_id"`
	Kind         string `json:"kind"`
	Quality      string `json:"quality,omitempty"`
	Version      int    `json:"version"`
}

// Validate checks a relation.
func (r *PersonRelation) Validate() error {
	v := Invalid{}
	if r.FromPersonID == "" || r.ToPersonID == "" || r.FromPersonID == r.ToPersonID {
		v.Add("to_person_id", "関係を結ぶ2人を選んでください。")
	}
	if !RelationKinds.Has(r.Kind) {
		v.Add("kind", "関係の種類を一覧から選んでください。")
	}
	if r.Quality != "" && !RelationMoods.Has(r.Quality) {
		v.Add("quality", "関係の質を一覧から選んでください（親密・疎遠・敵対・遮断）。")
	}
	return v.Err()
}
