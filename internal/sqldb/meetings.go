package sqldb

import (
	"context"
	"slices"
	"strings"
	"time"

	"kasane/internal/casework"
)

const meetingCols = "id, type, title, scheduled_at, place, host_org_id, non_public, minutes, created_by, version, created_at, updated_at"

func scanMeeting(s scanner) (casework.Meeting, error) {
	var m casework.Meeting
	var at, created, updated string
	var np int
	err := s.Scan(&m.ID, &m.Type, &m.Title, &at, &m.Place, &m.HostOrgID, &np, &m.Minutes, &m.CreatedBy, &m.Version, &created, &updated)
	m.ScheduledAt, m.Created, m.Updated, m.NonPublic = parseTS(at), parseTS(created), parseTS(updated), np == 1
	m.LegalBasis = casework.MeetingLegalBasis[m.Type]
	m.Items = []casework.MeetingItem{}
	return m, err
}

// meeting loads a meeting with its attendees, without access checks.
func (t *Tx) meeting(ctx context.Context, muni, id string) (casework.Meeting, error) {
	m, err := scanMeeting(t.queryRow(ctx, "SELECT "+meetingCols+" FROM meetings WHERE municipality_id = ? AND id = ?", muni, id))
	if err != nil {
		return m, mapError(err, "会議")
	}
	m.Attendees, err = collect(ctx, t, func(s scanner) (casework.Attendee, error) {
		var a casework.Attendee
		var ack int
		err := s.Scan(&a.OrganizationID, &a.UserID, &a.Name, &a.MemberOrGuest, &ack)
		a.ConfidentialityAck = ack == 1
		return a, err
	}, "SELECT organization_id, user_id, name, member_or_guest, confidentiality_ack FROM meeting_attendees WHERE meeting_id = ? ORDER BY seq", id)
	return m, err
}

// visibleMeeting loads a meeting the actor's organization attends or hosts;
// every other meeting is not found (rule 5).
func (t *Tx) visibleMeeting(ctx context.Context, a casework.Actor, id string) (casework.Meeting, error) {
	m, err := t.meeting(ctx, a.MunicipalityID, id)
	if err != nil {
		return m, err
	}
	if !casework.CanSeeMeeting(a, m) {
		return m, casework.NotFound("会議")
	}
	return m, nil
}

// CreateMeeting schedules a meeting. The actor's organization must host or
// attend it.
func (db *DB) CreateMeeting(ctx context.Context, a casework.Actor, m *casework.Meeting) error {
	if !casework.CanWriteCases(a) {
		return casework.Errorf(casework.EFORBIDDEN, "会議を登録する権限がありません。")
	}
	return db.inTx(ctx, true, "会議", func(tx *Tx) error {
		if err := m.Validate(); err != nil {
			return err
		}
		bad := func(field, msg string) error {
			return &casework.Error{Code: casework.EINVALID, Message: msg, Fields: map[string]string{field: msg}}
		}
		if _, err := tx.organization(ctx, a.MunicipalityID, m.HostOrgID); err != nil {
			return bad("host_organization_id", "主催機関が見つかりません。")
		}
		for _, at := range m.Attendees {
			if _, err := tx.organization(ctx, a.MunicipalityID, at.OrganizationID); err != nil {
				return bad("attendees", "出席機関が見つかりません: "+at.OrganizationID)
			}
			if at.UserID != "" {
				var org string
				if err := tx.queryRow(ctx, "SELECT organization_id FROM users WHERE municipality_id = ? AND id = ?", a.MunicipalityID, at.UserID).Scan(&org); err != nil || org != at.OrganizationID {
					return bad("attendees", "出席する職員がその機関にいません。")
				}
			}
		}
		if !casework.CanSeeMeeting(a, *m) {
			return bad("attendees", "あなたの機関を主催機関または出席機関に含めてください。")
		}
		m.ID, m.CreatedBy, m.Version, m.Created, m.Updated = newID(), a.UserID, 1, tx.now, tx.now
		m.Items = []casework.MeetingItem{}
		if _, err := tx.exec(ctx, `INSERT INTO meetings (id, municipality_id, type, title, scheduled_at, place, host_org_id, non_public, minutes, created_by,
			version, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,1,?,?)`, m.ID, a.MunicipalityID, m.Type, m.Title, ts(m.ScheduledAt), m.Place,
			m.HostOrgID, boolInt(m.NonPublic), m.Minutes, a.UserID, ts(tx.now), ts(tx.now)); err != nil {
			return err
		}
		for i, at := range m.Attendees {
			if _, err := tx.exec(ctx, `INSERT INTO meeting_attendees (id, municipality_id, meeting_id, seq, organization_id, user_id, name, member_or_guest,
				confidentiality_ack, version, created_at) VALUES (?,?,?,?,?,?,?,?,?,1,?)`, newID(), a.MunicipalityID, m.ID, i+1, at.OrganizationID,
				at.UserID, strings.TrimSpace(at.Name), at.MemberOrGuest, boolInt(at.ConfidentialityAck), ts(tx.now)); err != nil {
				return err
			}
		}
		return tx.audit(ctx, a, auditRecord{Action: casework.ActCreate, ObjectType: "meeting", ObjectID: m.ID})
	})
}

