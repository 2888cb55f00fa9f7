package sqldb

import (
	"context"
	"fmt"
	"strings"
	"time"

	"kasane/internal/casework"
)

// AuditEntry is an audit event as the privacy officer reads it: the staff
// member's name and organization, Japanese labels and, for an event about a
// person or a case, the person's name or the case number — only when the
// reader may see that person or case under the access rules
// (casework.CanSeePerson, casework.CanReadCase); otherwise SubjectHidden.
type AuditEntry struct {
	casework.AuditEvent
	ActorName       string       `json:"actor_name"`
	ActorOrgName    string       `json:"actor_organization_name"`
	ActionLabel     string       `json:"action_label"`
	ObjectTypeLabel string       `json:"object_type_label"`
	Subject         string       `json:"subject,omitempty"`
	SubjectHidden   bool         `json:"subject_hidden,omitempty"`
	Review          *AuditReview `json:"review,omitempty"`
}

// AuditReview is the 確認済み mark of a flagged event.
type AuditReview struct {
	EventID      string    `json:"event_id"`
	ReviewerID   string    `json:"reviewer_id"`
	ReviewerName string    `json:"reviewer_name"`
	At           time.Time `json:"reviewed_at"`
	Note         string    `json:"note"`
}

// AuditStaff is a staff member offered in the audit page's filter.
type AuditStaff struct {
	ID, Name, OrgID string
}

// AuditLog is one page of the log, newest first. Newer and Older are the
// keys of the neighbouring pages (0 when there is none).
type AuditLog struct {
	Events       []AuditEntry
	Newer, Older int64
	Staff        []AuditStaff
	Orgs         []AuditStaff // ID and Name
}

// AuditExportMax is the most rows one CSV export of the log holds.
const AuditExportMax = 50000

// AuditLogPage reads one page of the filtered log (rule 7: the privacy
// officer only); the read is itself audited.
func (db *DB) AuditLogPage(ctx context.Context, a casework.Actor, f AuditFilter) (AuditLog, error) {
	if f.Limit <= 0 || f.Limit > 1000 {
		f.Limit = 200
	}
	return db.auditLog(ctx, a, f, casework.ActView)
}

// AuditLogExport reads every event of the filter (up to AuditExportMax)
// for a CSV file; the export is audited as an export of the log, with the
// filter as its reason, before the rows are returned.
func (db *DB) AuditLogExport(ctx context.Context, a casework.Actor, f AuditFilter) (AuditLog, error) {
	f.Limit, f.Before, f.After = AuditExportMax, 0, 0
	return db.auditLog(ctx, a, f, casework.ActExport)
}

// AuditEvents lists events newest first (the raw chain fields).
func (db *DB) AuditEvents(ctx context.Context, a casework.Actor, f AuditFilter) ([]casework.AuditEvent, error) {
	l, err := db.AuditLogPage(ctx, a, f)
	if err != nil {
		return nil, err
	}
	out := make([]casework.AuditEvent, len(l.Events))
	for i, e := range l.Events {
		out[i] = e.AuditEvent
	}
	return out, nil
}

// where builds the filter's conditions.
func (f AuditFilter) where(muni string) (string, []any) {
	q := " WHERE municipality_id = ?"
	args := []any{muni}
	add := func(cond string, a ...any) { q += " AND " + cond; args = append(args, a...) }
	if f.ObjectID != "" {
		add("object_id = ?", f.ObjectID)
	}
	if f.PersonID != "" {
		add("object_id = ?", f.PersonID)
	}
	if f.CaseID != "" {
		add("(object_id = ? OR object_id IN (SELECT id FROM cases WHERE municipality_id = ? AND number = ?))", f.CaseID, muni, f.CaseID)
	}
	if f.ActorID != "" {
		add("actor_id = ?", f.ActorID)
	}
	if f.OrgID != "" {
		add("actor_org_id = ?", f.OrgID)
	}
	if f.Action != "" {
		add("action = ?", f.Action)
	}
	if f.Flagged || f.Unreviewed {
		add("flagged = 1")
	}
	if f.Unreviewed {
		add("NOT EXISTS (SELECT 1 FROM audit_reviews r WHERE r.municipality_id = audit_events.municipality_id AND r.event_id = audit_events.id)")
	}
	if !f.From.IsZero() {
		add("at >= ?", ts(f.From))
	}
	if !f.To.IsZero() {
		add("at < ?", ts(f.To))
	}
	return q, args
}

