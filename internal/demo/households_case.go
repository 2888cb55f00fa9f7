package demo

import (
	"context"
	"fmt"
	"time"

	"kasane/internal/casework"
)

// Defaults of the demo consents: everything a 重層的支援会議 needs, valid
// for a year.
var (
	demoDataCategories = []string{"basic", "household", "health", "finance", "records"}
	demoPurposes       = []string{"支援の検討", "関係機関との情報共有", "重層的支援会議での検討", "支援プランの作成"}
	demoMeetings       = []string{"jusoteki_shien_kaigi", "shien_chosei_kaigi"}
)

func contact(day int, hm, by, method, counterpart string, minutes int, jigyo, bunya, content string) event {
	return event{day: day, hm: hm, by: by, kind: "contact", method: method, counterpart: counterpart, minutes: minutes, jigyo: jigyo, bunya: bunya, content: content}
}

// consent records a consent of the case's focus person for recipients.
func consent(day int, hm, by, givenBy, method string, recipients ...string) event {
	return event{day: day, hm: hm, by: by, kind: "consent", givenBy: givenBy, method: method, recipients: recipients}
}

// consentOnly is consent limited to the data categories cats (rule 2: a
// member under it reads those only).
func consentOnly(day int, hm, by, givenBy, method string, cats []string, recipients ...string) event {
	e := consent(day, hm, by, givenBy, method, recipients...)
	e.cats = cats
	return e
}

// designate names org for the case's focus person under DV等支援措置 (rule 6).
func designate(day int, hm, by, org, reason string) event {
	return event{day: day, hm: hm, by: by, kind: "designate", org: org, content: reason}
}

func team(day int, hm, by, org, role, statute string) event {
	return event{day: day, hm: hm, by: by, kind: "team", org: org, role: role, statute: statute}
}

// refer sends a referral to org, due dueDays days later (0: the municipal
// default of working days).
func refer(day int, hm, by, org string, dueDays int, reason string) event {
	return event{day: day, hm: hm, by: by, kind: "refer", org: org, dueDays: dueDays, content: reason}
}

func answer(day int, hm, by, org, action, reason string) event {
	return event{day: day, hm: hm, by: by, kind: "answer", org: org, action: action, content: reason}
}

func status(day int, hm, by, to, reason string) event {
	return event{day: day, hm: hm, by: by, kind: "status", action: to, content: reason}
}

// planCase adds the intake of a case and its events.
func (s *story) planCase(h household, c caseSeed) error {
	key := h.key + "/" + c.key
	hm := c.hm
	if hm == "" {
		hm = "09:10"
	}
	s.add(s.at(c.day, hm), key+" 相談受付", func(ctx context.Context) error {
		a, err := s.actor(c.by)
		if err != nil {
			return err
		}
		focus, home := s.persons[h.key+"/"+c.focus], s.homes[h.key]
		if c.by != h.by {
			// rule 0: another organization's case is about its own record of
			// the person (名寄せ links the two), never the household's
			focus, home = s.persons[h.key+"/"+c.focus+"@"+c.by], ""
		}
		cs := casework.Case{FocusPersonID: focus, HouseholdID: home,
			ReceivedOn: casework.Today(s.at(c.day, hm)), Route: c.route, Method: c.method, Bunya: c.bunya,
			Problems: c.problems, Complaint: c.complaint, Screening: c.screening, CaseIntake: c.intake}
		cs.ReceivedTime = hm
		if cs.FocusPersonID == "" {
			return fmt.Errorf("本人 %s が未登録です", c.focus)
		}
		if err := s.db.CreateCase(ctx, a, &cs); err != nil {
			return err
		}
		s.cases[key] = cs.ID
		return nil
	})
	for i, e := range c.events {
		at := s.at(e.day, e.hm)
		if e.kind == "contact" {
			at = at.Add(time.Duration(e.minutes+20) * time.Minute) // written up afterwards
		}
		e := e
		what := fmt.Sprintf("%s の %d 番目（%s）", key, i+1, e.kind)
		s.add(at, what, func(ctx context.Context) error {
			a, err := s.actor(e.by)
			if err != nil {
				return err
			}
			focus := s.persons[h.key+"/"+c.focus]
			if c.by != h.by {
				focus = s.persons[h.key+"/"+c.focus+"@"+c.by]
			}
			return s.apply(ctx, a, s.cases[key], focus, e)
		})
	}
	return nil
}