// Meeting returns a meeting with its case items to an attending or hosting
// organization; to everyone else it is not found. Audited (as a print when
// print is set).
func (db *DB) Meeting(ctx context.Context, a casework.Actor, id string, print bool) (casework.Meeting, error) {
	var m casework.Meeting
	err := db.inRead(ctx, "会議", func(tx *Tx) error {
		var err error
		if m, err = tx.visibleMeeting(ctx, a, id); err != nil {
			return err
		}
		if m.Items, err = tx.meetingItems(ctx, "mi.meeting_id = ?", id); err != nil {
			return err
		}
		if m.Items, err = tx.readableItems(ctx, a, m.Items); err != nil {
			return err
		}
		act := casework.ActView
		if print {
			act = casework.ActPrint
		}
		return tx.audit(ctx, a, auditRecord{Action: act, ObjectType: "meeting", ObjectID: id})
	})
	return m, err
}

// Meetings lists the meetings the actor's organization hosts or attends,
// scheduled from from (inclusive) to to (exclusive); zero times are open.
func (db *DB) Meetings(ctx context.Context, a casework.Actor, from, to time.Time) ([]casework.Meeting, error) {
	out := []casework.Meeting{}
	err := db.inRead(ctx, "会議", func(tx *Tx) error {
		if !casework.CanHandleCases(a) {
			return nil
		}
		q := "SELECT " + meetingCols + ` FROM meetings WHERE municipality_id = ? AND (host_org_id = ? OR id IN
			(SELECT meeting_id FROM meeting_attendees WHERE municipality_id = ? AND organization_id = ?))`
		args := []any{a.MunicipalityID, a.OrganizationID, a.MunicipalityID, a.OrganizationID}
		if !from.IsZero() {
			q += " AND scheduled_at >= ?"
			args = append(args, ts(from))
		}
		if !to.IsZero() {
			q += " AND scheduled_at < ?"
			args = append(args, ts(to))
		}
		ms, err := collect(ctx, tx, scanMeeting, q+" ORDER BY scheduled_at LIMIT 500", args...)
		if err != nil {
			return err
		}
		for _, m := range ms {
			full, err := tx.meeting(ctx, a.MunicipalityID, m.ID)
			if err != nil {
				return err
			}
			out = append(out, full)
		}
		return tx.audit(ctx, a, auditRecord{Action: casework.ActSearch, ObjectType: "meeting"})
	})
	return out, err
}

// MeetingChange is a change to a meeting's record; nil fields stay as they are.
type MeetingChange struct {
	Minutes     *string
	Place       *string
	NonPublic   *bool
	ScheduledAt *time.Time
	Version     int
}