// describe is the filter in words, the reason of an export event.
func (f AuditFilter) describe() string {
	var parts []string
	for _, p := range [][2]string{{"職員", f.ActorID}, {"機関", f.OrgID}, {"本人", f.PersonID}, {"ケース", f.CaseID},
		{"対象", f.ObjectID}, {"操作", f.Action}} {
		if p[1] != "" {
			parts = append(parts, p[0]+"="+p[1])
		}
	}
	if !f.From.IsZero() {
		parts = append(parts, "開始="+f.From.In(casework.JST).Format("2006-01-02"))
	}
	if !f.To.IsZero() {
		parts = append(parts, "終了="+f.To.In(casework.JST).AddDate(0, 0, -1).Format("2006-01-02"))
	}
	if f.Unreviewed {
		parts = append(parts, "未確認のみ")
	} else if f.Flagged {
		parts = append(parts, "要確認のみ")
	}
	if len(parts) == 0 {
		return "条件なし"
	}
	return strings.Join(parts, " ")
}

func (db *DB) auditLog(ctx context.Context, a casework.Actor, f AuditFilter, act string) (AuditLog, error) {
	var l AuditLog
	if !casework.CanReadAudit(a) {
		return l, casework.Errorf(casework.EFORBIDDEN, "監査ログを閲覧する権限がありません。")
	}
	if err := db.flushJournal(ctx, a.MunicipalityID); err != nil {
		return l, err
	}
	err := db.inTx(ctx, true, "監査ログ", func(tx *Tx) error {
		l = AuditLog{}
		where, args := f.where(a.MunicipalityID)
		q := `SELECT seq, id, at, actor_id, actor_org_id, action, object_type, object_id, reason, flagged, address, prev_hash, hash
			FROM audit_events` + where
		order := " ORDER BY seq DESC"
		switch {
		case f.After > 0:
			q += " AND seq > ?"
			args = append(args, f.After)
			order = " ORDER BY seq ASC"
		case f.Before > 0:
			q += " AND seq < ?"
			args = append(args, f.Before)
		}
		evs, err := collect(ctx, tx, func(s scanner) (casework.AuditEvent, error) {
			var e casework.AuditEvent
			var at string
			var flagged int
			err := s.Scan(&e.Seq, &e.ID, &at, &e.ActorID, &e.ActorOrgID, &e.Action, &e.ObjectType, &e.ObjectID, &e.Reason, &flagged, &e.Address, &e.PrevHash, &e.Hash)
			e.At, e.Flagged, e.MunicipalityID = parseTS(at), flagged == 1, a.MunicipalityID
			return e, err
		}, q+order+fmt.Sprintf(" LIMIT %d", f.Limit+1), args...)
		if err != nil {
			return err
		}
		more := len(evs) > f.Limit
		if more {
			evs = evs[:f.Limit]
		}
		if f.After > 0 { // read upwards; show newest first
			for i, j := 0, len(evs)-1; i < j; i, j = i+1, j-1 {
				evs[i], evs[j] = evs[j], evs[i]
			}
		}
		if len(evs) > 0 && act == casework.ActView {
			where, wargs := f.where(a.MunicipalityID)
			exists := func(cond string, seq int64) (bool, error) {
				var n int
				err := tx.queryRow(ctx, "SELECT COUNT(*) FROM (SELECT 1 FROM audit_events"+where+" AND "+cond+" LIMIT 1) x", append(wargs, seq)...).Scan(&n)
				return n > 0, err
			}
			first, last := evs[0].Seq, evs[len(evs)-1].Seq
			newer, older := more && f.After > 0, more && f.After == 0
			if !newer {
				if newer, err = exists("seq > ?", first); err != nil {
					return err
				}
			}
			if !older {
				if older, err = exists("seq < ?", last); err != nil {
					return err
				}
			}
			if newer {
				l.Newer = first
			}
			if older {
				l.Older = last
			}
		}
		if l.Staff, l.Orgs, err = tx.auditPeople(ctx, a.MunicipalityID); err != nil {
			return err
		}
		if l.Events, err = tx.auditEntries(ctx, a, evs, l.Staff, l.Orgs); err != nil {
			return err
		}
		rec := auditRecord{Action: act, ObjectType: "audit_log", ObjectID: f.ObjectID}
		if act == casework.ActExport {
			rec.Reason = fmt.Sprintf("%s（%d件）", f.describe(), len(l.Events))
		}
		return tx.audit(ctx, a, rec)
	})
	return l, err
}

