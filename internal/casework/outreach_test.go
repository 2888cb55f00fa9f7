package casework

import (
	"testing"
	"time"
)

func TestCheckStageMove(t *testing.T) {
	for _, c := range []struct {
		from, to, reason string
		ok               bool
	}{
		{"found", "contacted", "", true},
		{"found", "consented", "", true}, // forward may skip
		{"contacted", "found", "", false},
		{"contacted", "found", "拒否が続いた", true},
		{"consented", "contacted", "理由", false}, // back two
		{"consented", "handed_over", "", false}, // only the hand-over sets it
		{"handed_over", "trust", "理由", false},
		{"trust", "trust", "", false},
		{"trust", "unknown", "", false},
	} {
		if err := CheckStageMove(c.from, c.to, c.reason); (err == nil) != c.ok {
			t.Errorf("%s→%s (%q): %v", c.from, c.to, c.reason, err)
		}
	}
}

func TestOutreachTargetValidate(t *testing.T) {
	now := time.Date(2026, 6, 1, 1, 0, 0, 0, time.UTC)
	tg := OutreachTarget{FoundVia: "近所", Concern: ""}
	err := tg.Validate(now)
	f := ErrorFields(err)
	if f["label"] == "" || f["found_via"] == "" || f["concern"] == "" {
		t.Fatalf("fields: %v", f)
	}
	tg = OutreachTarget{Label: "○○団地3階の50代男性", FoundVia: "民生委員", Concern: "郵便物がたまっている"}
	if err := tg.Validate(now); err != nil || tg.FoundOn != "2026-06-01" {
		t.Fatalf("valid target: %v %q", err, tg.FoundOn)
	}
}

func TestSessionTotal(t *testing.T) {
	now := time.Date(2026, 6, 1, 1, 0, 0, 0, time.UTC)
	s := Session{HeldOn: "R8.5.10", Participants: map[string]int{"高齢者(65歳以上)": 8, "小学生": 4, "障害のある人": 2}}
	if err := s.Validate(now); err != nil || s.Total != 12 || s.HeldOn != "2026-05-10" {
		t.Fatalf("total %d, %v", s.Total, err)
	}
	bad := Session{HeldOn: "2026-05-10", Participants: map[string]int{"佐藤さん": 1}}
	if ErrorFields(bad.Validate(now))["participants"] == "" {
		t.Fatal("unknown group accepted")
	}
}

func TestHostView(t *testing.T) {
	m := Match{ID: "m", PersonID: "p", PersonName: "山田 花子", Menu: "農作業体験", Logs: []MatchLog{{Note: "体調"}},
		OrgID: "worker-org", EndReason: "体調を崩したため"}
	day := "2026-06-01"
	h := HostView(m, nil, "host", day)
	if h.PersonName != OutsideConsentName || h.PersonID != "" || h.Logs != nil || h.Menu != "農作業体験" || h.EndReason != "" || h.OrgID != "" {
		t.Fatalf("without consent: %+v", h)
	}
	// a consent listing the host for health information only does not
	// reveal the name
	c := []Consent{{GivenOn: "2026-05-01", Recipients: []string{"host"}, DataCategories: []string{"health"}}}
	if h := HostView(m, c, "host", day); h.PersonName != OutsideConsentName {
		t.Fatalf("consent without basic information shows the name: %+v", h)
	}
	// nor does one giving basic information to another organization
	c = append(c, Consent{GivenOn: "2026-05-01", Recipients: []string{"other"}, DataCategories: []string{"basic"}})
	if h := HostView(m, c, "host", day); h.PersonName != OutsideConsentName {
		t.Fatalf("another organization's consent shows the name: %+v", h)
	}
	c = []Consent{{GivenOn: "2026-05-01", Recipients: []string{"host"}, DataCategories: []string{"basic", "health"}}}
	if h := HostView(m, c, "host", day); h.PersonName != "山田 花子" || h.PersonID != "" || h.EndReason != "" || h.Logs != nil {
		t.Fatalf("with consent: %+v", h)
	}
	c[0].WithdrawnOn = "2026-05-20"
	if h := HostView(m, c, "host", day); h.PersonName != OutsideConsentName {
		t.Fatal("withdrawn consent still shows the name")
	}
}

func TestMatchMoves(t *testing.T) {
	if CheckMatchMove("proposed", "placed", "") == nil {
		t.Fatal("proposed→placed allowed")
	}
	if CheckMatchMove("trial", "ended", "") == nil {
		t.Fatal("ended without reason")
	}
	if CheckMatchMove("placed", "ended", "本人の希望") != nil || CheckMatchMove("proposed", "trial", "") != nil {
		t.Fatal("valid moves refused")
	}
}
