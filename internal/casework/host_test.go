package casework

import "testing"

func TestHostRole(t *testing.T) {
	host := Actor{OrganizationID: "farm", Roles: []string{"host"}}
	if !Roles.Has("host") || Roles.Label("host") != "受け入れ先" {
		t.Fatal("role host missing")
	}
	if CanHandleCases(host) || CanWriteCases(host) || CanSearchPersons(host) || CanBreakGlass(host, "business") || HasBreakGlassRole(host) || CanReadCommunityCounts(host) {
		t.Fatal("a host user counts as staff")
	}
	if err := CheckRolesForOrgKind("business", []string{"host", "participation"}); ErrorCode(err) != EINVALID || ErrorFields(err)["roles"] == "" {
		t.Fatalf("business with participation: %v", err)
	}
	if CheckRolesForOrgKind("business", []string{"host"}) != nil || CheckRolesForOrgKind("npo", []string{"host", "worker"}) != nil {
		t.Fatal("valid roles refused")
	}
	if !CanSeeAsHost(host, "farm") || CanSeeAsHost(host, "other") || CanSeeAsHost(host, "") {
		t.Fatal("host view of its own resources only")
	}
}

func TestMatchWriters(t *testing.T) {
	m := Match{OrgID: "npo", Status: "trial"}
	proposer := Actor{OrganizationID: "npo", Roles: []string{"participation"}}
	member := Actor{OrganizationID: "kurashi", Roles: []string{"worker"}}
	host := Actor{OrganizationID: "farm", Roles: []string{"host"}}
	if CanMoveMatch(proposer, m) != nil || CanMoveMatch(member, m) == nil || CanMoveMatch(host, m) == nil {
		t.Fatal("only the proposing organization moves a match")
	}
	if CanMoveMatch(Actor{OrganizationID: "npo", Roles: []string{"viewer"}}, m) == nil {
		t.Fatal("a viewer of the proposing organization moves a match")
	}
	for _, k := range []string{"retention", "host_support"} {
		if CanAddMatchLog(proposer, m, "farm", k) != nil || CanAddMatchLog(member, m, "farm", k) == nil {
			t.Fatalf("%s log: proposer only", k)
		}
	}
	if CanAddMatchLog(host, m, "farm", "host_support") != nil || CanAddMatchLog(host, m, "farm", "retention") == nil ||
		CanAddMatchLog(host, m, "other", "host_support") == nil {
		t.Fatal("the host writes its own host_support part only")
	}
	if CanAddMatchLog(host, Match{OrgID: "npo", Status: "ended"}, "farm", "host_support") == nil {
		t.Fatal("the host writes in an ended match")
	}
	logs := []MatchLog{{ID: "a", AuthorOrgID: "npo"}, {ID: "b", AuthorOrgID: "farm"}}
	if l := HostLogs(logs, "farm"); len(l) != 1 || l[0].ID != "b" {
		t.Fatalf("host logs: %v", l)
	}
}

func TestResourceWriters(t *testing.T) {
	r := Resource{RegisteredByOrgID: "npo", HostOrgID: "farm"}
	reg := Actor{OrganizationID: "npo", Roles: []string{"participation"}}
	other := Actor{OrganizationID: "kodomo", Roles: []string{"worker"}}
	admin := Actor{OrganizationID: "city", Roles: []string{"municipal_admin"}}
	host := Actor{OrganizationID: "farm", Roles: []string{"host"}}
	if CanEditResource(reg, r) != nil || CanEditResource(admin, r) != nil || CanEditResource(other, r) == nil || CanEditResource(host, r) == nil {
		t.Fatal("who edits a resource")
	}
	moved := r
	moved.HostOrgID = "npo"
	if CheckResourceHostChange(reg, r, moved) == nil || CheckResourceHostChange(admin, r, moved) != nil || CheckResourceHostChange(reg, r, r) != nil {
		t.Fatal("who changes the host organization")
	}
	if CanRecordSession(reg, r) != nil || CanRecordSession(host, r) != nil || CanRecordSession(admin, r) != nil || CanRecordSession(other, r) == nil {
		t.Fatal("who records a session")
	}
	if !CanReadResource(host, r) || CanReadResource(host, Resource{HostOrgID: "x"}) || !CanReadResource(other, r) {
		t.Fatal("who reads a resource")
	}
	p := Platform{RegisteredByOrgID: "npo"}
	if CanEditPlatform(reg, p) != nil || CanEditPlatform(other, p) == nil || CanEditPlatform(admin, p) != nil {
		t.Fatal("who edits a platform")
	}
}

func TestSearchRolesAndContact(t *testing.T) {
	for roles, want := range map[string]bool{"worker": true, "coordinator": true, "outreach": true, "participation": true, "community": true,
		"viewer": false, "host": false, "municipal_admin": false, "privacy_officer": false} {
		if CanSearchPersons(Actor{Roles: []string{roles}}) != want {
			t.Errorf("%s searches: %v", roles, !want)
		}
	}
	orgs := []Organization{{ID: "s1", Name: "福祉総合相談課", Kind: "municipal_section"}, {ID: "k", Name: "こども家庭センター", Kind: "child_family_center"},
		{ID: "m", Name: "多機関協働センター", Kind: "multi_agency"}}
	if c := ResolveInquiryContact(Settings{}, orgs); c.OrganizationID != "m" {
		t.Fatalf("default: %+v", c)
	}
	if c := ResolveInquiryContact(Settings{}, orgs[:2]); c.OrganizationID != "s1" {
		t.Fatalf("without multi_agency: %+v", c)
	}
	if c := ResolveInquiryContact(Settings{InquiryContactOrgID: "k", InquiryContactText: "電話 1"}, orgs); c.OrganizationID != "k" || c.Note != "電話 1" {
		t.Fatalf("setting: %+v", c)
	}
	if c := ResolveInquiryContact(Settings{InquiryContactOrgID: "gone"}, orgs); c.OrganizationID != "m" {
		t.Fatalf("a removed organization: %+v", c)
	}
	if c := ResolveInquiryContact(Settings{}, orgs[1:2]); c.Name == "" || c.OrganizationID != "" {
		t.Fatalf("no candidate: %+v", c)
	}
}