// auditPeople lists the municipality's staff and organizations for names
// and for the filters (names of staff and agencies, no resident data).
func (t *Tx) auditPeople(ctx context.Context, muni string) ([]AuditStaff, []AuditStaff, error) {
	staff, err := collect(ctx, t, func(s scanner) (AuditStaff, error) {
		var u AuditStaff
		return u, s.Scan(&u.ID, &u.Name, &u.OrgID)
	}, "SELECT id, name, organization_id FROM users WHERE municipality_id = ? ORDER BY name, id", muni)
	if err != nil {
		return nil, nil, err
	}
	orgs, err := collect(ctx, t, func(s scanner) (AuditStaff, error) {
		var o AuditStaff
		return o, s.Scan(&o.ID, &o.Name)
	}, "SELECT id, name FROM organizations WHERE municipality_id = ? ORDER BY name, id", muni)
	return staff, orgs, err
}

// auditEntries adds names, labels, subjects and reviews to events.
func (t *Tx) auditEntries(ctx context.Context, a casework.Actor, evs []casework.AuditEvent, staff, orgs []AuditStaff) ([]AuditEntry, error) {
	out := make([]AuditEntry, len(evs))
	if len(evs) == 0 {
		return out, nil
	}
	users := map[string]string{}
	for _, u := range staff {
		users[u.ID] = u.Name
	}
	orgName := map[string]string{}
	for _, o := range orgs {
		orgName[o.ID] = o.Name
	}
	var personIDs, caseIDs, flaggedIDs []any
	seen := map[string]bool{}
	for _, e := range evs {
		if seen[e.ObjectType+e.ObjectID] || e.ObjectID == "" {
			continue
		}
		seen[e.ObjectType+e.ObjectID] = true
		switch subjectKind(e.ObjectType) {
		case "person":
			personIDs = append(personIDs, e.ObjectID)
		case "case":
			caseIDs = append(caseIDs, e.ObjectID)
		}
	}
	for _, e := range evs {
		if e.Flagged {
			flaggedIDs = append(flaggedIDs, e.ID)
		}
	}
	day := casework.Today(t.now)
	persons := map[string]string{}
	for start := 0; start < len(personIDs); start += factsBatch {
		chunk := personIDs[start:min(start+factsBatch, len(personIDs))]
		ps, err := collect(ctx, t, scanPerson, "SELECT "+personCols+" FROM persons WHERE municipality_id = ? AND id IN ("+placeholders(len(chunk))+")",
			append([]any{a.MunicipalityID}, chunk...)...)
		if err != nil {
			return nil, err
		}
		refs := make([]personRef, len(ps))
		for i, p := range ps {
			refs[i] = refOf(p)
		}
		facts, err := t.personsFacts(ctx, a.MunicipalityID, refs)
		if err != nil {
			return nil, err
		}
		for _, p := range ps {
			if casework.CanSeePerson(a, facts[p.ID], day) {
				persons[p.ID] = p.DisplayName()
			}
		}
	}
	cases := map[string]string{}
	for start := 0; start < len(caseIDs); start += factsBatch {
		chunk := caseIDs[start:min(start+factsBatch, len(caseIDs))]
		cs, err := collect(ctx, t, scanCase, "SELECT "+caseCols+" FROM cases WHERE municipality_id = ? AND id IN ("+placeholders(len(chunk))+")",
			append([]any{a.MunicipalityID}, chunk...)...)
		if err != nil {
			return nil, err
		}
		facts, err := t.casesFacts(ctx, a.MunicipalityID, cs)
		if err != nil {
			return nil, err
		}
		for i, c := range cs {
			if casework.CanReadCase(a, facts[i], day) {
				cases[c.ID] = c.Number
			}
		}
	}
	reviews := map[string]*AuditReview{}
	for start := 0; start < len(flaggedIDs); start += factsBatch {
		chunk := flaggedIDs[start:min(start+factsBatch, len(flaggedIDs))]
		rows, err := collect(ctx, t, func(s scanner) ([2]any, error) {
			var id, at string
			var r AuditReview
			err := s.Scan(&id, &r.ReviewerID, &at, &r.Note)
			r.EventID = id
			r.At, r.ReviewerName = parseTS(at), users[r.ReviewerID]
			return [2]any{id, &r}, err
		}, "SELECT event_id, reviewed_by, reviewed_at, note FROM audit_reviews WHERE municipality_id = ? AND event_id IN ("+placeholders(len(chunk))+")",
			append([]any{a.MunicipalityID}, chunk...)...)
		if err != nil {
			return nil, err
		}
		for _, r := range rows {
			reviews[r[0].(string)] = r[1].(*AuditReview)
		}
	}
	for i, e := range evs {
		en := AuditEntry{AuditEvent: e, ActorName: users[e.ActorID], ActorOrgName: orgName[e.ActorOrgID],
			ActionLabel: casework.AuditActionLabel(e.Action), ObjectTypeLabel: casework.AuditObjectLabels.Label(e.ObjectType),
			Review: reviews[e.ID]}
		if e.ObjectID != "" {
			if e.ObjectType == "user" || e.ObjectType == "user_roles" || e.ObjectType == "user_disabled" {
				en.Subject = users[e.ObjectID] // staff, not residents
			}
			switch subjectKind(e.ObjectType) {
			case "person":
				en.Subject = persons[e.ObjectID]
				en.SubjectHidden = en.Subject == ""
			case "case":
				en.Subject = cases[e.ObjectID]
				en.SubjectHidden = en.Subject == ""
			}
		}
		out[i] = en
	}
	return out, nil
}

