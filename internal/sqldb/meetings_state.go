package sqldb

import (
	"context"
	"slices"
	"strconv"
	"strings"

	"kasane/internal/casework"
)

// The state of a meeting, attendance, acknowledgements and minutes (issue
// 19); the rules are casework's (meeting_state.go, meeting_law.go).

// secretariat is the municipality's 支援会議 事務局 (setting or default).
func (t *Tx) secretariat(ctx context.Context, muni string) ([]string, error) {
	var s casework.Settings
	if err := t.settings(ctx, muni, &s); err != nil {
		return nil, err
	}
	orgs, err := collect(ctx, t, scanOrg, "SELECT "+orgCols+" FROM organizations WHERE municipality_id = ?", muni)
	return casework.ResolveSecretariat(s, orgs), err
}

// shienKaigiRoster is the fiscal year's roster of 構成員.
func (t *Tx) shienKaigiRoster(ctx context.Context, muni string, fy int) ([]string, error) {
	return collect(ctx, t, scanString, "SELECT organization_id FROM shien_kaigi_members WHERE municipality_id = ? AND fiscal_year = ? ORDER BY organization_id", muni, fy)
}

// checkStatutoryMeeting applies casework.CheckStatutoryMeeting with the
// setting and the roster of the meeting's fiscal year.
func (t *Tx) checkStatutoryMeeting(ctx context.Context, muni string, m *casework.Meeting) error {
	sec, err := t.secretariat(ctx, muni)
	if err != nil {
		return err
	}
	roster, err := t.shienKaigiRoster(ctx, muni, casework.FiscalYearOf(casework.Today(m.ScheduledAt)))
	if err != nil {
		return err
	}
	names, err := t.orgNames(ctx, muni)
	if err != nil {
		return err
	}
	return casework.CheckStatutoryMeeting(m, sec, roster, names)
}

// ShienKaigiRoster returns a fiscal year's roster of the 支援会議 and the
// 事務局 (any user who handles cases may read it: it names organizations).
func (db *DB) ShienKaigiRoster(ctx context.Context, a casework.Actor, fy int) (roster, secretariat []string, err error) {
	err = db.inRead(ctx, "支援会議の構成員名簿", func(tx *Tx) error {
		if !casework.CanHandleCases(a) {
			return casework.Errorf(casework.EFORBIDDEN, "名簿を見る権限がありません。")
		}
		if secretariat, err = tx.secretariat(ctx, a.MunicipalityID); err != nil {
			return err
		}
		roster, err = tx.shienKaigiRoster(ctx, a.MunicipalityID, fy)
		return err
	})
	if roster == nil {
		roster = []string{}
	}
	return roster, secretariat, err
}

// SetShienKaigiRoster replaces a fiscal year's roster of 構成員 of the
// 支援会議; only the 事務局 keeps it.
func (db *DB) SetShienKaigiRoster(ctx context.Context, a casework.Actor, fy int, orgIDs []string) error {
	return db.inTx(ctx, true, "支援会議の構成員名簿", func(tx *Tx) error {
		sec, err := tx.secretariat(ctx, a.MunicipalityID)
		if err != nil {
			return err
		}
		if err := casework.CanKeepShienKaigiRoster(a, sec); err != nil {
			return err
		}
		if fy < 2000 || fy > 2100 {
			return invalidField("fiscal_year", "年度を正しく指定してください。")
		}
		if _, err := tx.exec(ctx, "DELETE FROM shien_kaigi_members WHERE municipality_id = ? AND fiscal_year = ?", a.MunicipalityID, fy); err != nil {
			return err
		}
		seen := map[string]bool{}
		for _, id := range orgIDs {
			if seen[id] {
				continue
			}
			seen[id] = true
			if _, err := tx.organization(ctx, a.MunicipalityID, id); err != nil {
				return invalidField("organization_ids", "機関が見つかりません: "+id)
			}
			if _, err := tx.exec(ctx, "INSERT INTO shien_kaigi_members (municipality_id, fiscal_year, organization_id, added_by, added_at) VALUES (?,?,?,?,?)",
				a.MunicipalityID, fy, id, a.UserID, ts(tx.now)); err != nil {
				return err
			}
		}
		return tx.audit(ctx, a, auditRecord{Action: casework.ActUpdate, ObjectType: "shien_kaigi_members", ObjectID: strconv.Itoa(fy), Reason: strings.Join(orgIDs, ",")})
	})
}

