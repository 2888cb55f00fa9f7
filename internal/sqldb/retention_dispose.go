package sqldb

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"kasane/internal/casework"
	"kasane/internal/retention"
)

// Disposal (issue 23) carries out an approved decision. Records are
// anonymized, not deleted (retention.MethodAnonymize): the steps below empty
// every free-text column of the records and delete their edit histories;
// the rows, with their codes, dates and links, stay, so the annual report
// of every year gives the same totals after a disposal. A person is
// anonymized once nothing of theirs is still kept (no live case, consent,
// outreach target, household of a live case or open participation), and a
// household once no live case uses it and every member is anonymized. The
// audit log is deleted under its own rule (audit_retention.go).
//
// TestRetentionColumnsClassified checks that every column of these tables
// is either wiped here or kept on purpose (retentionKept), and that every
// table holding a person's or a case's data is reached: a column added
// later must be classified before the tests pass.

// disposedLabel replaces the name of an anonymized person, household or
// outreach target.
const disposedLabel = "（廃棄済み）"

// wipeStep empties columns (set: a column name, or "col = value") or
// deletes rows (del) of one table; where selects the rows with {ids}
// standing for the selection of the records disposed of.
type wipeStep struct {
	table string
	where string
	set   []string
	del   bool
}

var caseSteps = []wipeStep{
	{"cases", "id IN ({ids})", []string{"complaint"}, false},
	{"contacts", "case_id IN ({ids})", []string{"content", "counterpart"}, false},
	{"contact_history", "contact_id IN (SELECT id FROM contacts WHERE case_id IN ({ids}))", nil, true},
	{"case_status_history", "case_id IN ({ids})", []string{"reason"}, false},
	{"case_intake", "case_id IN ({ids})", []string{"visitor_name", "visitor_relation", "visitor_phone", "contact_hours", "urgency_reason"}, false},
	{"referrals", "case_id IN ({ids})", []string{"reason", "decline_reason"}, false},
	{"info_provisions", "case_id IN ({ids})", []string{"note"}, false},
	{"assessments", "case_id IN ({ids})", []string{"household", "history", "health", "finances", "work", "housing", "relations", "children",
		"capacity", "issues", "strengths", "direction"}, false},
	{"plans", "case_id IN ({ids})", []string{"person_wish", "long_goal", "short_goals"}, false},
	{"plan_items", "case_id IN ({ids})", []string{"content", "person_part"}, false},
	{"plan_evaluations", "case_id IN ({ids})", []string{"goals", "summary"}, false},
	{"meeting_items", "case_id IN ({ids})", []string{"situation", "decisions", "role_split", "key_person"}, false},
	{"liaison_referrals", "case_id IN ({ids})", []string{"concern", "decline_reason"}, false},
}

var consentSteps = []wipeStep{
	{"consents", "id IN ({ids})", []string{"withdraw_reason"}, false},
}

var meetingSteps = []wipeStep{
	{"meetings", "id IN ({ids})", []string{"title", "place", "minutes"}, false},
	{"meeting_attendees", "meeting_id IN ({ids})", []string{"name"}, false},
	{"meeting_items", "meeting_id IN ({ids})", []string{"situation", "decisions", "role_split", "key_person"}, false},
	{"meeting_outreach_items", "meeting_id IN ({ids})", []string{"situation", "decisions"}, false},
	{"meeting_minutes_history", "meeting_id IN ({ids})", nil, true},
}

var outreachSteps = []wipeStep{
	{"outreach_targets", "id IN ({ids})", []string{"label = '" + disposedLabel + "'", "concern"}, false},
	{"outreach_attempts", "target_id IN ({ids})", []string{"note"}, false},
	{"outreach_attempt_history", "attempt_id IN (SELECT id FROM outreach_attempts WHERE target_id IN ({ids}))", nil, true},
	{"outreach_target_history", "target_id IN ({ids})", nil, true},
	{"outreach_stage_history", "target_id IN ({ids})", []string{"reason"}, false},
	{"meeting_outreach_items", "target_id IN ({ids})", []string{"situation", "decisions"}, false},
}

