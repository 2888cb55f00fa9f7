package casework

import (
	"testing"
	"time"
)

func TestDisclosureRulesAndInput(t *testing.T) {
	now := time.Date(2026, 6, 1, 1, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		roles []string
		want  bool
	}{{[]string{"privacy_officer"}, true}, {[]string{"worker"}, false}, {[]string{"municipal_admin"}, false}, {[]string{"coordinator", "viewer"}, false}} {
		if got := CanHandleDisclosure(Actor{Roles: c.roles}); got != c.want {
			t.Errorf("CanHandleDisclosure(%v) = %v", c.roles, got)
		}
	}
	r := DisclosureRequest{PersonID: "p", Number: " 開示-1 ", ReceivedOn: "令和8年5月2日", RequesterName: "代理 人", RequesterRelation: "法定代理人"}
	if err := r.Validate(now); err != nil || r.ReceivedOn != "2026-05-02" || r.DueOn != "2026-06-01" || r.Number != "開示-1" {
		t.Fatalf("%+v %v", r, err)
	}
	rr := RightsRequest{PersonID: "p", Kind: "suspension", ReceivedOn: "2026-05-01", RequesterName: "本人", RequesterRelation: "本人", Content: "x",
		Decision: "refuse", DecidedOn: "2026-05-10"}
	if err := rr.Validate(now); ErrorFields(err)["reason"] == "" {
		t.Fatalf("利用停止しない without a reason: %v", err)
	}
	rr.Reason = "法令に基づく提供のため"
	if err := rr.Validate(now); err != nil || rr.DecisionLabel != "利用停止しない" || rr.Suspends() {
		t.Fatalf("%+v %v", rr, err)
	}
	for k, want := range map[[2]string]string{{"correction", "grant"}: "訂正する", {"correction", "partial"}: "一部を訂正する",
		{"suspension", "grant"}: "利用停止する", {"suspension", ""}: "決定前"} {
		if got := RightsDecisionLabel(k[0], k[1]); got != want {
			t.Errorf("%v: %q", k, got)
		}
	}
	if (RightsRequest{Kind: "suspension", Decision: "partial"}).Suspends() != true || (RightsRequest{Kind: "correction", Decision: "grant"}).Suspends() {
		t.Error("Suspends")
	}
	if CheckLivingSubject("", "2026-06-01") != nil || CheckLivingSubject("2026-07-01", "2026-06-01") != nil || CheckLivingSubject("2026-06-01", "2026-06-01") == nil {
		t.Error("CheckLivingSubject")
	}
}
