package sqldb

import (
	"context"
	"strings"
	"time"

	"kasane/internal/casework"
)

const meetingCols = `id, type, title, scheduled_at, place, host_org_id, non_public, minutes, created_by, version, created_at, updated_at,
	status, status_changed_at, status_changed_by, minutes_confirmed_at, minutes_confirmed_by`

func scanMeeting(s scanner) (casework.Meeting, error) {
	var m casework.Meeting
	var at, created, updated, changed, confirmed string
	var np int
	err := s.Scan(&m.ID, &m.Type, &m.Title, &at, &m.Place, &m.HostOrgID, &np, &m.Minutes, &m.CreatedBy, &m.Version, &created, &updated,
		&m.Status, &changed, &m.StatusChangedBy, &confirmed, &m.MinutesConfirmedBy)
	m.ScheduledAt, m.Created, m.Updated, m.NonPublic = parseTS(at), parseTS(created), parseTS(updated), np == 1
	m.StatusChangedAt, m.MinutesConfirmedAt = optTS(changed), optTS(confirmed)
	m.LegalBasis, m.ConfidentialityDuty = casework.MeetingLegalBasis[m.Type], casework.ConfidentialityDuty[m.Type]
	m.Items, m.MinutesHistory = []casework.MeetingItem{}, []casework.MinutesChange{}
	return m, err
}

// optTS reads an optional stored instant.
func optTS(s string) *time.Time {
	if s == "" {
		return nil
	}
	t := parseTS(s)
	return &t
}

// meeting loads a meeting with its attendees, without access checks.
func (t *Tx) meeting(ctx context.Context, muni, id string) (casework.Meeting, error) {
	m, err := scanMeeting(t.queryRow(ctx, "SELECT "+meetingCols+" FROM meetings WHERE municipality_id = ? AND id = ?", muni, id))
	if err != nil {
		return m, mapError(err, "会議")
	}
	m.Attendees, err = collect(ctx, t, func(s scanner) (casework.Attendee, error) {
		var a casework.Attendee
		var ack, absent int
		var ackAt string
		err := s.Scan(&a.ID, &a.OrganizationID, &a.UserID, &a.Name, &a.MemberOrGuest, &ack, &absent, &ackAt, &a.AckBy, &a.AckMethod)
		a.ConfidentialityAck, a.Absent, a.AckAt = ack == 1, absent == 1, optTS(ackAt)
		return a, err
	}, `SELECT id, organization_id, user_id, name, member_or_guest, confidentiality_ack, absent, ack_at, ack_by, ack_method
		FROM meeting_attendees WHERE meeting_id = ? ORDER BY seq`, id)
	if err != nil {
		return m, err
	}
	hist, err := collect(ctx, t, func(s scanner) (casework.MinutesChange, error) {
		var h casework.MinutesChange
		var at string
		err := s.Scan(&h.Previous, &at, &h.UserID, &h.UserName)
		h.At = parseTS(at)
		return h, err
	}, `SELECT h.previous, h.at, h.user_id, COALESCE(u.name, '') FROM meeting_minutes_history h LEFT JOIN users u ON u.id = h.user_id
		WHERE h.meeting_id = ? ORDER BY h.at, h.id`, id)
	if hist != nil {
		m.MinutesHistory = hist
	}
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
		if err := casework.CheckCreationAcks(a, *m); err != nil {
			return err
		}
		bad := func(field, msg string) error {
			return &casework.Error{Code: casework.EINVALID, Message: msg, Fields: map[string]string{field: msg}}
		}
		if err := tx.checkStatutoryMeeting(ctx, a.MunicipalityID, m); err != nil {
			return err
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
		m.Items, m.MinutesHistory, m.Status = []casework.MeetingItem{}, []casework.MinutesChange{}, casework.MeetingScheduled
		m.ConfidentialityDuty = casework.ConfidentialityDuty[m.Type]
		if _, err := tx.exec(ctx, `INSERT INTO meetings (id, municipality_id, type, title, scheduled_at, place, host_org_id, non_public, minutes, created_by,
			version, created_at, updated_at, status) VALUES (?,?,?,?,?,?,?,?,?,?,1,?,?,'scheduled')`, m.ID, a.MunicipalityID, m.Type, m.Title, ts(m.ScheduledAt), m.Place,
			m.HostOrgID, boolInt(m.NonPublic), m.Minutes, a.UserID, ts(tx.now), ts(tx.now)); err != nil {
			return err
		}
		for i := range m.Attendees {
			at := &m.Attendees[i]
			at.ID = newID()
			ackAt, ackBy, method := "", "", ""
			if at.ConfidentialityAck { // the creator's own (CheckCreationAcks)
				now := tx.now
				at.AckAt, at.AckBy, at.AckMethod = &now, a.UserID, casework.AckSelf
				ackAt, ackBy, method = ts(now), a.UserID, casework.AckSelf
			}
			if _, err := tx.exec(ctx, `INSERT INTO meeting_attendees (id, municipality_id, meeting_id, seq, organization_id, user_id, name, member_or_guest,
				confidentiality_ack, absent, ack_at, ack_by, ack_method, version, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,1,?)`, at.ID, a.MunicipalityID,
				m.ID, i+1, at.OrganizationID, at.UserID, strings.TrimSpace(at.Name), at.MemberOrGuest, boolInt(at.ConfidentialityAck), boolInt(at.Absent),
				ackAt, ackBy, method, ts(tx.now)); err != nil {
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
	if err := casework.CheckNotHostOnly(a); err != nil {
		return out, err
	}
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
		if err := casework.CheckMinutesEdit(a, m); err != nil {
			return err
		}
		if ch.ScheduledAt != nil && !ch.ScheduledAt.Equal(m.ScheduledAt) && m.Status != casework.MeetingScheduled {
			return &casework.Error{Code: casework.EINVALID, Message: "開催済み・中止の会議の日時は変更できません。", Fields: map[string]string{"scheduled_at": "開催済み・中止の会議の日時は変更できません。"}}
		}
		previous := m.Minutes
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
		if casework.StatutoryMeeting(m.Type) {
			m.NonPublic = true // always 非公開
		}
		if m.MinutesConfirmedAt != nil && strings.TrimSpace(previous) != m.Minutes {
			if _, err := tx.exec(ctx, "INSERT INTO meeting_minutes_history (id, municipality_id, meeting_id, previous, at, user_id) VALUES (?,?,?,?,?,?)",
				newID(), a.MunicipalityID, id, previous, ts(tx.now), a.UserID); err != nil {
				return err
			}
			m.MinutesHistory = append(m.MinutesHistory, casework.MinutesChange{Previous: previous, At: tx.now, UserID: a.UserID})
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
		return tx.audit(ctx, a, auditRecord{Action: casework.ActUpdate, ObjectType: "meeting", ObjectID: id, Reason: "minutes"})
	})
	return m, err
}
