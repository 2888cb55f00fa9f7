package sqldb

import (
	"context"
	"slices"
	"time"

	"kasane/internal/casework"
	"kasane/internal/japanese"
)

// GenogramPerson is what the genogram needs of a person beyond the
// household page: the stored birth date (birth order, twins), the death
// date and the age now or at death.
type GenogramPerson struct {
	PersonID   string
	Name       string
	Sex        string
	BirthDate  string // ISO, possibly partial
	DeceasedOn string
	Age        *int
	Member     bool // in the household; false for a relative reached by a relation
	Hidden     bool // outside the household and not visible to the viewer: no name, sex or dates
}

// GenogramData is a household as Household returns it, with the persons
// of its members and of the other ends of their relations.
type GenogramData struct {
	Household casework.Household
	People    map[string]GenogramPerson
	// Participation lists the places (参加支援) of members the viewer may see.
	Participation []GenogramPlace
	// Ties are the ecomap ties the viewer may see.
	Ties []casework.EcomapTie
	// Contacts are the counterparts of the support records of the cases
	// the viewer may read, most often contacted first.
	Contacts []GenogramContact
	// PlanOrgs are the organizations named in the lines of the agreed or
	// decided plans of those cases.
	PlanOrgs []GenogramContact
}

// GenogramContact is an organization or helper named in support records.
type GenogramContact struct {
	Name    string
	Count   int      // contacts naming it
	Persons []string // members whose cases they are about
}

// GenogramPlace is a member's participation in a resource, for the ecomap.
type GenogramPlace struct {
	PersonID string
	Resource string
	Status   string // proposed, trial, placed
}

// GenogramData reads a household for its genogram and ecomap, with the
// same visibility as Household (rule 4 on the household, rule 1 on each
// member's cases). Audited as a view of the household.
func (db *DB) GenogramData(ctx context.Context, a casework.Actor, householdID string) (GenogramData, error) {
	var out GenogramData
	err := db.inRead(ctx, "世帯", func(tx *Tx) error {
		h, err := tx.visibleHousehold(ctx, a, householdID)
		if err != nil {
			return err
		}
		members, persons, err := tx.householdMembers(ctx, a, householdID)
		if err != nil {
			return err
		}
		h.Members = members
		out.People = map[string]GenogramPerson{}
		for _, p := range persons {
			// places of participation are the participation record (rule 2:
			// `records`), not the person's basic data
			if _, scope, err := tx.personView(ctx, a, p.ID); err == nil && scope.Has(casework.CatRecords) {
				places, err := collect(ctx, tx, func(sc scanner) (GenogramPlace, error) {
					g := GenogramPlace{PersonID: p.ID}
					return g, sc.Scan(&g.Resource, &g.Status)
				}, `SELECT r.name, m.status FROM participation_matches m JOIN resources r ON r.id = m.resource_id
					WHERE m.person_id = ? AND m.status <> 'ended' ORDER BY m.proposed_on`, p.ID)
				if err != nil {
					return err
				}
				out.Participation = append(out.Participation, places...)
			}
			gp := genogramPerson(p)
			gp.Member = true
			out.People[p.ID] = gp
		}
		h.Relations, err = collect(ctx, tx, func(s scanner) (casework.PersonRelation, error) {
			var r casework.PersonRelation
			return r, s.Scan(&r.ID, &r.FromPersonID, &r.ToPersonID, &r.Kind, &r.Quality, &r.Version)
		}, `SELECT id, from_person_id, to_person_id, kind, quality, version FROM person_relations
			WHERE municipality_id = ? AND (from_person_id IN (SELECT person_id FROM household_members WHERE household_id = ?)
			   OR to_person_id IN (SELECT person_id FROM household_members WHERE household_id = ?))
			ORDER BY created_at, id`, a.MunicipalityID, householdID, householdID)
		if err != nil {
			return err
		}
		if h.Relations == nil {
			h.Relations = []casework.PersonRelation{}
		}
		// The other ends of relations outside the household: shown when the
		// viewer may see the person, else as an unnamed symbol.
		for _, r := range h.Relations {
			for _, id := range []string{r.FromPersonID, r.ToPersonID} {
				if _, ok := out.People[id]; ok {
					continue
				}
				p, err := tx.visiblePerson(ctx, a, id)
				switch {
				case err == nil:
					p.Decorate(tx.now)
					out.People[id] = genogramPerson(p)
				case casework.ErrorCode(err) == casework.ENOTFOUND:
					out.People[id] = GenogramPerson{PersonID: id, Sex: "unknown", Hidden: true}
				default:
					return err
				}
			}
		}
		if out.Ties, err = tx.ecomapTies(ctx, a, householdID); err != nil {
			return err
		}
		if out.Contacts, err = tx.contactCounterparts(ctx, members); err != nil {
			return err
		}
		if out.PlanOrgs, err = tx.planOrganizations(ctx, members); err != nil {
			return err
		}
		out.Household = h
		return tx.audit(ctx, a, auditRecord{Action: casework.ActView, ObjectType: "household", ObjectID: householdID})
	})
	return out, err
}

