package web_test

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
)

// both runs two saves at the same moment and returns their responses.
func both(a, b func() resp) (resp, resp) {
	var ra, rb resp
	var wg sync.WaitGroup
	start := make(chan struct{})
	wg.Go(func() { <-start; ra = a() })
	wg.Go(func() { <-start; rb = b() })
	close(start)
	wg.Wait()
	return ra, rb
}

// oneWins checks that exactly one save succeeded and the other is a 409
// conflict (or, where noted, another 4xx refusal); it returns the loser.
func oneWins(t *testing.T, what string, a, b resp, otherRefusals ...int) resp {
	t.Helper()
	codes := []int{a.StatusCode, b.StatusCode}
	win, lose := a, b
	if a.StatusCode >= 300 {
		win, lose = b, a
	}
	if win.StatusCode >= 300 || (lose.StatusCode != http.StatusConflict && !slices.Contains(otherRefusals, lose.StatusCode)) {
		t.Fatalf("%s: statuses %v, want one success and one conflict\n%s\n%s", what, codes, a.Body, b.Body)
	}
	if lose.StatusCode == http.StatusConflict && strings.HasPrefix(lose.Header.Get("Content-Type"), "application/problem+json") && !strings.Contains(lose.Body, `"conflict"`) {
		t.Fatalf("%s: conflict without code: %s", what, lose.Body)
	}
	return lose
}

func TestConcurrentSavesAPI(t *testing.T) {
	e := newEnv(t)
	tok := e.token("worker")
	cid, pid := e.teamCase()

	t.Run("person", func(t *testing.T) {
		a, b := both(func() resp {
			return e.api("PATCH", "/api/v1/persons/"+pid, tok, map[string]any{"phone": "090-1111-2222", "version": 1})
		},
			func() resp {
				return e.api("PATCH", "/api/v1/persons/"+pid, tok, map[string]any{"phone": "090-3333-4444", "version": 1})
			})
		oneWins(t, "person", a, b)
		if p := e.api("GET", "/api/v1/persons/"+pid, tok, nil).JSON(t); p["version"] != float64(2) {
			t.Fatalf("version after the race: %v", p["version"])
		}
	})

	t.Run("case transition", func(t *testing.T) {
		tr := func() resp {
			return e.api("POST", "/api/v1/cases/"+cid+"/transitions", tok, map[string]any{"to": "assessment"})
		}
		a, b := both(tr, tr)
		// the loser either lost the version race (409) or already sees the
		// new status, from which assessment→assessment is not a move (422)
		oneWins(t, "transition", a, b, http.StatusUnprocessableEntity)
		c := e.api("GET", "/api/v1/cases/"+cid, tok, nil).JSON(t)
		if c["status"] != "assessment" || c["version"] != float64(2) {
			t.Fatalf("case after the race: %v v%v", c["status"], c["version"])
		}
	})

	t.Run("contact", func(t *testing.T) {
		r := e.api("POST", "/api/v1/cases/"+cid+"/contacts", tok, map[string]any{"at": "2026-05-21T10:00:00+09:00", "method": "訪問", "content": "初回訪問", "minutes": 30})
		id := r.JSON(t)["id"].(string)
		upd := func(text string) func() resp {
			return func() resp {
				return e.api("PATCH", "/api/v1/contacts/"+id, tok, map[string]any{"at": "2026-05-21T10:00:00+09:00", "method": "訪問", "content": text, "minutes": 30, "version": 1})
			}
		}
		a, b := both(upd("訪問。本人と話せた。"), upd("訪問。母と話せた。"))
		oneWins(t, "contact", a, b)
	})
}

func TestConcurrentSavesPlanAndMeeting(t *testing.T) {
	e := newEnv(t)
	tok := e.token("worker")
	cid, _ := e.plannedCase()
	plan := e.mkPlan(tok, cid, planBody(e.orgs["houkatsu"].ID))
	upd := func(wish string) func() resp {
		return func() resp {
			b := planBody(e.orgs["houkatsu"].ID)
			b["person_wish"], b["version"] = wish, 1
			return e.api("PATCH", "/api/v1/plans/"+plan["id"].(string), tok, b)
		}
	}
	a, b := both(upd("母の介護を続けながら働きたい"), upd("家で暮らし続けたい"))
	oneWins(t, "plan", a, b)

	coord := e.token("coord")
	mid := e.mkMeeting(coord, "jusoteki_shien_kaigi", []string{"houkatsu", "takikan"}, nil)
	minutes := func(text string) func() resp {
		return func() resp {
			return e.api("PATCH", "/api/v1/meetings/"+mid, coord, map[string]any{"minutes": text, "version": 1})
		}
	}
	a, b = both(minutes("議事録A"), minutes("議事録B"))
	oneWins(t, "meeting", a, b)
}

// TestConcurrentPersonPageSave: two people open the same edit form and save
// at once; the loser gets the form again (409) with what they typed and the
// other person's change.
func TestConcurrentPersonPageSave(t *testing.T) {
	e := newEnv(t)
	pid := e.mkPerson(e.token("worker"), yamada)
	b1, b2 := e.browser(), e.browser()
	b1.login("worker")
	b2.login("worker")
	form := func(phone, street string) url.Values {
		return url.Values{"family_name": {"髙橋"}, "given_name": {"一郎"}, "family_name_kana": {"タカハシ"}, "given_name_kana": {"イチロウ"},
			"birth_date": {"1975-04-01"}, "sex": {"male"}, "phone": {phone}, "reg_street": {street}, "street": {street}, "version": {"1"}}
	}
	a, b := both(func() resp { return b1.post("/persons/"+pid+"/edit", form("090-1111-2222", "本町1-2-3")) },
		func() resp { return b2.post("/persons/"+pid+"/edit", form("090-5555-6666", "本町9-9-9")) })
	if !((a.StatusCode == http.StatusSeeOther) != (b.StatusCode == http.StatusSeeOther)) {
		t.Fatalf("statuses %d %d", a.StatusCode, b.StatusCode)
	}
	lose, mine, theirs := b, "090-5555-6666", "090-1111-2222"
	if a.StatusCode != http.StatusSeeOther {
		lose, mine, theirs = a, theirs, mine
	}
	if lose.StatusCode != http.StatusConflict {
		t.Fatalf("loser status %d", lose.StatusCode)
	}
	if !strings.Contains(lose.Body, `value="`+mine+`"`) {
		t.Fatalf("the loser's text is not in the form again")
	}
	if !strings.Contains(text(lose.Body), theirs) || !strings.Contains(lose.Body, "他の人が先に") {
		t.Fatalf("the other change is not shown to the loser")
	}
	if !strings.Contains(lose.Body, `name="version" value="2"`) {
		t.Fatalf("the form does not carry the new version for the retry")
	}
}
