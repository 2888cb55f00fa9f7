package web

import (
	"net/http"
	"strings"

	"kasane/internal/casework"
	"kasane/internal/sqldb"
)

type personsData struct {
	Query string
	By    casework.PersonQuery // what the query was taken as: name, birth date or phone
	Hits  []sqldb.PersonHit
}

func (s *Server) personsPage(w http.ResponseWriter, r *http.Request) {
	if !casework.CanSearchPersons(actor(r)) {
		s.errorPage(w, r, casework.Errorf(casework.EFORBIDDEN, "本人を検索する権限がありません。"))
		return
	}
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	d := &personsData{Query: q, By: casework.ParsePersonQuery(q)}
	page := &Page{Title: "本人を探す", Nav: "persons", Data: d, Form: r.URL.Query()}
	if q != "" {
		hits, err := s.db.SearchPersons(r.Context(), actor(r), q, 50)
		if err != nil {
			s.formPage(w, r, "persons", page, err)
			return
		}
		d.Hits = hits
	}
	s.render(w, r, http.StatusOK, "persons", page)
}

type personFormData struct {
	Candidates []sqldb.PersonHit
	Person     *casework.Person // set when editing
	Current    *casework.Person // the newer stored version after a conflict
}

// ShowAtena: the 宛名番号 field is on the form (a new record, or a record
// whose number the user may see: casework.CanSeeAtenaNo).
func (d *personFormData) ShowAtena() bool { return d.Person == nil || !d.Person.AtenaHidden }

func (s *Server) personNewPage(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "person_form", &Page{Title: "本人の登録", Nav: "persons", Data: &personFormData{}, Form: r.URL.Query()})
}

// personCreate registers a person; when the name looks like one already
// known, the candidates are shown first ("この方ではありませんか").
func (s *Server) personCreate(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(r); err != nil {
		s.errorPage(w, r, err)
		return
	}
	d := &personFormData{}
	page := &Page{Title: "本人の登録", Nav: "persons", Data: d}
	p := personFromForm(r.PostForm)
	if known := r.PostForm.Get("same_as_person_id"); known != "" {
		s.personCreateSameAs(w, r, page, p, known) // page_person_samelink.go
		return
	}
	if r.PostForm.Get("confirmed_new") != "1" && p.Identified {
		cands, err := s.similarPersons(r, p)
		if err != nil {
			s.errorPage(w, r, err)
			return
		}
		if len(cands) > 0 {
			d.Candidates = cands
			page.Form = r.PostForm
			// the input's own problems are shown with the candidates, not
			// one stage later
			q := p
			if err := q.Normalize(s.now()); err != nil {
				page.Errors, page.ErrorSummary = casework.ErrorFields(err), casework.ErrorMessage(err)
			}
			s.render(w, r, http.StatusOK, "person_form", page)
			return
		}
	}
	if err := s.db.CreatePerson(r.Context(), actor(r), &p); err != nil {
		s.formPage(w, r, "person_form", page, err)
		return
	}
	done := "person"
	if p.AtenaLinkedTo != "" {
		done = "person_linked" // the 宛名番号 was another record's: linked as the same person
	}
	http.Redirect(w, r, "/persons/"+p.ID+"?done="+done, http.StatusSeeOther)
}

// similarPersons finds likely duplicates by full name or reading.
func (s *Server) similarPersons(r *http.Request, p casework.Person) ([]sqldb.PersonHit, error) {
	seen := map[string]bool{}
	var out []sqldb.PersonHit
	for _, q := range []string{p.FamilyName + p.GivenName, p.FamilyKana + p.GivenKana} {
		if strings.TrimSpace(q) == "" {
			continue
		}
		hits, err := s.db.SearchPersons(r.Context(), actor(r), q, 10)
		if casework.ErrorCode(err) == casework.EINVALID {
			continue
		}
		if err != nil {
			return nil, err
		}
		for _, h := range hits {
			if h.Score >= 75 && !seen[h.ID] {
				seen[h.ID] = true
				out = append(out, h)
			}
		}
	}
	return out, nil
}

type personData struct {
	Person     casework.Person
	Households []sqldb.PersonHousehold // the households the person belongs to (hidden ones without details)
	Cases      []casework.Case
	Consents   []casework.Consent
	// Current are the consents effective today (not withdrawn, not expired).
	Current  []casework.Consent
	OrgName  map[string]string
	OrgCodes casework.CodeList
	Today    string
	// Links are the other records of the person's linked group (名寄せ), as
	// the viewer is shown them (casework.LinkedView).
	Links []sqldb.LinkedRecord
	// Suspensions: decided 利用停止 of the person (issue 23), shown as a warning.
	Suspensions []casework.RightsRequest
}

func (s *Server) personPage(w http.ResponseWriter, r *http.Request) {
	d, err := s.personPageData(r, r.PathValue("id"))
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "person", &Page{Title: d.Person.DisplayName(), Nav: "persons", Flash: doneMessage(r), Data: d})
}