// UpdateMeeting changes the minutes, place, time or non-public flag of a
// meeting the actor's organization attends. A stale version is a conflict.
func (db *DB) UpdateMeeting(ctx context.Context, a casework.Actor, id string, ch MeetingChange) (casework.Meeting, error) {
	var m casework.Meeting
	if !casework.CanWriteCases(a) {
		return m, casework.Errorf(casework.EFORBIDDEN, "会議の記録を変更する権限がありません。")
	}
	err := db.inTx(ctx, true, "会議", func(tx *Tx) error {
		var err error
		if m, err = tx.visibleMeeting(ctx, a, id); err != nil {
			return err
		}
		if m.Version != ch.Version {
			return casework.Conflict("会議")
		}
		if ch.Minutes != nil {
			m.Minutes = *ch.Minutes
		}
		if ch.Place != nil {
			m.Place = *ch.Place
		}
		if ch.NonPublic != nil {
			m.NonPublic = *ch.NonPublic
		}
		if ch.ScheduledAt != nil {
			m.ScheduledAt = *ch.ScheduledAt
		}
		if err := m.Validate(); err != nil {
			return err
		}
		if err := tx.execOne(ctx, casework.Conflict("会議"), `UPDATE meetings SET minutes = ?, place = ?, non_public = ?, scheduled_at = ?, updated_at = ?,
			version = version + 1 WHERE id = ? AND version = ?`, m.Minutes, m.Place, boolInt(m.NonPublic), ts(m.ScheduledAt), ts(tx.now), id, m.Version); err != nil {
			return err
		}
		m.Version, m.Updated = m.Version+1, tx.now
		if m.Items, err = tx.meetingItems(ctx, "mi.meeting_id = ?", id); err != nil {
			return err
		}
		if m.Items, err = tx.readableItems(ctx, a, m.Items); err != nil {
			return err
		}
		return tx.audit(ctx, a, auditRecord{Action: casework.ActUpdate, ObjectType: "meeting", ObjectID: id})
	})
	return m, err
}

// Calendar lists the actor's meetings and the review dates of plans in force
// of cases the actor may read, from day from for days days.
func (db *DB) Calendar(ctx context.Context, a casework.Actor, from string, days int) ([]casework.CalendarEntry, error) {
	start, err := time.ParseInLocation("2006-01-02", from, casework.JST)
	if err != nil {
		return nil, &casework.Error{Code: casework.EINVALID, Message: "日付の形式が正しくありません。", Fields: map[string]string{"from": "日付の形式が正しくありません。"}}
	}
	end := start.AddDate(0, 0, days)
	ms, err := db.Meetings(ctx, a, start, end)
	if err != nil {
		return nil, err
	}
	var out []casework.CalendarEntry
	for _, m := range ms {
		out = append(out, casework.CalendarEntry{Date: casework.Today(m.ScheduledAt), At: m.ScheduledAt, Kind: "meeting", Title: m.Title, MeetingID: m.ID})
	}
	err = db.inRead(ctx, "予定", func(tx *Tx) error {
		if !casework.CanHandleCases(a) {
			return nil
		}
		today := casework.Today(tx.now)
		ps, err := collect(ctx, tx, scanPlan, "SELECT "+planCols+` FROM plans WHERE municipality_id = ? AND status IN ('draft', 'agreed', 'decided')
			AND next_review_on <> '' AND next_review_on < ? AND (next_review_on >= ? OR next_review_on < ?) ORDER BY next_review_on LIMIT 1000`,
			a.MunicipalityID, end.Format("2006-01-02"), from, today)
		if err != nil {
			return err
		}
		for _, p := range ps {
			c, f, err := tx.caseFacts(ctx, a.MunicipalityID, p.CaseID)
			if err != nil {
				return err
			}
			if !casework.CanReadCaseData(a, f, casework.CatRecords, today) || (p.Status == "draft" && p.NextReviewOn < from) {
				continue
			}
			out = append(out, casework.CalendarEntry{Date: p.NextReviewOn, Kind: "review", Title: "プランの見直し（第" + itoa(p.Revision) + "版）",
				PlanID: p.ID, CaseID: p.CaseID, CaseNumber: c.Number, Overdue: p.ReviewOverdue(today)})
		}
		return tx.audit(ctx, a, auditRecord{Action: casework.ActSearch, ObjectType: "calendar"})
	})
	sortCalendar(out)
	return out, err
}

func sortCalendar(es []casework.CalendarEntry) {
	slices.SortStableFunc(es, func(a, b casework.CalendarEntry) int {
		if a.Date != b.Date {
			return strings.Compare(a.Date, b.Date)
		}
		return a.At.Compare(b.At)
	})
}
