package casework

import "testing"

func TestCanChangeCaseStatus(t *testing.T) {
	c := Case{LeadOrgID: "lead"}
	for _, x := range []struct {
		org, kind, role string
		want            bool
	}{
		{"lead", "community_support_center", "worker", true},
		{"lead", "community_support_center", "coordinator", true},
		{"lead", "community_support_center", "viewer", false},
		{"lead", "community_support_center", "municipal_admin", false},
		{"member", "self_reliance_support", "worker", false}, // a member, or the receiver of a referral
		{"member", "child_guidance_center", "coordinator", false},
		{"city", "municipal_section", "worker", true},
		{"city", "municipal_section", "viewer", false},
		{"city", "municipal_section", "privacy_officer", false},
		{"", "", "worker", false},
	} {
		a := Actor{UserID: "u", OrganizationID: x.org, Roles: []string{x.role}}
		err := CanChangeCaseStatus(a, x.kind, c)
		if (err == nil) != x.want || (err != nil && ErrorCode(err) != EFORBIDDEN) {
			t.Errorf("%s/%s/%s: %v, want allowed=%v", x.org, x.kind, x.role, err, x.want)
		}
	}
}
