package casework

import "time"

// Break-glass (緊急時の閲覧, issue 18 path 6) is for the protection of life or
// body, nothing else: a user outside the team who must reach someone for the
// person right now. It is read-only and narrow:
//
//   - Only designated roles (worker, coordinator) of organizations that take
//     consultations may break glass (BreakGlassOrgKinds); never a viewer, a
//     host, a municipal administrator or a privacy officer, and never staff of
//     an organization that only receives participants or builds community.
//   - A grant lasts BreakGlassHours and opens ONE thing: the emergency view
//     of the person (EmergencyView). It never opens the person's record, a
//     case, a household, consents, or any write.
//   - The emergency view shows the person's name and own phones, the
//     emergency contacts of the household (members marked キーパーソン or
//     主たる介護者: name, 続柄 and phones, never an address) and the lead
//     organization (name and lead worker) of each open case about the person.
//     Organizations have no phone field yet; the name and the lead worker are
//     who to call through the municipality's directory.
//   - Under DV等支援措置 no address is ever shown, and no household contact
//     either (a household member may be the one the person is protected from):
//     only the person's own phones and the lead organizations.
//   - Granting is audited as a flagged break_glass event, and each look at
//     the emergency view as a flagged view, for the privacy officer.

// BreakGlassHours is how long an emergency grant lasts.
const BreakGlassHours = 4

// BreakGlassOrgKinds are the organization kinds that take consultations and
// so may break glass.
var BreakGlassOrgKinds = []string{"municipal_section", "community_support_center", "disability_consultation",
	"self_reliance_support", "child_family_center", "social_welfare_council", "multi_agency",
	"child_guidance_center", "health_center"}

// BreakGlassRoles are the roles that may break glass (with an organization
// of BreakGlassOrgKinds).
var BreakGlassRoles = []string{"worker", "coordinator"}

// CanBreakGlass reports whether a user of an organization of kind orgKind
// may break glass at all.
func CanBreakGlass(a Actor, orgKind string) bool {
	if !contains(BreakGlassOrgKinds, orgKind) {
		return false
	}
	for _, r := range BreakGlassRoles {
		if a.Has(r) {
			return true
		}
	}
	return false
}

// CheckBreakGlass: the designated roles of consulting organizations may
// open the emergency view, and only with a concrete reason (10 characters
// or more).
func CheckBreakGlass(a Actor, orgKind, reason string) error {
	if !CanBreakGlass(a, orgKind) {
		return Errorf(EFORBIDDEN, "緊急時の閲覧は、相談を受ける機関の相談支援員・コーディネーターだけが行えます。")
	}
	if len([]rune(reason)) < 10 {
		msg := "生命・身体の保護のために閲覧が必要な理由を具体的に（10文字以上）入力してください。"
		return &Error{Code: EINVALID, Message: msg, Fields: map[string]string{"reason": msg}}
	}
	return nil
}

// EmergencyContactRoles are the household roles whose holders are shown as
// emergency contacts.
var EmergencyContactRoles = []string{"キーパーソン", "主たる介護者"}

// IsEmergencyContact reports whether a household member with roles is an
// emergency contact.
func IsEmergencyContact(roles []string) bool {
	for _, r := range roles {
		if contains(EmergencyContactRoles, r) {
			return true
		}
	}
	return false
}

// EmergencyView is everything a break-glass grant opens.
type EmergencyView struct {
	PersonID    string `json:"person_id"`
	Name        string `json:"name"`
	Phone       string `json:"phone,omitempty"`
	Phone2      string `json:"phone2,omitempty"`
	DVProtected bool   `json:"dv_protected"` // then Contacts is always empty
	// Contacts are household members marked as emergency contacts.
	Contacts []EmergencyContact `json:"contacts"`
	// Leads are the lead organizations of the open cases about the person.
	Leads       []EmergencyLead `json:"leads"`
	Until       time.Time       `json:"until"`
	MinutesLeft int             `json:"minutes_left"`
}

// EmergencyContact is a household member to call.
type EmergencyContact struct {
	Name         string   `json:"name"`
	Relationship string   `json:"relationship,omitempty"` // 続柄 in the household
	Roles        []string `json:"roles"`
	Phone        string   `json:"phone,omitempty"`
	Phone2       string   `json:"phone2,omitempty"`
}

// EmergencyLead is the lead organization of an open case about the person.
type EmergencyLead struct {
	OrganizationName string `json:"organization_name"`
	LeadWorkerName   string `json:"lead_worker_name,omitempty"`
}

// MinutesLeft is the whole minutes from now until until, rounded up (0 once
// it has passed).
func MinutesLeft(until, now time.Time) int {
	d := until.Sub(now)
	if d <= 0 {
		return 0
	}
	return int((d + time.Minute - 1) / time.Minute)
}

// HasBreakGlassRole: the role half of CanBreakGlass, for pages that do not
// know the organization's kind (the storage layer checks both).
func HasBreakGlassRole(a Actor) bool {
	for _, r := range BreakGlassRoles {
		if a.Has(r) {
			return true
		}
	}
	return false
}