var personSteps = []wipeStep{
	{"persons", "id IN ({ids})", []string{"identified = 0", "label = '" + disposedLabel + "'", "family_name", "given_name", "family_kana", "given_kana",
		"alias", "maiden_name", "birth_date", "birth_precision = 'unknown'", "reg_postal_code", "reg_prefecture", "reg_city", "reg_street",
		"act_postal_code", "act_prefecture", "act_city", "act_street", "phone", "phone2", "dv_protected = 0", "deceased_on", "name_key", "kana_key",
		"atena_no", "resident_status", "resident_status_on"}, false},
	{"person_aliases", "person_id IN ({ids})", nil, true},
	{"person_former_names", "person_id IN ({ids})", nil, true},
	{"juki_changes", "person_id IN ({ids})", nil, true},
	{"liaison_referrals", "person_id IN ({ids}) OR receiver_person_id IN ({ids})", []string{"concern", "decline_reason"}, false},
	{"person_relations", "from_person_id IN ({ids}) OR to_person_id IN ({ids})", nil, true},
	{"needs_profiles", "person_id IN ({ids})", nil, true},
	{"participation_matches", "person_id IN ({ids})", []string{"end_reason"}, false},
	{"participation_logs", "match_id IN (SELECT id FROM participation_matches WHERE person_id IN ({ids}))", []string{"note"}, false},
	{"break_glass", "person_id IN ({ids})", []string{"reason"}, false},
	{"dv_designations", "person_id IN ({ids})", []string{"reason"}, false},
	{"duplicate_decisions", "person_a IN ({ids}) OR person_b IN ({ids})", []string{"note"}, false},
	{"duplicate_candidates", "person_a IN ({ids}) OR person_b IN ({ids})", nil, true},
	{"ecomap_ties", "person_id IN ({ids})", []string{"name", "note"}, false},
}

var householdSteps = []wipeStep{
	{"households", "id IN ({ids})", []string{"label = '" + disposedLabel + "'"}, false},
	{"ecomap_ties", "household_id IN ({ids})", []string{"name", "note"}, false},
}

// recordSteps are the steps and the table holding the records of a type.
var recordSteps = map[string]struct {
	table string
	steps []wipeStep
}{
	retention.TypeCase:     {"cases", caseSteps},
	retention.TypeConsent:  {"consents", consentSteps},
	retention.TypeMeeting:  {"meetings", meetingSteps},
	retention.TypeOutreach: {"outreach_targets", outreachSteps},
}

// run applies the steps with sel (a subquery or a list of placeholders)
// and its arguments in place of {ids}, adding rows touched to details.
func (t *Tx) runSteps(ctx context.Context, steps []wipeStep, sel string, args []any, details map[string]int) error {
	for _, s := range steps {
		n := strings.Count(s.where, "{ids}")
		where := strings.ReplaceAll(s.where, "{ids}", sel)
		var all []any
		for range n {
			all = append(all, args...)
		}
		q := "DELETE FROM " + s.table + " WHERE " + where
		if !s.del {
			var set []string
			for _, c := range s.set {
				if !strings.Contains(c, "=") {
					c += " = ''"
				}
				set = append(set, c)
			}
			q = "UPDATE " + s.table + " SET " + strings.Join(set, ", ") + " WHERE " + where
		}
		res, err := t.exec(ctx, q, all...)
		if err != nil {
			return fmt.Errorf("disposal %s: %w", s.table, err)
		}
		if k, _ := res.RowsAffected(); k > 0 {
			details[s.table] += int(k)
		}
	}
	return nil
}

