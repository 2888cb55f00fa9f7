package sqldb

import (
	"context"

	"kasane/internal/casework"
)

// AddOutreachMeetingItem puts an outreach target on the agenda of a 支援会議
// (社会福祉法第106条の6): the actor's organization attends the meeting and
// registered the target; every attendee acknowledged the confidentiality
// duty (casework.CheckOutreachMeetingItem). A 重層的支援会議 or any other
// meeting is refused: the target has no consent to share.
func (db *DB) AddOutreachMeetingItem(ctx context.Context, a casework.Actor, meetingID string, it *casework.OutreachMeetingItem) error {
	if !casework.CanWriteCases(a) {
		return casework.Errorf(casework.EFORBIDDEN, "会議の記録を変更する権限がありません。")
	}
	return db.inTx(ctx, true, "会議の検討事項", func(tx *Tx) error {
		m, err := tx.visibleMeeting(ctx, a, meetingID)
		if err != nil {
			return err
		}
		if err := it.Validate(); err != nil {
			return err
		}
		tg, acc, err := tx.targetAccess(ctx, a, it.TargetID, map[string]casework.Meeting{})
		if casework.ErrorCode(err) == casework.ENOTFOUND || (err == nil && acc != casework.TargetOwner) {
			msg := "あなたの機関が登録したアウトリーチ対象者を選んでください。"
			return &casework.Error{Code: casework.EINVALID, Message: msg, Fields: map[string]string{"target_id": msg}}
		}
		if err != nil {
			return err
		}
		names, err := tx.orgNames(ctx, a.MunicipalityID)
		if err != nil {
			return err
		}
		if err := casework.CheckOutreachMeetingItem(m, tg, names); err != nil {
			return err
		}
		it.ID, it.MeetingID, it.AuthorOrgID, it.Version, it.Created = newID(), m.ID, a.OrganizationID, 1, tx.now
		it.TargetName, it.MeetingType, it.MeetingAt = tg.DisplayName, m.Type, m.ScheduledAt
		if _, err := tx.exec(ctx, `INSERT INTO meeting_outreach_items (id, municipality_id, meeting_id, target_id, situation, decisions, author_id,
			author_org_id, version, created_at) VALUES (?,?,?,?,?,?,?,?,1,?)`, it.ID, a.MunicipalityID, m.ID, tg.ID, it.Situation, it.Decisions,
			a.UserID, a.OrganizationID, ts(tx.now)); err != nil {
			return err
		}
		return tx.audit(ctx, a, auditRecord{Action: casework.ActCreate, ObjectType: "meeting_outreach_item", ObjectID: it.ID, Reason: m.Type + " " + tg.ID})
	})
}

// MeetingOutreachItems lists the outreach targets on a meeting's agenda, to
// the organizations attending or hosting it (rule 5). Audited.
func (db *DB) MeetingOutreachItems(ctx context.Context, a casework.Actor, meetingID string) ([]casework.OutreachMeetingItem, error) {
	return db.meetingOutreachItems(ctx, a, meetingID, casework.ActView)
}

// PrintMeetingOutreachItems is MeetingOutreachItems for the printed
// minutes, audited as a print.
func (db *DB) PrintMeetingOutreachItems(ctx context.Context, a casework.Actor, meetingID string) ([]casework.OutreachMeetingItem, error) {
	return db.meetingOutreachItems(ctx, a, meetingID, casework.ActPrint)
}

func (db *DB) meetingOutreachItems(ctx context.Context, a casework.Actor, meetingID, action string) ([]casework.OutreachMeetingItem, error) {
	out := []casework.OutreachMeetingItem{}
	err := db.inRead(ctx, "会議の検討事項", func(tx *Tx) error {
		m, err := tx.visibleMeeting(ctx, a, meetingID)
		if err != nil {
			return err
		}
		items, err := collect(ctx, tx, func(s scanner) (casework.OutreachMeetingItem, error) {
			var it casework.OutreachMeetingItem
			var created string
			err := s.Scan(&it.ID, &it.MeetingID, &it.TargetID, &it.Situation, &it.Decisions, &it.AuthorOrgID, &it.Version, &created)
			it.Created, it.MeetingType, it.MeetingAt = parseTS(created), m.Type, m.ScheduledAt
			return it, err
		}, `SELECT id, meeting_id, target_id, situation, decisions, author_org_id, version, created_at FROM meeting_outreach_items
			WHERE municipality_id = ? AND meeting_id = ? ORDER BY created_at`, a.MunicipalityID, m.ID)
		if err != nil {
			return err
		}
		for i := range items {
			// the name or label as recorded for the meeting; the target
			// itself is read through visibleTarget
			tg, err := scanTarget(tx.queryRow(ctx, "SELECT "+targetCols+targetFrom+"WHERE t.id = ?", items[i].TargetID))
			if err != nil {
				return err
			}
			items[i].TargetName = tg.DisplayName
		}
		if items != nil {
			out = items
		}
		return tx.audit(ctx, a, auditRecord{Action: action, ObjectType: "meeting_outreach_items", ObjectID: m.ID})
	})
	return out, err
}
