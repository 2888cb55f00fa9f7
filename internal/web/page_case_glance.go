package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"kasane/internal/casework"
	"kasane/internal/sqldb"
)

// The case page at a glance (issue 21): the summary header, the tabs'
// contents beyond the case's own record (consents, plan, meetings), the
// correction of a support record in place, and the referral answers given
// from the case page.

// caseGlance is what the summary header and the extra tabs show, each part
// only as far as the viewer may read it (sqldb.CasePage decides).
type caseGlance struct {
	Consents      []casework.Consent
	ConsentsShown bool
	// Consent is the consent in force today (nil when none), Expiring
	// whether it ends within 30 days.
	Consent  *casework.Consent
	Expiring bool
	Plan     *casework.Plan
	// PlanCount counts every plan version; PlanPeriod is the span of the
	// plan in force's lines (「令和8年4月1日 (2026) 〜 令和8年9月30日 (2026)」).
	PlanCount    int
	PlanPeriod   string
	MeetingItems []casework.MeetingItem
	// Alerts are the open watches of this case the viewer has.
	Alerts []string
	// HouseholdShown: the viewer's scope includes the household.
	HouseholdShown bool
	// EditID is the support record being corrected ("" when none);
	// ContactEditable tells which records the viewer's organization may
	// correct (the author's organization, with the case's records writable).
	EditID          string
	ContactEditable map[string]bool
	// JST is the time zone record times are shown in.
	JST *time.Location
	// Fold splits each long support record into the lines shown and the
	// rest behind 「続きを読む」.
	Fold map[string]*contactFold
}

// contactFold is a long record: Head shown, Rest folded.
type contactFold struct{ Head, Rest string }

// foldLines and foldRunes: a record longer than this is folded.
const foldLines, foldRunes = 6, 300

// foldContent splits s after foldLines lines (or foldRunes characters);
// ok is false when s is short enough to show whole.
func foldContent(s string) (contactFold, bool) {
	lines := strings.SplitAfter(s, "\n")
	head := ""
	for i, l := range lines {
		if i == foldLines {
			break
		}
		head += l
	}
	if r := []rune(head); len(r) > foldRunes {
		head = string(r[:foldRunes])
	}
	if len(head) >= len(s) || strings.TrimSpace(s[len(head):]) == "" {
		return contactFold{}, false
	}
	return contactFold{Head: head, Rest: s[len(head):]}, true
}

// fillGlance adds the summary and the tabs to the case page's data.
func (d *caseData) fillGlance(cp sqldb.CasePage, a casework.Actor) {
	g := &d.Glance
	g.JST = jst
	g.Consents, g.ConsentsShown, g.Plan, g.PlanCount, g.MeetingItems = cp.Consents, cp.ConsentsShown, cp.Plan, cp.PlanCount, cp.MeetingItems
	g.HouseholdShown = d.Case.HouseholdID != "" && d.Case.DataScope.Has(casework.CatHousehold)
	for i := range cp.Consents {
		c := &cp.Consents[i]
		if c.EffectiveOn(d.Today) {
			g.Consent = c
			if c.ValidUntil != "" {
				soon := casework.Today(d.Now.AddDate(0, 0, 30))
				g.Expiring = c.ValidUntil <= soon
			}
			break
		}
	}
	if p := cp.Plan; p != nil {
		from, to := "", ""
		for _, it := range p.Items {
			if it.From != "" && (from == "" || it.From < from) {
				from = it.From
			}
			if it.To != "" && it.To > to {
				to = it.To
			}
		}
		if from != "" || to != "" {
			g.PlanPeriod = dayShown(from) + " 〜 " + dayShown(to)
		}
	}
	g.Fold = map[string]*contactFold{}
	for _, c := range d.Contacts {
		if f, ok := foldContent(c.Content); ok {
			g.Fold[c.ID] = &f
		}
	}
	g.ContactEditable = map[string]bool{}
	if d.CanWrite && d.Records {
		for _, c := range d.Contacts {
			if c.AuthorOrgID == a.OrganizationID {
				g.ContactEditable[c.ID] = true
			}
		}
	}
	// the watches of the home page that concern this case
	for _, r := range d.Referrals {
		if r.Overdue {
			peer := r.ToOrgName + "からの回答待ち"
			if r.ToOrgID == a.OrganizationID {
				peer = r.FromOrgName + "への回答が必要"
			}
			g.Alerts = append(g.Alerts, "つなぎの期限超過（"+peer+"、期限 "+dayShown(r.DueOn)+"）")
		}
	}
	if p := cp.Plan; p != nil && p.ReviewOverdue(d.Today) {
		g.Alerts = append(g.Alerts, "プランの見直し期限超過（第"+strconv.Itoa(p.Revision)+"版、見直し予定日 "+dayShown(p.NextReviewOn)+"）")
	}
	for _, ra := range cp.Resident { // 住民記録の転出・死亡 (juki_alerts.go)
		g.Alerts = append(g.Alerts, ra.Message)
	}
	c := d.Case
	if d.IsLead && c.Status != "closed" {
		last := c.Created
		if c.LastContactAt != nil {
			last = *c.LastContactAt
		}
		if days := int(d.Now.Sub(last) / (24 * time.Hour)); c.Status != "suspended" && cp.StaleDays > 0 && days >= cp.StaleDays {
			g.Alerts = append(g.Alerts, strconv.Itoa(days)+"日間、支援経過の記録がありません。")
		}
		if d.LeadWorker == "" || strings.HasSuffix(d.LeadWorker, "（利用停止）") {
			g.Alerts = append(g.Alerts, "主担当者がいません。")
		}
	}
}

