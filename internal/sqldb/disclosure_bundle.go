package sqldb

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"kasane/internal/casework"
)

// The 開示 bundle (個人情報保護法第76条): every stored row about one person,
// read for the privacy officer against a 開示請求 on file. The rows are read
// whole (every column, as stored), so a column added later is given out
// too; package disclosure names and marks them. Which rows concern the
// person is said here, table by table; a test keeps this list and the
// schema in step (every table is either here or named as holding no data
// about a resident).

// DisclosureRow is one stored row: its table and every column as text.
type DisclosureRow struct {
	Table  string
	Cols   []string          // in the table's order
	Values map[string]string // column → value as stored ('' for NULL)
}

// Get is the value of column c.
func (r DisclosureRow) Get(c string) string { return r.Values[c] }

// RelatedCase is a case of another person registered on a household of the
// person: not part of the bundle, named (number and date only) so that staff
// check whether its records say something about the person.
type RelatedCase struct {
	CaseID        string `json:"case_id"`
	Number        string `json:"number"`
	ReceivedOn    string `json:"received_on"`
	FocusPersonID string `json:"focus_person_id"`
	HouseholdID   string `json:"household_id"`
}

// RelatedMinutes is a meeting that discussed the person whose minutes
// (about every item of the meeting, other persons' too) are not in the
// bundle.
type RelatedMinutes struct {
	MeetingID   string    `json:"meeting_id"`
	Title       string    `json:"title"`
	Type        string    `json:"type"`
	ScheduledAt time.Time `json:"scheduled_at"`
}

// DisclosureData is what the bundle is made of.
type DisclosureData struct {
	Request          casework.DisclosureRequest
	MunicipalityName string
	ProducedAt       time.Time
	ProducedBy       string // the privacy officer's name
	ProducedByOrg    string
	// PersonIDs: the requested record first, then the records linked with
	// it as the same person (名寄せ).
	PersonIDs []string
	Rows      []DisclosureRow
	// Names: display names of the persons the rows refer to (the person's
	// own records and the third parties they name).
	Names     map[string]string
	OrgNames  map[string]string
	UserNames map[string]string
	// RefNames: names of the places and services the rows refer to
	// (social resources, the directory of services).
	RefNames map[string]string
	Related  []RelatedCase
	Minutes  []RelatedMinutes
}

// disclosureTable says which rows of a table concern the person: where is
// a condition over the table in which {P} stands for the person's records,
// {H} their households, {C} their cases, {X} the contacts of those cases,
// {T} their outreach targets, {A} the attempts of those, {M} their
// participation matches and {G} the meetings that discussed them. omit are
// columns never given out.
type disclosureTable struct {
	name, where, order string
	omit               []string
}

var disclosureTables = []disclosureTable{
	{"persons", "id IN {P}", "created_at", nil},
	{"dv_designations", "person_id IN {P}", "at", nil},
	{"duplicate_decisions", "person_a IN {P} OR person_b IN {P}", "created_at", nil},
	{"duplicate_candidates", "person_a IN {P} OR person_b IN {P}", "found_at", nil},
	{"person_aliases", "person_id IN {P}", "created_at", nil},
	{"person_former_names", "person_id IN {P}", "created_at", nil},
	{"juki_changes", "person_id IN {P}", "applied_at", nil},
	{"legal_holds", "(subject_type = 'person' AND subject_id IN {P}) OR (subject_type = 'case' AND subject_id IN {C})", "set_at", nil},
	{"liaison_referrals", "person_id IN {P} OR receiver_person_id IN {P}", "created_at", nil},
	{"households", "id IN {H}", "created_at", nil},
	{"household_members", "household_id IN {H}", "created_at", nil},
	{"person_relations", "from_person_id IN {P} OR to_person_id IN {P}", "created_at", nil},
	{"ecomap_ties", "household_id IN {H} AND (person_id = '' OR person_id IN {P})", "created_at", nil},
	{"cases", "id IN {C}", "received_on, created_at", nil},
	{"case_intake", "case_id IN {C}", "case_id", nil},
	{"case_status_history", "case_id IN {C}", "at", nil},
	{"case_team", "case_id IN {C}", "from_on, created_at", nil},
	{"case_events", "case_id IN {C}", "event_on, at", nil},
	{"yotaikyo_cases", "case_id IN {C}", "registered_on", nil},
	{"contacts", "case_id IN {C}", "at, created_at", nil},
	{"contact_history", "contact_id IN {X}", "edited_at", nil},
	{"info_provisions", "case_id IN {C}", "provided_on, created_at", nil},
	{"referrals", "case_id IN {C}", "created_at", nil},
	{"assessments", "case_id IN {C}", "revision", nil},
	{"plans", "case_id IN {C}", "revision", nil},
	{"plan_items", "case_id IN {C}", "plan_id, seq", nil},
	{"plan_evaluations", "case_id IN {C}", "evaluated_on, created_at", nil},
	// the minutes of a whole meeting cover every item, other persons' too
	{"meetings", "id IN {G}", "scheduled_at", []string{"minutes"}},
	{"meeting_items", "case_id IN {C}", "created_at", nil},
	{"consents", "person_id IN {P}", "given_on, created_at", nil},
	{"outreach_targets", "id IN {T}", "found_on, created_at", nil},
	{"outreach_target_history", "target_id IN {T}", "edited_at", nil},
	{"outreach_attempts", "target_id IN {T}", "at, created_at", nil},
	{"outreach_attempt_history", "attempt_id IN {A}", "edited_at", nil},
	{"outreach_stage_history", "target_id IN {T}", "at", nil},
	{"meeting_outreach_items", "target_id IN {T}", "created_at", nil},
	{"needs_profiles", "person_id IN {P}", "created_at", nil},
	{"participation_matches", "id IN {M}", "proposed_on, created_at", nil},
	{"participation_logs", "match_id IN {M}", "at, created_at", nil},
	{"break_glass", "person_id IN {P}", "granted_at", nil},
	{"disclosure_requests", "person_id IN {P}", "received_on, created_at", nil},
	{"rights_requests", "person_id IN {P}", "received_on, created_at", nil},
}