// apply performs one event of a case as actor a.
func (s *story) apply(ctx context.Context, a casework.Actor, caseID, focusID string, e event) error {
	var orgID string
	if e.org != "" {
		id, err := s.org(e.org)
		if err != nil {
			return err
		}
		orgID = id
	}
	day := casework.Today(s.at(e.day, e.hm))
	switch e.kind {
	case "contact":
		c := casework.Contact{CaseID: caseID, At: s.at(e.day, e.hm), Method: e.method, Counterpart: e.counterpart,
			Content: e.content, Minutes: e.minutes, Jigyo: e.jigyo, Bunya: e.bunya}
		return s.db.AddContact(ctx, a, &c)
	case "consent":
		var to []string
		for _, name := range e.recipients {
			id, err := s.org(name)
			if err != nil {
				return err
			}
			to = append(to, id)
		}
		cats := demoDataCategories
		if e.cats != nil {
			cats = e.cats
		}
		c := casework.Consent{PersonID: focusID, GivenBy: e.givenBy, GivenOn: day, Method: e.method, Recipients: to,
			DataCategories: cats, Purposes: demoPurposes, MeetingTypes: demoMeetings,
			ValidUntil: casework.Today(s.at(e.day-365, "12:00"))}
		return s.db.RecordConsent(ctx, a, &c)
	case "designate":
		return s.db.DesignateDV(ctx, a, focusID, orgID, e.content)
	case "team":
		m := casework.TeamMember{OrganizationID: orgID, Role: e.role, Statute: e.statute}
		if e.statute == "art25_2" {
			// 要対協: the case is registered with the council first (its
			// member list is seeded per fiscal year in Seed)
			if err := s.db.RegisterYotaikyo(ctx, a, caseID, day); err != nil {
				return err
			}
		}
		return s.db.AddTeamMember(ctx, a, caseID, &m)
	case "refer":
		r := casework.Referral{CaseID: caseID, ToOrgID: orgID, Reason: e.content, TransferLead: e.transfer}
		if e.referredDay > 0 {
			r.ReferredOn = casework.Today(s.at(e.referredDay, "12:00"))
		}
		if e.dueDays > 0 {
			r.DueOn = casework.Today(s.at(e.day-e.dueDays, "12:00"))
		}
		if err := s.db.CreateReferral(ctx, a, &r); err != nil {
			return err
		}
		s.refs[caseID+"/"+e.org] = r.ID
		return nil
	case "answer":
		id := s.refs[caseID+"/"+e.org]
		if id == "" {
			return fmt.Errorf("%s へのつなぎがありません", e.org)
		}
		_, err := s.db.AnswerReferral(ctx, a, id, e.action, e.content)
		return err
	case "status":
		if e.action == "decided" { // 支援決定 is the municipality's, on a plan and a meeting
			return s.decideOnMeeting(ctx, a, caseID, e.day, e.content)
		}
		_, err := s.db.TransitionCase(ctx, a, caseID, e.action, e.content)
		return err
	}
	return fmt.Errorf("不明な出来事 %q", e.kind)
}

// demoHouseholds lists every household of the demo, in the order of the
// files that tell them.
func demoHouseholds() []household {
	var out []household
	for _, f := range []func() []household{householdsElder, householdsChildren, householdsLiving, householdsIssue22} {
		out = append(out, f()...)
	}
	return out
}

// kasane is an address in the fictional city of the demo.
func kasane(postal, street string) casework.Address {
	return casework.Address{PostalCode: postal, Prefecture: "架空県", City: "かさね市", Street: street}
}

// elsewhere is an address outside the city (relatives living apart).
func elsewhere(postal, city, street string) *casework.Address {
	return &casework.Address{PostalCode: postal, Prefecture: "架空県", City: city, Street: street}
}

// agreed is the 同意の有無 recorded at intake.
func agreed(b bool) *bool { return &b }
