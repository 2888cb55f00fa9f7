package casework

import (
	"strings"
	"unicode/utf8"
)

// Person search (issue 18, path 8). Search exists so that an organization
// taking a consultation does not register a person twice; it is open only to
// the roles that take consultations (a write role: worker, coordinator,
// outreach, participation, community). A viewer, a host, the municipal
// administrator and the privacy officer do not search.
//
// A hit the searcher may not see (outside the team) says only that the
// person is known, and names the municipality's contact point for such
// questions (Settings.InquiryContact…): being known to 児童・障害・困窮
// services is itself sensitive (個人情報保護法 第69条), so the services
// that know the person are never named outside the team.

// CanSearchPersons: roles that take consultations, and a section's
// 庁内つなぎ担当 (liaison.go), who sees every hit as the hit view only.
func CanSearchPersons(a Actor) bool { return CanWriteCases(a) || IsLiaison(a) }

// InquiryContact is the municipality's contact point for questions about a
// person the searcher may not see.
type InquiryContact struct {
	OrganizationID string `json:"organization_id,omitempty"`
	Name           string `json:"name"`
	Note           string `json:"note,omitempty"` // e.g. 電話番号・窓口
}

// ResolveInquiryContact picks the contact point: the organization of the
// setting when it exists; else the municipality's multi_agency
// (多機関協働) organization; else its first municipal_section (市の担当課).
// The setting's text goes with it. orgs are in the order to prefer.
func ResolveInquiryContact(s Settings, orgs []Organization) InquiryContact {
	c := InquiryContact{Note: s.InquiryContactText}
	pick := func(ok func(Organization) bool) bool {
		for _, o := range orgs {
			if ok(o) {
				c.OrganizationID, c.Name = o.ID, o.Name
				return true
			}
		}
		return false
	}
	_ = (s.InquiryContactOrgID != "" && pick(func(o Organization) bool { return o.ID == s.InquiryContactOrgID })) ||
		pick(func(o Organization) bool { return o.Kind == "multi_agency" }) ||
		pick(func(o Organization) bool { return o.Kind == "municipal_section" })
	if c.Name == "" {
		c.Name = "市区町村の担当窓口"
	}
	return c
}

// ValidateInquiryContact checks the settings' contact point text.
func (s *Settings) ValidateInquiryContact() error {
	s.InquiryContactText = strings.TrimSpace(s.InquiryContactText)
	if utf8.RuneCountInString(s.InquiryContactText) > 200 {
		msg := "問い合わせ先の説明は200文字以内で入力してください。"
		return &Error{Code: EINVALID, Message: msg, Fields: map[string]string{"inquiry_contact_text": msg}}
	}
	return nil
}
