package casework

import "testing"

func TestCheckSuccessor(t *testing.T) {
	leaving := User{ID: "u1", OrganizationID: "o1", Roles: []string{"worker"}}
	for _, c := range []struct {
		name string
		s    User
		ok   bool
	}{
		{"same organization, worker", User{ID: "u2", OrganizationID: "o1", Roles: []string{"worker"}}, true},
		{"same organization, coordinator", User{ID: "u3", OrganizationID: "o1", Roles: []string{"coordinator"}}, true},
		{"the leaving user", leaving, false},
		{"another organization", User{ID: "u4", OrganizationID: "o2", Roles: []string{"worker"}}, false},
		{"viewer only", User{ID: "u5", OrganizationID: "o1", Roles: []string{"viewer"}}, false},
		{"stopped", User{ID: "u6", OrganizationID: "o1", Roles: []string{"worker"}, Disabled: true}, false},
	} {
		if err := CheckSuccessor(leaving, c.s); (err == nil) != c.ok {
			t.Errorf("%s: %v", c.name, err)
		}
	}
}
