package casework

import (
	"strings"
	"testing"
	"time"
)

// TestCrossFieldChecks: a session's counts against its 合計, and a
// participation log not dated before its match was proposed.
func TestCrossFieldChecks(t *testing.T) {
	now := time.Date(2026, 12, 6, 12, 0, 0, 0, JST)
	s := Session{HeldOn: "2026-12-01", Participants: map[string]int{"中高生": 8, "高齢者(65歳以上)": 5}, Total: 10}
	if f := ErrorFields(s.Validate(now)); !strings.Contains(f["total"], "13人") {
		t.Fatalf("total below the generations' sum accepted: %v", f)
	}
	s = Session{HeldOn: "2026-12-01", Participants: map[string]int{"中高生": 3, "障害のある人": 30}, Total: 20}
	if f := ErrorFields(s.Validate(now)); f["participants"] == "" {
		t.Fatalf("a group above the total accepted: %v", f)
	}
	s = Session{HeldOn: "2026-12-01", Participants: map[string]int{"中高生": 3}, Total: 20}
	if err := s.Validate(now); err != nil {
		t.Fatalf("a partial breakdown is allowed: %v", err)
	}
	l := MatchLog{Kind: MatchLogKinds[0].Value, At: time.Date(2026, 11, 30, 10, 0, 0, 0, JST), Method: MatchLogMethod[0].Value, Note: "様子を聞いた"}
	if f := ErrorFields(l.Validate(now, "2026-12-01")); !strings.Contains(f["at"], "令和8年12月1日") {
		t.Fatalf("log before the match accepted: %v", f)
	}
	if err := l.Validate(now, "2026-11-30"); err != nil {
		t.Fatalf("log on the day of the match refused: %v", err)
	}
}