func (s *Server) personPageData(r *http.Request, id string) (*personData, error) {
	a := actor(r)
	p, err := s.db.Person(r.Context(), a, id)
	if err != nil {
		return nil, err
	}
	cases, err := s.db.Cases(r.Context(), a, sqldb.CaseFilter{PersonID: p.ID})
	if err != nil {
		return nil, err
	}
	households, err := s.db.PersonHouseholds(r.Context(), a, p.ID)
	if err != nil {
		return nil, err
	}
	consents, err := s.db.Consents(r.Context(), a, p.ID)
	if err != nil {
		return nil, err
	}
	orgs, err := s.db.Organizations(r.Context(), a)
	if err != nil {
		return nil, err
	}
	links, err := s.db.PersonLinks(r.Context(), a, p.ID)
	if err != nil {
		return nil, err
	}
	d := &personData{Person: p, Households: households, Cases: cases, Consents: consents, OrgName: map[string]string{}, Today: casework.Today(s.now()), Links: links}
	for _, c := range consents {
		if c.WithdrawnOn == "" && c.EffectiveOn(d.Today) {
			d.Current = append(d.Current, c)
		}
	}
	for _, o := range orgs {
		d.OrgName[o.ID] = o.Name
	}
	d.OrgCodes = orgPicker(orgs)
	if d.Suspensions, err = s.db.UseSuspensions(r.Context(), a, p.ID); err != nil {
		return nil, err
	}
	return d, nil
}

// personDesignateDV names an organization for a person under DV等支援措置
// (rule 6); on an error the page is shown again with what was typed.
func (s *Server) personDesignateDV(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(r); err != nil {
		s.errorPage(w, r, err)
		return
	}
	id := r.PathValue("id")
	if err := s.db.DesignateDV(r.Context(), actor(r), id, r.PostForm.Get("organization_id"), r.PostForm.Get("reason")); err != nil {
		d, derr := s.personPageData(r, id)
		if derr != nil {
			s.errorPage(w, r, derr)
			return
		}
		s.formPage(w, r, "person", &Page{Title: d.Person.DisplayName(), Nav: "persons", Data: d, Section: "dv"}, err)
		return
	}
	http.Redirect(w, r, "/persons/"+id+"?done=dv", http.StatusSeeOther)
}

func (s *Server) orgNames(r *http.Request) (map[string]string, error) {
	orgs, err := s.db.Organizations(r.Context(), actor(r))
	out := map[string]string{}
	for _, o := range orgs {
		out[o.ID] = o.Name
	}
	return out, err
}

func (s *Server) personEditPage(w http.ResponseWriter, r *http.Request) {
	p, err := s.db.Person(r.Context(), actor(r), r.PathValue("id"))
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "person_form", &Page{Title: "本人情報の変更", Nav: "persons", Data: &personFormData{Person: &p}, Form: personForm(p)})
}

// personUpdate saves an edit; on a conflict the form is shown again with
// what the user typed and the other person's newer values beside it.
func (s *Server) personUpdate(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(r); err != nil {
		s.errorPage(w, r, err)
		return
	}
	a := actor(r)
	cur, err := s.db.Person(r.Context(), a, r.PathValue("id"))
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	p := personFromForm(r.PostForm)
	p.ID = cur.ID
	d := &personFormData{Person: &cur}
	page := &Page{Title: "本人情報の変更", Nav: "persons", Data: d}
	if err := s.db.UpdatePerson(r.Context(), a, &p); err != nil {
		if casework.ErrorCode(err) == casework.ECONFLICT {
			// show the other person's change as it is now
			if now, rerr := s.db.Person(r.Context(), a, cur.ID); rerr == nil {
				cur = now
			}
			d.Current = &cur
		}
		s.formPage(w, r, "person_form", page, err)
		return
	}
	done := "saved"
	if p.AtenaLinkedTo != "" {
		done = "person_linked"
	}
	http.Redirect(w, r, "/persons/"+p.ID+"?done="+done, http.StatusSeeOther)
}

// doneMessage turns a ?done= marker into a message (no user text is echoed).
func doneMessage(r *http.Request) string {
	return map[string]string{
		"person": "本人を登録しました。", "saved": "保存しました。", "case": "相談を受け付けました。",
		"contact": "支援経過を記録しました。", "team": "支援チームに加えました。", "consent": "同意を記録しました。",
		"withdrawn": "同意の撤回を記録しました。", "referral": "つなぎを送りました。", "answered": "つなぎに回答しました。",
		"status": "状態を変更しました。", "household": "世帯を登録しました。", "member": "世帯員を加えました。",
		"relation": "関係を登録しました。", "dv": "住所を閲覧できる機関を指定しました。", "approved": "承認しました。", "info": "情報提供を記録しました。", "org": "機関を登録しました。", "user": "職員を登録しました。",
		// 庁内つなぎ票 and the registration of a person another agency knows (issue 22)
		"liaison": "庁内つなぎ票を送りました。相談窓口の回答は「送ったつなぎ票」に表示されます。", "liaison_declined": "庁内つなぎ票を辞退しました。理由は送った課に伝わります。",
		"liaison_accepted": "庁内つなぎ票を受け付け、ケースを作りました（相談経路: 庁内他課）。",
		"linked":           "自機関の記録として登録し、他機関が把握している記録と名寄せしました（その機関の記録・世帯・ケースは閲覧できません）。続けて相談を受け付けてください。",
		"linked_existing":  "この方は既に自機関の記録として登録し、名寄せしています。その記録で相談を受け付けてください。",
		"person_linked":    "保存しました。入力した宛名番号は別の記録にあるため、その記録と同一人物として結び付けました（宛名番号はその記録に残ります）。",
	}[r.URL.Query().Get("done")]
}
