package web_test

import (
	"strings"
	"testing"
)

// TestExportMeetingsOnlyAttended: the meetings list export holds only the
// meetings the viewer's organization hosts or attends, and is audited.
func TestExportMeetingsOnlyAttended(t *testing.T) {
	e := newEnv(t)
	e.mkMeeting(e.token("coord"), "shien_kaigi", []string{"houkatsu", "takikan"}, map[string]bool{"houkatsu": true, "takikan": true})
	r := e.api("GET", "/api/v1/exports/meetings", e.token("worker"), nil)
	if r.StatusCode != 200 || !strings.HasPrefix(r.Body, "\ufeff") || !strings.Contains(r.Body, "支援会議") || !strings.Contains(r.Body, "takikan機関") {
		t.Fatalf("attendee export: %d %q", r.StatusCode, r.Body)
	}
	out := e.api("GET", "/api/v1/exports/meetings", e.token("kodomo"), nil)
	if out.StatusCode != 200 || strings.Contains(out.Body, "支援会議") {
		t.Fatalf("non-attendee sees the meeting in the export: %q", out.Body)
	}
	a := e.api("GET", "/api/v1/audit?action=export", e.token("privacy"), nil)
	if !strings.Contains(a.Body, `"object_type":"meetings"`) {
		t.Fatalf("meetings export not audited: %s", a.Body)
	}
}