// DisclosureTables names the tables the bundle reads rows of, in order, and
// last the audit log (the events about those rows).
func DisclosureTables() []string {
	out := make([]string, 0, len(disclosureTables)+1)
	for _, t := range disclosureTables {
		out = append(out, t.name)
	}
	return append(out, "audit_events")
}

// DisclosureOmitted lists the columns the bundle never gives out, as
// "table.column".
func DisclosureOmitted() []string {
	var out []string
	for _, t := range disclosureTables {
		for _, c := range t.omit {
			out = append(out, t.name+"."+c)
		}
	}
	return out
}

// disclosureNoID stands for an empty set in IN (…): no stored id is "(none)".
const disclosureNoID = "(none)"

// disclosureExpand replaces the {X} sets of a condition by placeholders and returns
// the arguments in order.
func disclosureExpand(where string, sets map[string][]string) (string, []any) {
	var b strings.Builder
	var args []any
	for {
		i := strings.IndexByte(where, '{')
		if i < 0 {
			b.WriteString(where)
			return b.String(), args
		}
		j := strings.IndexByte(where[i:], '}') + i
		ids := sets[where[i+1:j]]
		if len(ids) == 0 {
			ids = []string{disclosureNoID}
		}
		b.WriteString(where[:i] + "(" + placeholders(len(ids)) + ")")
		for _, id := range ids {
			args = append(args, id)
		}
		where = where[j+1:]
	}
}

// DisclosureBundle reads everything kasane holds about personID for the 開示
// request requestID (privacy officer only; the request must be about that
// person). action is how the bundle is given out (view, print, export).
// The audit event, with the request number, is committed before anything
// is read (rule 8): if it cannot be written, nothing is read.
func (db *DB) DisclosureBundle(ctx context.Context, a casework.Actor, personID, requestID, action string) (DisclosureData, error) {
	var d DisclosureData
	if !casework.CanHandleDisclosure(a) {
		return d, forbidDisclosure()
	}
	if strings.TrimSpace(requestID) == "" {
		msg := "開示請求（請求番号・受付日・請求者）を記録してから作成してください。"
		return d, &casework.Error{Code: casework.EINVALID, Message: msg, Fields: map[string]string{"request_id": msg}}
	}
	switch action {
	case casework.ActView, casework.ActPrint, casework.ActExport:
	default:
		return d, fmt.Errorf("disclosure: action %q", action)
	}
	err := db.inTx(ctx, true, "開示請求", func(tx *Tx) error {
		r, err := tx.disclosureRequest(ctx, a.MunicipalityID, requestID)
		if err != nil {
			return err
		}
		if r.PersonID != personID {
			msg := "この開示請求は別の方についてのものです。"
			return &casework.Error{Code: casework.EINVALID, Message: msg, Fields: map[string]string{"request_id": msg}}
		}
		d.Request = r
		return tx.audit(ctx, a, auditRecord{Action: action, ObjectType: "disclosure", ObjectID: personID,
			Reason: "開示請求 " + r.Number + "（受付 " + r.ReceivedOn + "、請求者 " + r.RequesterRelation + "）"})
	})
	if err != nil {
		return DisclosureData{}, err
	}
	// the reads recorded until now belong to the audit trail of the bundle
	if err := db.flushJournal(ctx, a.MunicipalityID); err != nil {
		return DisclosureData{}, err
	}
	err = db.inSnapshot(ctx, "開示", func(tx *Tx) error { return tx.disclosureData(ctx, a, personID, &d) })
	if err != nil {
		return DisclosureData{}, err
	}
	return d, nil
}