// meetingChange loads a meeting the actor sees, checks the version (when
// version > 0) and runs fn; the meeting is returned as the actor reads it.
func (db *DB) meetingChange(ctx context.Context, a casework.Actor, id string, version int, reason string, fn func(tx *Tx, m *casework.Meeting) error) (casework.Meeting, error) {
	var m casework.Meeting
	err := db.inTx(ctx, true, "会議", func(tx *Tx) error {
		var err error
		if m, err = tx.visibleMeeting(ctx, a, id); err != nil {
			return err
		}
		if version > 0 && m.Version != version {
			return casework.Conflict("会議")
		}
		if err := fn(tx, &m); err != nil {
			return err
		}
		if err := tx.execOne(ctx, casework.Conflict("会議"), "UPDATE meetings SET updated_at = ?, version = version + 1 WHERE id = ? AND version = ?", ts(tx.now), id, m.Version); err != nil {
			return err
		}
		if m, err = tx.meeting(ctx, a.MunicipalityID, id); err != nil {
			return err
		}
		if m.Items, err = tx.meetingItems(ctx, "mi.meeting_id = ?", id); err != nil {
			return err
		}
		if m.Items, err = tx.readableItems(ctx, a, m.Items); err != nil {
			return err
		}
		return tx.audit(ctx, a, auditRecord{Action: casework.ActUpdate, ObjectType: "meeting", ObjectID: id, Reason: reason})
	})
	return m, err
}

// SetMeetingStatus records a meeting held or cancelled (the host only).
func (db *DB) SetMeetingStatus(ctx context.Context, a casework.Actor, id, status string, version int) (casework.Meeting, error) {
	return db.meetingChange(ctx, a, id, version, "status "+status, func(tx *Tx, m *casework.Meeting) error {
		if err := casework.CheckMeetingStatus(a, *m, status, tx.now); err != nil {
			return err
		}
		_, err := tx.exec(ctx, "UPDATE meetings SET status = ?, status_changed_at = ?, status_changed_by = ? WHERE id = ?", status, ts(tx.now), a.UserID, id)
		return err
	})
}

// AcknowledgeConfidentiality records an attendee's acknowledgement of the
// duty of confidentiality: by the attendee itself (method self) or by the
// 事務局 from the signed 出席者名簿 (method roster), with who and when.
func (db *DB) AcknowledgeConfidentiality(ctx context.Context, a casework.Actor, id, attendeeID, method string) (casework.Meeting, error) {
	return db.meetingChange(ctx, a, id, 0, "acknowledge "+attendeeID+" "+method, func(tx *Tx, m *casework.Meeting) error {
		at, ok := attendeeByID(*m, attendeeID)
		if !ok {
			return invalidField("attendee_id", "出席者が見つかりません。")
		}
		if err := casework.CheckAcknowledge(a, *m, at, method, tx.now); err != nil {
			return err
		}
		_, err := tx.exec(ctx, "UPDATE meeting_attendees SET confidentiality_ack = 1, ack_at = ?, ack_by = ?, ack_method = ? WHERE id = ? AND meeting_id = ?",
			ts(tx.now), a.UserID, method, attendeeID, id)
		return err
	})
}

func attendeeByID(m casework.Meeting, id string) (casework.Attendee, bool) {
	for _, at := range m.Attendees {
		if at.ID == id && id != "" {
			return at, true
		}
	}
	return casework.Attendee{}, false
}

