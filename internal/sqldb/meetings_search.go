package sqldb

import (
	"context"
	"strings"
	"time"

	"kasane/internal/casework"
)

// MeetingQuery searches the meetings an organization hosts or attends:
// keyword in the title or place, type, and a range of days [From, To).
type MeetingQuery struct {
	Q, Type  string
	From, To time.Time
	// Limit (default 50, at most 200) and Offset page the result, newest
	// first.
	Limit, Offset int
}

// MeetingSearch is the meetings list beyond the calendar: the same meetings
// as Meetings (host or attendee, never another organization's), searched and
// paged, newest first, with the total count. Rows carry the meeting's own
// fields, not its items or attendees. Audited as a search.
func (db *DB) MeetingSearch(ctx context.Context, a casework.Actor, mq MeetingQuery) ([]casework.Meeting, int, error) {
	out, total := []casework.Meeting{}, 0
	if err := casework.CheckNotHostOnly(a); err != nil {
		return out, 0, err
	}
	if mq.Limit <= 0 || mq.Limit > 200 {
		mq.Limit = 50
	}
	if mq.Offset < 0 {
		mq.Offset = 0
	}
	err := db.inRead(ctx, "会議", func(tx *Tx) error {
		if !casework.CanHandleCases(a) {
			return nil
		}
		where := ` FROM meetings WHERE municipality_id = ? AND (host_org_id = ? OR id IN
			(SELECT meeting_id FROM meeting_attendees WHERE municipality_id = ? AND organization_id = ?))`
		args := []any{a.MunicipalityID, a.OrganizationID, a.MunicipalityID, a.OrganizationID}
		if q := strings.TrimSpace(mq.Q); q != "" {
			where += " AND (LOWER(title) LIKE ?" + likeEscape + " OR LOWER(place) LIKE ?" + likeEscape + ")"
			p := likePattern(strings.ToLower(q))
			args = append(args, p, p)
		}
		if mq.Type != "" {
			where += " AND type = ?"
			args = append(args, mq.Type)
		}
		if !mq.From.IsZero() {
			where += " AND scheduled_at >= ?"
			args = append(args, ts(mq.From))
		}
		if !mq.To.IsZero() {
			where += " AND scheduled_at < ?"
			args = append(args, ts(mq.To))
		}
		if err := tx.queryRow(ctx, "SELECT COUNT(*)"+where, args...).Scan(&total); err != nil {
			return err
		}
		var err error
		out, err = collect(ctx, tx, scanMeeting, "SELECT "+meetingCols+where+" ORDER BY scheduled_at DESC, id LIMIT ? OFFSET ?",
			append(args, mq.Limit, mq.Offset)...)
		if err != nil {
			return err
		}
		return tx.audit(ctx, a, auditRecord{Action: casework.ActSearch, ObjectType: "meeting"})
	})
	return out, total, err
}
