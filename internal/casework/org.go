package casework

import (
	"net/mail"
	"strings"
	"time"
	"unicode/utf8"
)

// Municipality is the tenant. Every row carries its municipality.
type Municipality struct {
	ID      string    `json:"id"`
	Code    string    `json:"code"` // 全国地方公共団体コード (6 digits)
	Name    string    `json:"name"`
	Version int       `json:"version"`
	Created time.Time `json:"created_at"`
}

// Organization is a 支援関係機関.
type Organization struct {
	ID             string   `json:"id"`
	MunicipalityID string   `json:"-"`
	Name           string   `json:"name"`
	Kind           string   `json:"kind"`
	Code           string   `json:"code,omitempty"`
	Bunya          []string `json:"bunya"`
	Jigyo          []string `json:"jigyo"`
	Contracted     bool     `json:"contracted"` // 委託 (false: 直営, or 委託なし for kinds never 直営; see Operation)
	// RetiredOn is the JST day the organization was retired (廃止); "" while
	// it is active. A retired organization keeps its history.
	RetiredOn string `json:"retired_on,omitempty"`
	// OperationChosen is the 運営 as chosen when not 委託 ("direct",
	// "independent"; "" follows the kind). JSON carries Operation().
	OperationChosen string    `json:"-"`
	Version         int       `json:"version"`
	Created         time.Time `json:"created_at"`
}

// Validate checks an organization before it is stored.
func (o *Organization) Validate() error {
	v := Invalid{}
	o.Name = strings.TrimSpace(o.Name)
	switch {
	case o.Name == "":
		v.Add("name", "機関名を入力してください。")
	case utf8.RuneCountInString(o.Name) > 100:
		v.Add("name", "機関名は100文字以内で入力してください。")
	}
	if !OrgKinds.Has(o.Kind) {
		v.Add("kind", "機関の種別を一覧から選んでください。")
	}
	if utf8.RuneCountInString(o.Code) > 20 {
		v.Add("code", "機関コードは20文字以内で入力してください。")
	}
	for _, b := range o.Bunya {
		if !Bunya.Has(b) {
			v.Add("bunya", "分野に不明な値があります: "+b)
		}
	}
	for _, j := range o.Jigyo {
		if !Jigyo.Has(j) {
			v.Add("jigyo", "事業に不明な値があります: "+j)
		}
	}
	return v.Err()
}

// User is a member of staff (職員) of one organization.
type User struct {
	ID             string    `json:"id"`
	MunicipalityID string    `json:"-"`
	OrganizationID string    `json:"organization_id"`
	Email          string    `json:"email"`
	Name           string    `json:"name"`
	Roles          []string  `json:"roles"`
	Disabled       bool      `json:"disabled"`
	TOTPEnabled    bool      `json:"totp_enabled"`
	MustChangePW   bool      `json:"must_change_password,omitempty"` // temporary password set by an administrator
	Version        int       `json:"version"`
	Created        time.Time `json:"created_at"`
}

// Validate checks a user before it is stored.
func (u *User) Validate() error {
	v := Invalid{}
	u.Email = strings.ToLower(strings.TrimSpace(u.Email))
	u.Name = strings.TrimSpace(u.Name)
	if a, err := mail.ParseAddress(u.Email); err != nil || a.Address != u.Email {
		v.Add("email", "メールアドレスの形式が正しくありません。")
	}
	switch {
	case u.Name == "":
		v.Add("name", "氏名を入力してください。")
	case utf8.RuneCountInString(u.Name) > 60:
		v.Add("name", "氏名は60文字以内で入力してください。")
	}
	if u.OrganizationID == "" {
		v.Add("organization_id", "所属機関を選んでください。")
	}
	if len(u.Roles) == 0 {
		v.Add("roles", "役割を1つ以上選んでください。")
	}
	for _, r := range u.Roles {
		if !Roles.Has(r) {
			v.Add("roles", "役割に不明な値があります: "+r)
		}
	}
	return v.Err()
}

// Actor is who is acting: the authenticated user with the facts the access
// rules need. Every storage method takes one.
type Actor struct {
	UserID         string
	MunicipalityID string
	OrganizationID string
	Roles          []string
	// SessionID is set for browser sessions (empty for API tokens and CLI).
	SessionID string
	// Address is the client address, kept in the audit log.
	Address string
}

// Has reports whether the actor holds role r.
func (a Actor) Has(r string) bool { return HasRole(a.Roles, r) }

// System is the actor for command-line and maintenance work in a municipality.
func System(municipalityID string) Actor {
	return Actor{UserID: "system", MunicipalityID: municipalityID, Roles: []string{"municipal_admin"}}
}

// CanManageOrganizations: municipal administrators manage organizations and users.
func CanManageOrganizations(a Actor) bool { return a.Has("municipal_admin") || a.UserID == "system" }

// CanReadAudit: only the privacy officer reads the audit log (rule 7).
func CanReadAudit(a Actor) bool { return a.Has("privacy_officer") }

// CanHandleCases: roles that work with case content. municipal_admin,
// privacy_officer alone do not read case content by default (rule 7).
func CanHandleCases(a Actor) bool {
	for _, r := range []string{"worker", "coordinator", "outreach", "participation", "community", "viewer", RoleDecisionMaker} {
		if a.Has(r) {
			return true
		}
	}
	return false
}

// CanWriteCases: viewers read but do not write.
func CanWriteCases(a Actor) bool {
	for _, r := range []string{"worker", "coordinator", "outreach", "participation", "community"} {
		if a.Has(r) {
			return true
		}
	}
	return false
}