// Dispose carries out an approved decision, after checking again that
// every record is still past its period and that no hold stops it (a hold
// set since the approval refuses the whole disposal). Audited.
func (db *DB) Dispose(ctx context.Context, a casework.Actor, id string, version int) (retention.Decision, error) {
	var d retention.Decision
	if err := retention.CheckView(a); err != nil {
		return d, err
	}
	err := db.inTx(ctx, true, "廃棄", func(tx *Tx) error {
		var err error
		if d, err = tx.decision(ctx, a.MunicipalityID, id); err != nil {
			return err
		}
		if version != 0 && d.Version != version {
			return casework.Errorf(casework.ECONFLICT, "ほかの職員が先にこの廃棄の決定を変更しました。画面を開き直して確かめてください。")
		}
		if err := retention.CheckDispose(a, d); err != nil {
			return err
		}
		details := map[string]int{}
		if d.RecordType == retention.TypeAudit {
			if err := tx.checkAuditDisposal(ctx, a.MunicipalityID, d); err != nil {
				return err
			}
			n, err := tx.purgeAuditBefore(ctx, a.MunicipalityID, d.Cutoff, a, "廃棄の決定 "+d.ID)
			if err != nil {
				return err
			}
			details["audit_events"], d.DisposedCount = int(n), int(n)
		} else {
			if err := tx.checkDisposal(ctx, a.MunicipalityID, d); err != nil {
				return err
			}
			if d.DisposedCount, d.Persons, err = tx.anonymize(ctx, a.MunicipalityID, d, details); err != nil {
				return err
			}
		}
		d.Status, d.DisposedBy, d.DisposedByName, d.DisposedAt, d.Details = retention.StatusDisposed, a.UserID, tx.userName(ctx, a.MunicipalityID, a.UserID), tx.now, details
		b, _ := json.Marshal(details)
		if err := tx.execOne(ctx, casework.Errorf(casework.ECONFLICT, "ほかの職員が先にこの廃棄の決定を変更しました。"),
			`UPDATE retention_decisions SET status = ?, disposed_by = ?, disposed_by_name = ?, disposed_at = ?, disposed_count = ?, persons_anonymized = ?,
			details = ?, version = version + 1 WHERE id = ? AND version = ?`,
			d.Status, d.DisposedBy, d.DisposedByName, ts(tx.now), d.DisposedCount, d.Persons, string(b), d.ID, d.Version); err != nil {
			return err
		}
		d.Version++
		d.SetLabels()
		return tx.audit(ctx, a, auditRecord{Action: retention.ActDispose, ObjectType: "retention_decision", ObjectID: d.ID,
			Reason: fmt.Sprintf("%s %d件（%s）本人の匿名化 %d人", d.RecordLabel, d.DisposedCount, retention.Methods.Label(d.Method), d.Persons)})
	})
	if err == nil && d.Persons > 0 {
		db.NameIndexSnapshotStale() // the anonymized names leave the snapshot at its next writing
	}
	return d, err
}

// checkDisposal refuses a disposal when any record of the decision is no
// longer past its period (reopened, period lengthened), is held, or was
// disposed of otherwise.
func (t *Tx) checkDisposal(ctx context.Context, muni string, d retention.Decision) error {
	l, err := t.retentionDue(ctx, muni, d.RecordType, 0, 0)
	if err != nil {
		return err
	}
	due := make(map[string]DueRecord, len(l.Items))
	for _, r := range l.Items {
		due[r.ID] = r
	}
	ids, err := collect(ctx, t, scanString, "SELECT record_id FROM retention_decision_items WHERE decision_id = ?", d.ID)
	if err != nil {
		return err
	}
	held, notDue, other := 0, 0, 0
	for _, id := range ids {
		r, ok := due[id]
		switch {
		case !ok:
			notDue++
		case len(r.Held) > 0:
			held++
		case r.DecisionID != d.ID:
			other++
		}
	}
	if held+notDue+other == 0 {
		return nil
	}
	var why []string
	if held > 0 {
		why = append(why, fmt.Sprintf("廃棄の保留（訴訟・開示請求・監査）中 %d件", held))
	}
	if notDue > 0 {
		why = append(why, fmt.Sprintf("保存期間内に戻った・廃棄済み %d件", notDue))
	}
	if other > 0 {
		why = append(why, fmt.Sprintf("ほかの決定に含まれる %d件", other))
	}
	return casework.Errorf(casework.EINVALID, "この廃棄は実行できません（%s）。保留が解除されるまで待つか、この決定を却下して改めて起案してください。", strings.Join(why, "、"))
}

