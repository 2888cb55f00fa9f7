package web

import (
	"net/http"
	"net/url"
	"strconv"

	"kasane/internal/casework"
	"kasane/internal/sqldb"
)

// duplicatesPage lists the candidate pairs to decide (of the last batch, or
// of one person with ?person=) and the decisions in force.
func (s *Server) duplicatesPage(w http.ResponseWriter, r *http.Request) {
	s.renderDuplicates(w, r, http.StatusOK, r.URL.Query().Get("person"), &Page{Flash: duplicatesDone(r), Form: url.Values{}})
}

func (s *Server) renderDuplicates(w http.ResponseWriter, r *http.Request, status int, person string, p *Page) {
	rv, err := s.db.DuplicateReview(r.Context(), actor(r), person)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	p.Title, p.Nav, p.Data = "名寄せ（重複の確認）", duplicatesNav(r), rv
	s.render(w, r, status, "duplicates", p)
}

func duplicatesDone(r *http.Request) string {
	return map[string]string{"same": "同一人物として記録しました。", "different": "別人として記録しました。", "revoked": "判定を取り消しました。"}[r.URL.Query().Get("done")]
}

// back is the page to return to: the review of one person, or the list.
func duplicatesBack(person, done string) string {
	q := url.Values{"done": {done}}
	if person != "" {
		q.Set("person", person)
	}
	return "/duplicates?" + q.Encode()
}

func (s *Server) duplicateDecide(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(r); err != nil {
		s.errorPage(w, r, err)
		return
	}
	f := r.PostForm
	d := sqldb.DuplicateDecision{PersonA: f.Get("person_a"), PersonB: f.Get("person_b"), Decision: f.Get("decision"), Note: f.Get("note")}
	if err := s.db.DecideDuplicate(r.Context(), actor(r), &d); err != nil {
		s.duplicatesFormError(w, r, err)
		return
	}
	http.Redirect(w, r, duplicatesBack(f.Get("back"), d.Decision), http.StatusSeeOther)
}

func (s *Server) duplicateRevoke(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(r); err != nil {
		s.errorPage(w, r, err)
		return
	}
	v, _ := strconv.Atoi(r.PostForm.Get("version"))
	if _, err := s.db.RevokeDuplicateDecision(r.Context(), actor(r), r.PathValue("id"), v); err != nil {
		s.duplicatesFormError(w, r, err)
		return
	}
	http.Redirect(w, r, duplicatesBack(r.PostForm.Get("back"), "revoked"), http.StatusSeeOther)
}

// duplicatesFormError shows the page again with the message (a bad
// decision, or a decision changed by someone else meanwhile).
func (s *Server) duplicatesFormError(w http.ResponseWriter, r *http.Request, err error) {
	p := &Page{Form: r.PostForm, Section: r.PostForm.Get("person_a") + r.PostForm.Get("person_b")}
	rv, rerr := s.db.DuplicateReview(r.Context(), actor(r), r.PostForm.Get("back"))
	if rerr != nil {
		s.errorPage(w, r, rerr)
		return
	}
	p.Title, p.Nav, p.Data = "名寄せ（重複の確認）", duplicatesNav(r), rv
	s.formPage(w, r, "duplicates", p, err)
}

// duplicatesNav is the menu item of the page: 本人を探す for staff, its own
// item (名寄せ) for the municipality's roles.
func duplicatesNav(r *http.Request) string {
	if casework.CanSearchPersons(actor(r)) {
		return "persons"
	}
	return "duplicates"
}