// subjectKind says whether an event's object id names a person or a case.
func subjectKind(objectType string) string {
	switch objectType {
	case "person", "person_dv", "person_duplicates", "person_links":
		return "person"
	case "case", "case_events":
		return "case"
	}
	return ""
}

// ReviewFlagged marks a flagged event 確認済み with a note (the privacy
// officer only). The event itself is never changed (the hash chain); the
// mark is stored apart and the review is written to the chain.
func (db *DB) ReviewFlagged(ctx context.Context, a casework.Actor, eventID, note string) (AuditReview, error) {
	var rv AuditReview
	if !casework.CanReadAudit(a) {
		return rv, casework.Errorf(casework.EFORBIDDEN, "確認済みにできるのは個人情報保護担当だけです。")
	}
	note = strings.TrimSpace(note)
	if len([]rune(note)) > 1000 {
		msg := "確認のメモは1000文字以内で入力してください。"
		return rv, &casework.Error{Code: casework.EINVALID, Message: msg, Fields: map[string]string{"note": msg}}
	}
	if err := db.flushJournal(ctx, a.MunicipalityID); err != nil {
		return rv, err
	}
	err := db.inTx(ctx, true, "監査ログの確認", func(tx *Tx) error {
		var flagged int
		if err := tx.queryRow(ctx, "SELECT flagged FROM audit_events WHERE municipality_id = ? AND id = ?", a.MunicipalityID, eventID).Scan(&flagged); err != nil {
			return mapError(err, "監査ログの記録")
		}
		if flagged != 1 {
			return casework.Errorf(casework.EINVALID, "確認済みにできるのは、要確認の記録だけです。")
		}
		var n int
		if err := tx.queryRow(ctx, "SELECT COUNT(*) FROM audit_reviews WHERE municipality_id = ? AND event_id = ?", a.MunicipalityID, eventID).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return casework.Errorf(casework.ECONFLICT, "この記録は既に確認済みです。")
		}
		if _, err := tx.exec(ctx, "INSERT INTO audit_reviews (municipality_id, event_id, reviewed_by, reviewed_at, note) VALUES (?,?,?,?,?)",
			a.MunicipalityID, eventID, a.UserID, ts(tx.now), note); err != nil {
			return err
		}
		rv = AuditReview{EventID: eventID, ReviewerID: a.UserID, At: tx.now, Note: note}
		if err := tx.queryRow(ctx, "SELECT name FROM users WHERE id = ?", a.UserID).Scan(&rv.ReviewerName); err != nil {
			return err
		}
		return tx.audit(ctx, a, auditRecord{Action: casework.ActReview, ObjectType: "audit_event", ObjectID: eventID, Reason: note})
	})
	return rv, err
}

// UnreviewedFlagged counts the flagged events not yet marked 確認済み, for
// the privacy officer's home page.
func (db *DB) UnreviewedFlagged(ctx context.Context, a casework.Actor) (int, error) {
	if !casework.CanReadAudit(a) {
		return 0, casework.Errorf(casework.EFORBIDDEN, "監査ログを閲覧する権限がありません。")
	}
	if err := db.flushJournal(ctx, a.MunicipalityID); err != nil {
		return 0, err
	}
	var n int
	err := db.inTx(ctx, false, "監査ログ", func(tx *Tx) error {
		where, args := AuditFilter{Unreviewed: true}.where(a.MunicipalityID)
		return tx.queryRow(ctx, "SELECT COUNT(*) FROM audit_events"+where, args...).Scan(&n)
	})
	return n, err
}

// SearchTermsReason is the detail of a search event: the terms as typed
// (trimmed, at most 100 characters). Terms may be personal data: they are
// kept in the audit log, which only the privacy officer reads.
func SearchTermsReason(terms ...string) string {
	var parts []string
	for _, t := range terms {
		if t = strings.TrimSpace(t); t != "" {
			parts = append(parts, t)
		}
	}
	s := strings.Join(parts, " ")
	if r := []rune(s); len(r) > 100 {
		s = string(r[:100]) + "…"
	}
	if s == "" {
		return ""
	}
	return "検索語: " + s
}
