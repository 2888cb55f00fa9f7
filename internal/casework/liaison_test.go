package casework

import (
	"testing"
	"time"
)

// TestLiaisonRole: the 庁内つなぎ担当 is a municipal section's, searches
// (hit view only) and reads no person or case, not even its own section's
// record; only the liaison role's users are liaison-only.
func TestLiaisonRole(t *testing.T) {
	if Roles.Label(RoleLiaison) != "庁内つなぎ担当" || Roles[len(Roles)-1].Value != RoleLiaison {
		t.Fatalf("role: %v", Roles)
	}
	for kind, ok := range map[string]bool{"municipal_section": true, "self_reliance_support": false, "business": false, "npo": false} {
		if err := CheckRolesForOrgKind(kind, []string{RoleLiaison}); (err == nil) != ok || (err != nil && ErrorFields(err)["roles"] == "") {
			t.Errorf("%s: %v", kind, err)
		}
	}
	l := Actor{UserID: "u", OrganizationID: "zeimu", Roles: []string{RoleLiaison}}
	if CanHandleCases(l) || CanWriteCases(l) || !CanSearchPersons(l) || CanBreakGlass(l, "municipal_section") || !LiaisonOnly(l) {
		t.Fatal("liaison rights")
	}
	if LiaisonOnly(Actor{Roles: []string{RoleLiaison, "worker"}}) || LiaisonOnly(Actor{}) {
		t.Fatal("liaison-only")
	}
	own := PersonFacts{RegisteredBy: "zeimu"}
	if CanSeePerson(l, own, "2026-06-01") {
		t.Fatal("a liaison reads the record its section registered")
	}
	team := CaseFacts{LeadOrgID: "zeimu"}
	if CanReadCase(l, team, "2026-06-01") {
		t.Fatal("a liaison reads a case")
	}
	if CheckSendLiaison(l, "municipal_section") != nil || CheckSendLiaison(l, "npo") == nil ||
		CheckSendLiaison(Actor{OrganizationID: "zeimu", Roles: []string{"worker"}}, "municipal_section") == nil {
		t.Fatal("send")
	}
}

func TestLiaisonReceiverAndValidate(t *testing.T) {
	for _, c := range []struct {
		o    Organization
		from string
		ok   bool
	}{
		{Organization{ID: "k", Name: "くらし", Kind: "self_reliance_support"}, "z", true},
		{Organization{ID: "c", Name: "福祉総合相談課", Kind: "municipal_section"}, "z", true},
		{Organization{ID: "z", Name: "税務課", Kind: "municipal_section"}, "z", false},
		{Organization{ID: "n", Name: "NPO", Kind: "community_building"}, "z", false},
		{Organization{ID: "b", Name: "企業", Kind: "business"}, "z", false},
		{Organization{ID: "r", Name: "廃止", Kind: "health_center", RetiredOn: "2026-01-01"}, "z", false},
	} {
		if err := CheckLiaisonReceiver(c.o, c.from); (err == nil) != c.ok || (err != nil && ErrorFields(err)["to_organization_id"] == "") {
			t.Errorf("%s: %v", c.o.Name, err)
		}
	}
	now := time.Date(2026, 6, 1, 1, 0, 0, 0, time.UTC)
	r := LiaisonReferral{Person: &Person{}}
	err := r.Validate(now)
	f := ErrorFields(err)
	if f["to_organization_id"] == "" || f["concern"] == "" || f["consent"] == "" {
		t.Fatalf("every problem at once: %v", f)
	}
	r = LiaisonReferral{PersonID: "p", ToOrgID: "k", Concern: "  滞納が続いている ", Consent: "書面"}
	if err := r.Validate(now); err != nil || r.Concern != "滞納が続いている" || r.ReferredOn != "2026-06-01" {
		t.Fatalf("valid: %v %+v", err, r)
	}
	p := &Person{Identified: true, FamilyName: "水野", Alias: "通称", Phone2: "1", ActualAddress: Address{Street: "居所"}, DVProtected: true}
	if f := ErrorFields(CheckLiaisonPerson(p)); f["dv_protected"] == "" || p.Alias != "" || p.Phone2 != "" || !p.ActualAddress.Empty() {
		t.Fatalf("basic fields only, no DV: %v %+v", f, p)
	}
}