func (t *Tx) disclosureData(ctx context.Context, a casework.Actor, personID string, d *DisclosureData) error {
	muni := a.MunicipalityID
	d.ProducedAt = t.now
	if err := t.queryRow(ctx, "SELECT name FROM municipalities WHERE id = ?", muni).Scan(&d.MunicipalityName); err != nil {
		return err
	}
	var err error
	if d.PersonIDs, err = t.disclosureGroup(ctx, muni, personID); err != nil {
		return err
	}
	sets := map[string][]string{"P": d.PersonIDs}
	// each set from the ones before it
	for _, s := range []struct{ name, q string }{
		{"H", "SELECT DISTINCT household_id FROM household_members WHERE municipality_id = ? AND person_id IN {P}"},
		{"C", "SELECT id FROM cases WHERE municipality_id = ? AND focus_person_id IN {P}"},
		{"X", "SELECT id FROM contacts WHERE municipality_id = ? AND case_id IN {C}"},
		{"T", "SELECT id FROM outreach_targets WHERE municipality_id = ? AND person_id IN {P}"},
		{"A", "SELECT id FROM outreach_attempts WHERE municipality_id = ? AND target_id IN {T}"},
		{"M", "SELECT id FROM participation_matches WHERE municipality_id = ? AND person_id IN {P}"},
		{"G", "SELECT DISTINCT meeting_id FROM meeting_items WHERE municipality_id = ? AND case_id IN {C}"},
		{"G", "SELECT DISTINCT meeting_id FROM meeting_outreach_items WHERE municipality_id = ? AND target_id IN {T}"},
	} {
		q, args := disclosureExpand(s.q, sets)
		ids, err := collect(ctx, t, scanString, q, append([]any{muni}, args...)...)
		if err != nil {
			return err
		}
		for _, id := range ids {
			if !disclosureHas(sets[s.name], id) {
				sets[s.name] = append(sets[s.name], id)
			}
		}
	}
	ids := map[string]bool{}
	for _, id := range d.PersonIDs {
		ids[id] = true
	}
	for _, tb := range disclosureTables {
		where, args := disclosureExpand(tb.where, sets)
		rows, err := t.disclosureRows(ctx, tb.name, "SELECT * FROM "+tb.name+" WHERE municipality_id = ? AND ("+where+") ORDER BY "+tb.order,
			append([]any{muni}, args...), tb.omit)
		if err != nil {
			return fmt.Errorf("%s: %w", tb.name, err)
		}
		for _, r := range rows {
			if id := r.Get("id"); id != "" {
				ids[id] = true
			}
		}
		d.Rows = append(d.Rows, rows...)
	}
	for _, k := range []string{"H", "C"} {
		for _, id := range sets[k] {
			ids[id] = true
		}
	}
	// the audit trail: every event about one of the rows, oldest first
	objs := make([]string, 0, len(ids))
	for id := range ids {
		objs = append(objs, id)
	}
	sort.Strings(objs)
	var events []DisclosureRow
	for start := 0; start < len(objs); start += 500 {
		chunk := objs[start:min(start+500, len(objs))]
		args := []any{muni}
		for _, o := range chunk {
			args = append(args, o)
		}
		rows, err := t.disclosureRows(ctx, "audit_events", "SELECT * FROM audit_events WHERE municipality_id = ? AND object_id IN ("+placeholders(len(chunk))+")", args, nil)
		if err != nil {
			return fmt.Errorf("audit_events: %w", err)
		}
		events = append(events, rows...)
	}
	sort.Slice(events, func(i, j int) bool {
		si, _ := strconv.ParseInt(events[i].Get("seq"), 10, 64)
		sj, _ := strconv.ParseInt(events[j].Get("seq"), 10, 64)
		return si < sj
	})
	d.Rows = append(d.Rows, events...)
	return t.disclosureNames(ctx, a, sets, d)
}