// checkAuditDisposal: the audit log is still past its period up to the
// decision's cutoff, and no event before it is about a held person or case.
func (t *Tx) checkAuditDisposal(ctx context.Context, muni string, d retention.Decision) error {
	ps, err := t.retentionPolicies(ctx, muni)
	if err != nil {
		return err
	}
	p := ps[retention.TypeAudit]
	if p.Permanent || ts(retention.AuditCutoff(t.now, p.Years)) < d.Cutoff {
		return casework.Errorf(casework.EINVALID, "監査ログの保存年限が変わったため、この廃棄は実行できません。決定を却下して改めて起案してください。")
	}
	h, err := t.activeHolds(ctx, muni)
	if err != nil {
		return err
	}
	if n, err := t.auditHeld(ctx, muni, d.Cutoff, h); err != nil {
		return err
	} else if n > 0 {
		return casework.Errorf(casework.EINVALID, "廃棄の保留（訴訟・開示請求・監査）中の本人またはケースの監査ログ %d件が含まれるため、この廃棄は実行できません。", n)
	}
	return nil
}

// anonymize wipes the records of the decision, marks them disposed of and
// anonymizes the persons and households nothing else keeps. It returns the
// records disposed of and the persons anonymized.
func (t *Tx) anonymize(ctx context.Context, muni string, d retention.Decision, details map[string]int) (int, int, error) {
	rs, ok := recordSteps[d.RecordType]
	if !ok {
		return 0, 0, fmt.Errorf("retention: no steps for %s", d.RecordType)
	}
	sel := "SELECT record_id FROM retention_decision_items WHERE decision_id = ?"
	// the persons and households the records name, read before the wipe
	var candQ, hhQ string
	switch d.RecordType {
	case retention.TypeCase:
		candQ = "SELECT focus_person_id FROM cases WHERE id IN (" + sel + ") UNION SELECT m.person_id FROM household_members m JOIN cases c ON c.household_id = m.household_id WHERE c.id IN (" + sel + ")"
		hhQ = "SELECT household_id FROM cases WHERE household_id <> '' AND id IN (" + sel + ")"
	case retention.TypeConsent:
		candQ = "SELECT person_id FROM consents WHERE id IN (" + sel + ")"
	case retention.TypeOutreach:
		candQ = "SELECT person_id FROM outreach_targets WHERE person_id <> '' AND id IN (" + sel + ")"
	}
	var cands, households []string
	var err error
	if candQ != "" {
		if cands, err = collect(ctx, t, scanString, candQ, repeatArg(d.ID, strings.Count(candQ, "?"))...); err != nil {
			return 0, 0, err
		}
	}
	if hhQ != "" {
		if households, err = collect(ctx, t, scanString, hhQ, d.ID); err != nil {
			return 0, 0, err
		}
	}
	if err := t.runSteps(ctx, rs.steps, sel, []any{d.ID}, details); err != nil {
		return 0, 0, err
	}
	res, err := t.exec(ctx, "UPDATE "+rs.table+" SET disposed_at = ? WHERE disposed_at = '' AND id IN ("+sel+")", ts(t.now), d.ID)
	if err != nil {
		return 0, 0, err
	}
	n, _ := res.RowsAffected()
	persons, err := t.anonymizePersons(ctx, muni, cands, details)
	if err != nil {
		return 0, 0, err
	}
	for _, p := range persons {
		hs, err := collect(ctx, t, scanString, "SELECT household_id FROM household_members WHERE person_id = ?", p)
		if err != nil {
			return 0, 0, err
		}
		households = append(households, hs...)
	}
	if err := t.anonymizeHouseholds(ctx, muni, households, details); err != nil {
		return 0, 0, err
	}
	return int(n), len(persons), nil
}

func repeatArg(v any, n int) []any {
	out := make([]any, n)
	for i := range out {
		out[i] = v
	}
	return out
}

// liveChecks: a person is still kept while any of these holds.
const personLive = ` AND NOT EXISTS (SELECT 1 FROM cases c WHERE c.focus_person_id = p.id AND c.disposed_at = '')
	AND NOT EXISTS (SELECT 1 FROM consents x WHERE x.person_id = p.id AND x.disposed_at = '')
	AND NOT EXISTS (SELECT 1 FROM outreach_targets o WHERE o.person_id = p.id AND o.disposed_at = '')
	AND NOT EXISTS (SELECT 1 FROM household_members m JOIN cases c ON c.household_id = m.household_id WHERE m.person_id = p.id AND c.disposed_at = '')
	AND NOT EXISTS (SELECT 1 FROM participation_matches pm WHERE pm.person_id = p.id AND pm.status <> 'ended')`