// Attendance is the host's record of who came (absent lists the attendees
// who did not) and who left the room for which item (left: item id →
// attendee ids).
type Attendance struct {
	Absent  []string            `json:"absent_attendee_ids"`
	Left    map[string][]string `json:"left_room"`
	Version int                 `json:"version"`
}

// SetAttendance replaces the attendance of a meeting, until its minutes are
// confirmed. Every item is checked again under the new attendance (rule 5:
// an organization that stays in the room must be covered by the consent, or
// must have acknowledged the duty).
func (db *DB) SetAttendance(ctx context.Context, a casework.Actor, id string, att Attendance) (casework.Meeting, error) {
	return db.meetingChange(ctx, a, id, att.Version, "attendance", func(tx *Tx, m *casework.Meeting) error {
		if err := casework.CheckAttendanceEdit(a, *m); err != nil {
			return err
		}
		for i := range m.Attendees {
			m.Attendees[i].Absent = slices.Contains(att.Absent, m.Attendees[i].ID)
		}
		for _, aid := range att.Absent {
			if _, ok := attendeeByID(*m, aid); !ok {
				return invalidField("absent_attendee_ids", "出席者が見つかりません。")
			}
		}
		items, err := tx.meetingItems(ctx, "mi.meeting_id = ?", id)
		if err != nil {
			return err
		}
		names, err := tx.orgNames(ctx, a.MunicipalityID)
		if err != nil {
			return err
		}
		for itemID := range att.Left {
			if !hasItem(items, itemID) {
				return invalidField("left_room", "検討事項が見つかりません。")
			}
		}
		for _, it := range items {
			it.LeftRoom = att.Left[it.ID]
			for _, aid := range it.LeftRoom {
				if _, ok := attendeeByID(*m, aid); !ok {
					return invalidField("left_room", "出席者が見つかりません。")
				}
			}
			_, f, err := tx.caseFacts(ctx, a.MunicipalityID, it.CaseID)
			if err != nil {
				return err
			}
			if _, err := casework.CheckMeetingItem(*m, it, f, names, casework.Today(tx.now)); err != nil {
				return err
			}
			if err := tx.setLeftRoom(ctx, a, it.ID, it.LeftRoom); err != nil {
				return err
			}
		}
		for _, at := range m.Attendees {
			if _, err := tx.exec(ctx, "UPDATE meeting_attendees SET absent = ? WHERE id = ?", boolInt(at.Absent), at.ID); err != nil {
				return err
			}
		}
		return nil
	})
}

func hasItem(items []casework.MeetingItem, id string) bool {
	for _, it := range items {
		if it.ID == id {
			return true
		}
	}
	return false
}

func (t *Tx) setLeftRoom(ctx context.Context, a casework.Actor, itemID string, attendees []string) error {
	if _, err := t.exec(ctx, "DELETE FROM meeting_item_absences WHERE meeting_item_id = ?", itemID); err != nil {
		return err
	}
	seen := map[string]bool{}
	for _, aid := range attendees {
		if seen[aid] {
			continue
		}
		seen[aid] = true
		if _, err := t.exec(ctx, "INSERT INTO meeting_item_absences (meeting_item_id, attendee_id, municipality_id, recorded_by, at) VALUES (?,?,?,?,?)",
			itemID, aid, a.MunicipalityID, a.UserID, ts(t.now)); err != nil {
			return err
		}
	}
	return nil
}

// ConfirmMinutes confirms the minutes of a held meeting (the host only);
// afterwards attendance is fixed and only the host changes the minutes.
func (db *DB) ConfirmMinutes(ctx context.Context, a casework.Actor, id string, version int) (casework.Meeting, error) {
	return db.meetingChange(ctx, a, id, version, "confirm minutes", func(tx *Tx, m *casework.Meeting) error {
		if err := casework.CheckConfirmMinutes(a, *m); err != nil {
			return err
		}
		_, err := tx.exec(ctx, "UPDATE meetings SET minutes_confirmed_at = ?, minutes_confirmed_by = ? WHERE id = ?", ts(tx.now), a.UserID, id)
		return err
	})
}