// disclosureNames loads the names the rows refer to, and what staff must
// check beside the bundle.
func (t *Tx) disclosureNames(ctx context.Context, a casework.Actor, sets map[string][]string, d *DisclosureData) error {
	muni := a.MunicipalityID
	var err error
	if d.OrgNames, err = t.orgNames(ctx, muni); err != nil {
		return err
	}
	d.UserNames = map[string]string{}
	users, err := collect(ctx, t, func(s scanner) ([2]string, error) {
		var u [2]string
		return u, s.Scan(&u[0], &u[1])
	}, "SELECT id, name FROM users WHERE municipality_id = ?", muni)
	if err != nil {
		return err
	}
	for _, u := range users {
		d.UserNames[u[0]] = u[1]
	}
	d.ProducedBy = d.UserNames[a.UserID]
	d.ProducedByOrg = d.OrgNames[a.OrganizationID]
	where, args := disclosureExpand("household_id IN {H} AND focus_person_id NOT IN {P}", sets)
	d.Related, err = collect(ctx, t, func(s scanner) (RelatedCase, error) {
		var r RelatedCase
		return r, s.Scan(&r.CaseID, &r.Number, &r.ReceivedOn, &r.FocusPersonID, &r.HouseholdID)
	}, "SELECT id, number, received_on, focus_person_id, household_id FROM cases WHERE municipality_id = ? AND "+where+" ORDER BY received_on", append([]any{muni}, args...)...)
	if err != nil {
		return err
	}
	where, args = disclosureExpand("id IN {G} AND minutes <> ''", sets)
	d.Minutes, err = collect(ctx, t, func(s scanner) (RelatedMinutes, error) {
		var m RelatedMinutes
		var at string
		err := s.Scan(&m.MeetingID, &m.Title, &m.Type, &at)
		m.ScheduledAt = parseTS(at)
		return m, err
	}, "SELECT id, title, type, scheduled_at FROM meetings WHERE municipality_id = ? AND "+where+" ORDER BY scheduled_at", append([]any{muni}, args...)...)
	if err != nil {
		return err
	}
	d.RefNames = map[string]string{}
	for _, q := range []string{"SELECT id, name FROM resources WHERE municipality_id = ?", "SELECT id, name FROM services WHERE municipality_id = ?"} {
		names, err := collect(ctx, t, func(s scanner) ([2]string, error) {
			var n [2]string
			return n, s.Scan(&n[0], &n[1])
		}, q, muni)
		if err != nil {
			return err
		}
		for _, n := range names {
			d.RefNames[n[0]] = n[1]
		}
	}
	// names of every person a row or a related case refers to
	refs := map[string]bool{}
	for _, r := range d.Rows {
		for _, c := range []string{"person_id", "focus_person_id", "from_person_id", "to_person_id", "person_a", "person_b"} {
			if v := r.Get(c); v != "" {
				refs[v] = true
			}
		}
	}
	for _, r := range d.Related {
		refs[r.FocusPersonID] = true
	}
	var list []string
	for id := range refs {
		list = append(list, id)
	}
	sort.Strings(list)
	d.Names = map[string]string{}
	for start := 0; start < len(list); start += 500 {
		chunk := list[start:min(start+500, len(list))]
		args := []any{muni}
		for _, id := range chunk {
			args = append(args, id)
		}
		ps, err := collect(ctx, t, func(s scanner) (casework.Person, error) {
			var p casework.Person
			var ident int
			err := s.Scan(&p.ID, &ident, &p.FamilyName, &p.GivenName, &p.Label)
			p.Identified = ident == 1
			return p, err
		}, "SELECT id, identified, family_name, given_name, label FROM persons WHERE municipality_id = ? AND id IN ("+placeholders(len(chunk))+")", args...)
		if err != nil {
			return err
		}
		for _, p := range ps {
			d.Names[p.ID] = p.DisplayName()
		}
	}
	return nil
}

// disclosureRows reads rows whole, every column as text, leaving out omit.
func (t *Tx) disclosureRows(ctx context.Context, table, q string, args []any, omit []string) ([]DisclosureRow, error) {
	rows, err := t.query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return nil, err
	}
	var keep []string
	for _, c := range cols {
		if !disclosureHas(omit, c) {
			keep = append(keep, c)
		}
	}
	var out []DisclosureRow
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return nil, err
		}
		r := DisclosureRow{Table: table, Cols: keep, Values: map[string]string{}}
		for i, c := range cols {
			if !disclosureHas(omit, c) {
				r.Values[c] = disclosureText(vals[i])
			}
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// disclosureText is a stored value as text, whatever the driver gave.
func disclosureText(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case []byte:
		return string(x)
	case int64:
		return strconv.FormatInt(x, 10)
	case int32:
		return strconv.FormatInt(int64(x), 10)
	case int:
		return strconv.Itoa(x)
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case bool:
		if x {
			return "1"
		}
		return "0"
	case time.Time:
		return ts(x)
	}
	return fmt.Sprint(v)
}

func disclosureHas(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}