// caseDone is the message after a change made from the case page.
func caseDone(r *http.Request) string {
	switch r.URL.Query().Get("done") {
	case "contact_edit":
		return "支援経過の記録を修正しました。修正前の記録は履歴に残っています。"
	case "completed":
		return "つなぎを完了にしました。"
	}
	return doneMessage(r)
}

// contactEditForm is the correction form's values for contact c.
func contactEditForm(c casework.Contact) url.Values {
	return url.Values{
		"edit_at": {c.At.In(jst).Format("2006-01-02T15:04")}, "edit_method": {c.Method}, "edit_counterpart": {c.Counterpart},
		"edit_content": {c.Content}, "edit_minutes": {strconv.Itoa(c.Minutes)}, "edit_jigyo": {c.Jigyo}, "edit_bunya": {c.Bunya},
		"version": {strconv.Itoa(c.Version)},
	}
}

// caseContactUpdate corrects a support record from the case page. The rule
// (the author's organization, the case's records writable, the version
// current) is sqldb.UpdateContact's; the earlier text goes to the history.
func (s *Server) caseContactUpdate(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(r); err != nil {
		s.errorPage(w, r, err)
		return
	}
	id, cid := r.PathValue("id"), r.PathValue("cid")
	f := r.PostForm
	err := func() error {
		at, ok := parseLocalDateTime(f.Get("edit_at"))
		if !ok {
			return invalid("edit_at", "日時は 2026-05-20 10:30 の形で入力してください。")
		}
		min, _ := strconv.Atoi(f.Get("edit_minutes"))
		c := casework.Contact{ID: cid, At: at, Method: f.Get("edit_method"), Counterpart: f.Get("edit_counterpart"), Content: f.Get("edit_content"),
			Minutes: min, Jigyo: f.Get("edit_jigyo"), Bunya: f.Get("edit_bunya"), Version: formVersion(f)}
		return prefixFields(s.db.UpdateContact(r.Context(), actor(r), &c), "edit_")
	}()
	if err != nil {
		d, derr := s.caseData(r, id)
		if derr != nil {
			s.errorPage(w, r, derr)
			return
		}
		d.Glance.EditID = cid
		s.formPage(w, r, "case", &Page{Title: "ケース " + d.Case.Number, Nav: "cases", Data: d, Section: "contact-edit"}, err)
		return
	}
	http.Redirect(w, r, "/cases/"+id+"?done=contact_edit#contact-"+cid, http.StatusSeeOther)
}

// prefixFields renames every field of a validation error to prefix+name
// (the correction form's fields), so its messages stand beside its inputs.
func prefixFields(err error, prefix string) error {
	if f := casework.ErrorFields(err); f != nil {
		for k, m := range f {
			if !strings.HasPrefix(k, prefix) {
				delete(f, k)
				f[prefix+k] = m
			}
		}
	}
	return err
}

// referralAnswerData is the page that shows a referral answer's error
// beside its form when it was sent from the home page.
type referralAnswerData struct {
	Referral casework.Referral
}

// referralAnswered ends an answer to a referral (accept, decline,
// complete): back to the case page or home with a message, or, on an error,
// the form again with the message beside it and what was typed kept — on
// the case page when it was sent from there (case_id), else on a page of
// its own for the referral.
func (s *Server) referralAnswered(w http.ResponseWriter, r *http.Request, err error) {
	id, caseID, action := r.PathValue("id"), r.PostForm.Get("case_id"), r.PostForm.Get("action")
	if err == nil {
		done := "answered"
		if action == "complete" {
			done = "completed"
		}
		if caseID != "" {
			http.Redirect(w, r, "/cases/"+url.PathEscape(caseID)+"?done="+done+"#tab-referrals", http.StatusSeeOther)
			return
		}
		http.Redirect(w, r, "/?done=answered", http.StatusSeeOther)
		return
	}
	if caseID != "" {
		d, derr := s.caseData(r, caseID)
		if derr != nil {
			s.errorPage(w, r, err)
			return
		}
		// the case page has a 「つなぐ理由」 field of its own
		err = renameField(renameField(err, "reason", "decline_reason"), "status", "ref_status")
		s.formPage(w, r, "case", &Page{Title: "ケース " + d.Case.Number, Nav: "cases", Data: d, Section: "ref-" + id}, err)
		return
	}
	rs, lerr := s.db.Referrals(r.Context(), actor(r), sqldb.ReferralFilter{})
	if lerr != nil {
		s.errorPage(w, r, err)
		return
	}
	for _, ref := range rs {
		if ref.ID == id {
			s.formPage(w, r, "referral_answer", &Page{Title: "つなぎへの回答", Nav: "home", Data: &referralAnswerData{Referral: ref}}, err)
			return
		}
	}
	s.errorPage(w, r, err)
}