func genogramPerson(p casework.Person) GenogramPerson {
	g := GenogramPerson{PersonID: p.ID, Name: p.DisplayName(), Sex: p.Sex, BirthDate: p.BirthDate, DeceasedOn: p.DeceasedOn, Age: p.Age}
	if p.DeceasedOn == "" {
		return g
	}
	g.Age = nil
	b, err := japanese.ParseISO(p.BirthDate)
	if err != nil {
		return g
	}
	if d, err := time.Parse("2006-01-02", p.DeceasedOn); err == nil {
		if age, ok := japanese.Age(b, d); ok {
			g.Age = &age
		}
	}
	return g
}

// contactCounterparts reads the 相手 of the support records of the cases
// listed on members (those the viewer may read: householdMembers checked
// rule 1 for each) and counts the organizations and helpers they name.
func (t *Tx) contactCounterparts(ctx context.Context, members []casework.HouseholdMember) ([]GenogramContact, error) {
	var names []string
	for _, m := range members {
		names = append(names, m.Name)
	}
	var out []GenogramContact
	at := map[string]int{}
	for _, m := range members {
		for _, mc := range m.Cases {
			if mc.Status == "closed" || !mc.Records {
				continue
			}
			cps, err := collect(ctx, t, scanString, "SELECT counterpart FROM contacts WHERE case_id = ? AND counterpart <> '' ORDER BY at", mc.CaseID)
			if err != nil {
				return nil, err
			}
			for _, cp := range cps {
				for _, name := range casework.ContactCounterparts(cp, names) {
					i, ok := at[name]
					if !ok {
						i = len(out)
						at[name] = i
						out = append(out, GenogramContact{Name: name})
					}
					out[i].Count++
					out[i].Persons = appendUnique(out[i].Persons, m.Name)
				}
			}
		}
	}
	slices.SortStableFunc(out, func(a, b GenogramContact) int { return b.Count - a.Count })
	return out, nil
}

// planOrganizations are the organizations of the plan lines of the open
// cases listed on members (those the viewer may read), with the number of
// lines.
func (t *Tx) planOrganizations(ctx context.Context, members []casework.HouseholdMember) ([]GenogramContact, error) {
	var out []GenogramContact
	at := map[string]int{}
	for _, m := range members {
		for _, mc := range m.Cases {
			if mc.Status == "closed" || !mc.Records {
				continue
			}
			names, err := collect(ctx, t, scanString, `SELECT o.name FROM plan_items i JOIN plans p ON p.id = i.plan_id
				JOIN organizations o ON o.id = i.organization_id
				WHERE p.case_id = ? AND p.status IN ('agreed', 'decided') ORDER BY p.revision, i.seq`, mc.CaseID)
			if err != nil {
				return nil, err
			}
			for _, name := range names {
				i, ok := at[name]
				if !ok {
					i = len(out)
					at[name] = i
					out = append(out, GenogramContact{Name: name})
				}
				out[i].Count++
				out[i].Persons = appendUnique(out[i].Persons, m.Name)
			}
		}
	}
	return out, nil
}