// anonymizePersons anonymizes the candidates nothing keeps any more and no
// hold names, after keeping each of their cases' age band at intake.
func (t *Tx) anonymizePersons(ctx context.Context, muni string, cands []string, details map[string]int) ([]string, error) {
	h, err := t.activeHolds(ctx, muni)
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	var out []string
	for start := 0; start < len(cands); start += 500 {
		chunk := cands[start:min(start+500, len(cands))]
		args := []any{muni}
		for _, c := range chunk {
			args = append(args, c)
		}
		ids, err := collect(ctx, t, scanString, "SELECT p.id FROM persons p WHERE "+t.dialect.noIndex("p.municipality_id")+" = ? AND p.disposed_at = '' AND p.id IN ("+
			placeholders(len(chunk))+")"+personLive, args...)
		if err != nil {
			return nil, err
		}
		var take []any
		for _, id := range ids {
			if !seen[id] && len(h.persons[id]) == 0 {
				seen[id] = true
				out = append(out, id)
				take = append(take, id)
			}
		}
		if len(take) == 0 {
			continue
		}
		if err := t.keepAgeBands(ctx, take); err != nil {
			return nil, err
		}
		list := placeholders(len(take))
		if err := t.runSteps(ctx, personSteps, list, take, details); err != nil {
			return nil, err
		}
		if _, err := t.exec(ctx, "UPDATE persons SET disposed_at = ?, updated_at = ?, version = version + 1 WHERE id IN ("+list+")",
			append([]any{ts(t.now), ts(t.now)}, take...)...); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// keepAgeBands stores, on every case of the persons, the age band at
// intake the annual report's breakdown counts (report_breakdowns.go), since
// the birth date goes with the person.
func (t *Tx) keepAgeBands(ctx context.Context, persons []any) error {
	type row struct{ id, band string }
	rows, err := collect(ctx, t, func(s scanner) (row, error) {
		var r row
		var received, birth string
		err := s.Scan(&r.id, &received, &birth)
		r.band = ageBandOn(birth, received)
		return r, err
	}, "SELECT c.id, c.received_on, p.birth_date FROM cases c JOIN persons p ON p.id = c.focus_person_id WHERE c.focus_age_band = '' AND c.focus_person_id IN ("+
		placeholders(len(persons))+")", persons...)
	if err != nil {
		return err
	}
	byBand := map[string][]any{}
	for _, r := range rows {
		byBand[r.band] = append(byBand[r.band], r.id)
	}
	for band, ids := range byBand {
		if _, err := t.exec(ctx, "UPDATE cases SET focus_age_band = ? WHERE id IN ("+placeholders(len(ids))+")", append([]any{band}, ids...)...); err != nil {
			return err
		}
	}
	return nil
}

// anonymizeHouseholds wipes the households no live case uses whose members
// are all anonymized.
func (t *Tx) anonymizeHouseholds(ctx context.Context, muni string, hs []string, details map[string]int) error {
	seen := map[string]bool{}
	var take []any
	for _, h := range hs {
		if seen[h] || h == "" {
			continue
		}
		seen[h] = true
		var live int
		if err := t.queryRow(ctx, `SELECT (SELECT COUNT(*) FROM cases WHERE household_id = ? AND disposed_at = '')
			+ (SELECT COUNT(*) FROM household_members m JOIN persons p ON p.id = m.person_id WHERE m.household_id = ? AND p.disposed_at = '')
			+ (SELECT COUNT(*) FROM households WHERE id = ? AND (municipality_id <> ? OR label = ?))`, h, h, h, muni, disposedLabel).Scan(&live); err != nil {
			return err
		}
		if live == 0 {
			take = append(take, h)
		}
	}
	if len(take) == 0 {
		return nil
	}
	return t.runSteps(ctx, householdSteps, placeholders(len(take)), take, details)
}