// TestLiaisonReadAndAnswer: the section and the receiver read; the receiver
// answers; the section never reads the case it led to.
func TestLiaisonReadAndAnswer(t *testing.T) {
	r := LiaisonReferral{FromOrgID: "zeimu", ToOrgID: "kurashi", Status: "pending", CaseID: "c", ReceiverPersonID: "p", Person: &Person{Phone: "090"}, PersonName: "水野 誠"}
	liaison := Actor{OrganizationID: "zeimu", Roles: []string{RoleLiaison}}
	recv := Actor{OrganizationID: "kurashi", Roles: []string{"worker"}}
	viewer := Actor{OrganizationID: "kurashi", Roles: []string{"viewer"}}
	other := Actor{OrganizationID: "houkatsu", Roles: []string{"worker"}}
	if !CanReadLiaison(liaison, r) || !CanReadLiaison(recv, r) || !CanReadLiaison(viewer, r) || CanReadLiaison(other, r) ||
		CanReadLiaison(Actor{OrganizationID: "kurashi", Roles: []string{"municipal_admin"}}, r) {
		t.Fatal("read")
	}
	if CheckAnswerLiaison(recv, r) != nil || ErrorCode(CheckAnswerLiaison(liaison, r)) != EFORBIDDEN ||
		ErrorCode(CheckAnswerLiaison(viewer, r)) != EFORBIDDEN || ErrorCode(CheckAnswerLiaison(other, r)) != ENOTFOUND {
		t.Fatal("answer")
	}
	done := r
	done.Status = "accepted"
	if ErrorCode(CheckAnswerLiaison(recv, done)) != EINVALID {
		t.Fatal("answered twice")
	}
	sender := r
	sender.LimitForSender(liaison)
	mine := r
	mine.LimitForSender(recv)
	if sender.CaseID != "" || sender.ReceiverPersonID != "" || sender.Person != nil || sender.PersonName == "" || mine.CaseID != "c" || mine.Person == nil {
		t.Fatalf("limit: %+v %+v", sender, mine)
	}
	if _, err := CheckDeclineReason(" "); ErrorFields(err)["reason"] == "" {
		t.Fatal("decline reason")
	}
	if !(LiaisonReferral{Status: "pending", DueOn: "2026-06-08"}).IsOverdue("2026-06-09") {
		t.Fatal("overdue")
	}
}

// TestCheckSameAs: a registration link needs a writer, another
// organization's named record and the name of the hit.
func TestCheckSameAs(t *testing.T) {
	w := Actor{OrganizationID: "kurashi", Roles: []string{"worker"}}
	if err := CheckSameAs(w, "houkatsu", true, 100); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		a     Actor
		org   string
		ident bool
		score int
		code  Code
	}{
		{Actor{OrganizationID: "kurashi", Roles: []string{"viewer"}}, "houkatsu", true, 100, EFORBIDDEN},
		{Actor{OrganizationID: "zeimu", Roles: []string{RoleLiaison}}, "houkatsu", true, 100, EFORBIDDEN},
		{w, "kurashi", true, 100, EINVALID},
		{w, "", false, 0, EINVALID},
		{w, "houkatsu", false, 100, EINVALID},
		{w, "houkatsu", true, SameAsMinScore - 1, EINVALID},
	} {
		err := CheckSameAs(c.a, c.org, c.ident, c.score)
		if ErrorCode(err) != c.code || (c.code == EINVALID && ErrorFields(err)["same_as_person_id"] == "") {
			t.Errorf("%+v: %v", c, err)
		}
	}
}
