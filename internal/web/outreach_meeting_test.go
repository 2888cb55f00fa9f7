package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// TestOutreachTargetSharedOnlyThroughHeldShienKaigi: a target without
// consent reaches another organization only as an item of a 支援会議 whose
// attendees all acknowledged the confidentiality duty, after the meeting is
// held, read only and audited; non-attendees see nothing; a 重層的支援会議
// refuses the target.
func TestOutreachTargetSharedOnlyThroughHeldShienKaigi(t *testing.T) {
	e := newEnv(t)
	owner, attendee, outsider := e.token("worker"), e.token("worker2"), e.token("kodomo")
	id := e.mkTarget(owner)
	if r := e.api("POST", "/api/v1/outreach-targets/"+id+"/attempts", owner, map[string]any{"at": "2026-05-20T10:00:00+09:00", "method": "訪問",
		"outcome": "会えた", "note": "玄関先で少し話せた。"}); r.StatusCode != http.StatusCreated {
		t.Fatalf("attempt: %d %s", r.StatusCode, r.Body)
	}
	all := map[string]bool{"houkatsu": true, "kurashi": true, "takikan": true}
	orgs := []string{"houkatsu", "kurashi", "takikan"}
	item := map[string]any{"target_id": id, "situation": "郵便物がたまり続けている", "decisions": "民生委員と見守りを続ける"}

	// a 重層的支援会議 needs consent, which the target lacks
	jusoteki := e.mkMeeting(e.token("coord"), "jusoteki_shien_kaigi", orgs, all)
	r := e.api("POST", "/api/v1/meetings/"+jusoteki+"/outreach-items", owner, item)
	if r.StatusCode != 422 || r.JSON(t)["code"] != "consent_required" || !strings.Contains(r.Body, "重層的支援会議では本人の同意が必要です") {
		t.Fatalf("重層的支援会議 must refuse the target: %d %s", r.StatusCode, r.Body)
	}
	// a 支援会議 where an attendee did not acknowledge confidentiality
	noAck := e.mkMeeting(e.token("coord"), "shien_kaigi", orgs, map[string]bool{"houkatsu": true, "takikan": true})
	if r := e.api("POST", "/api/v1/meetings/"+noAck+"/outreach-items", owner, item); r.StatusCode != 422 || r.JSON(t)["code"] != "confidentiality_required" {
		t.Fatalf("without every acknowledgement: %d %s", r.StatusCode, r.Body)
	}
	mid := e.mkMeeting(e.token("coord"), "shien_kaigi", orgs, all)
	// only the registering organization puts its target on the agenda
	if r := e.api("POST", "/api/v1/meetings/"+mid+"/outreach-items", attendee, item); r.StatusCode != 422 || !strings.Contains(r.Body, "target_id") {
		t.Fatalf("another organization's target: %d %s", r.StatusCode, r.Body)
	}
	if r := e.api("POST", "/api/v1/meetings/"+mid+"/outreach-items", owner, item); r.StatusCode != http.StatusCreated {
		t.Fatalf("支援会議 item: %d %s", r.StatusCode, r.Body)
	}
	// before the host records it held nothing is shared (issue 19), even
	// once its time has passed
	e.clock.Add(10 * 24 * time.Hour)
	if r := e.api("GET", "/api/v1/outreach-targets/"+id, attendee, nil); r.StatusCode != http.StatusNotFound {
		t.Fatalf("shared before the meeting is held: %d", r.StatusCode)
	}
	e.hold(e.token("coord"), mid)
	r = e.api("GET", "/api/v1/outreach-targets/"+id, attendee, nil)
	if r.StatusCode != 200 || !strings.Contains(r.Body, "○○団地3階の50代男性") || !strings.Contains(r.Body, "新聞と郵便物がたまっている") ||
		!strings.Contains(r.Body, "玄関先で少し話せた。") || r.JSON(t)["stage"] != "found" || !strings.Contains(r.Body, mid) ||
		len(r.JSON(t)["meeting_items"].([]any)) != 1 {
		t.Fatalf("attendee reads the shared target: %d %s", r.StatusCode, r.Body)
	}
	if l := e.api("GET", "/api/v1/outreach-targets", attendee, nil); !strings.Contains(l.Body, id) || !strings.Contains(l.Body, "shared_at_meetings") {
		t.Fatalf("attendee's list lacks the shared target: %s", l.Body)
	}
	// read only
	if w := e.api("POST", "/api/v1/outreach-targets/"+id+"/attempts", attendee, map[string]any{"at": "2026-06-11T10:00:00+09:00", "method": "訪問", "outcome": "不在"}); w.StatusCode != http.StatusForbidden {
		t.Fatalf("attendee writes an attempt: %d %s", w.StatusCode, w.Body)
	}
	if w := e.stage(attendee, id, "contacted", ""); w.StatusCode != http.StatusForbidden {
		t.Fatalf("attendee moves the stage: %d %s", w.StatusCode, w.Body)
	}
	// an organization that did not attend sees nothing
	if g := e.api("GET", "/api/v1/outreach-targets/"+id, outsider, nil); g.StatusCode != http.StatusNotFound {
		t.Fatalf("non-attendee reads the target: %d", g.StatusCode)
	}
	if l := e.api("GET", "/api/v1/outreach-targets", outsider, nil); strings.Contains(l.Body, id) {
		t.Fatal("non-attendee lists the target")
	}
	if g := e.api("GET", "/api/v1/meetings/"+mid+"/outreach-items", outsider, nil); g.StatusCode != http.StatusNotFound {
		t.Fatalf("non-attendee reads the meeting's items: %d", g.StatusCode)
	}
	if g := e.api("GET", "/api/v1/meetings/"+mid+"/outreach-items", attendee, nil); g.StatusCode != 200 || !strings.Contains(g.Body, "民生委員と見守りを続ける") {
		t.Fatalf("attendee reads the meeting's items: %d %s", g.StatusCode, g.Body)
	}
	// the shared read is audited as a view naming the meeting
	a := e.api("GET", "/api/v1/audit?action=view&actor_id="+e.users["worker2"].ID, e.token("privacy"), nil)
	if !strings.Contains(a.Body, `"object_type":"outreach_target"`) || !strings.Contains(a.Body, "shien_kaigi "+mid) {
		t.Fatalf("shared view not audited: %s", a.Body)
	}

	// pages: the attendee's list marks the target, its page has no forms
	b := e.browser()
	b.login("worker2")
	if p := b.get("/outreach"); !strings.Contains(p.Body, "支援会議で共有") || !strings.Contains(p.Body, "/outreach/targets/"+id) {
		t.Fatalf("attendee's outreach list: %s", text(p.Body))
	}
	if p := b.get("/outreach/targets/" + id); p.StatusCode != 200 || !strings.Contains(p.Body, "閲覧のみ") || !strings.Contains(p.Body, "民生委員と見守りを続ける") || strings.Contains(p.Body, `action="/outreach/targets/`+id+`/attempts"`) {
		t.Fatalf("attendee's target page: %d %s", p.StatusCode, text(p.Body))
	}
	o := e.browser()
	o.login("kodomo")
	if p := o.get("/outreach/targets/" + id); p.StatusCode != http.StatusNotFound {
		t.Fatalf("non-attendee's target page: %d", p.StatusCode)
	}
	// the meeting page's form refuses a 重層的支援会議 with the message beside the field
	w := e.browser()
	w.login("worker")
	p := w.post("/meetings/"+jusoteki+"/outreach-items", url.Values{"target_id": {id}})
	if p.StatusCode != 422 || !strings.Contains(p.Body, "重層的支援会議では本人の同意が必要です") {
		t.Fatalf("form on a 重層的支援会議: %d %s", p.StatusCode, text(p.Body))
	}
	if p := w.get("/meetings/" + mid); !strings.Contains(p.Body, "検討したアウトリーチ対象者") || !strings.Contains(p.Body, "郵便物がたまり続けている") {
		t.Fatalf("meeting page: %s", text(p.Body))
	}
	// the printed minutes carry the target discussed, for the attendees only
	if p := b.get("/meetings/" + mid + "/print"); p.StatusCode != 200 || !strings.Contains(p.Body, "アウトリーチ対象者 ○○団地3階の50代男性") || !strings.Contains(p.Body, "民生委員と見守りを続ける") {
		t.Fatalf("printed minutes lack the outreach item: %d %s", p.StatusCode, text(p.Body))
	}
	if a := e.api("GET", "/api/v1/audit?action=print&actor_id="+e.users["worker2"].ID, e.token("privacy"), nil); !strings.Contains(a.Body, `"object_type":"meeting_outreach_items"`) {
		t.Fatalf("printed outreach items not audited as a print: %s", a.Body)
	}
	if p := o.get("/meetings/" + mid + "/print"); p.StatusCode != http.StatusNotFound {
		t.Fatalf("non-attendee prints the minutes: %d", p.StatusCode)
	}
}
