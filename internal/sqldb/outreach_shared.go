package sqldb

import (
	"context"

	"kasane/internal/casework"
)

// sharedTargets lists the targets of other organizations that were on the
// agenda of a 支援会議 the actor's organization attended or hosted, kept
// only where the access rule grants the read-only view (the meeting was
// held and every attendee acknowledged the confidentiality duty).
func (t *Tx) sharedTargets(ctx context.Context, a casework.Actor, stage string) ([]casework.OutreachTarget, error) {
	q := "SELECT " + targetCols + targetFrom + `WHERE t.municipality_id = ? AND t.org_id <> ? AND t.id IN (SELECT oi.target_id
		FROM meeting_outreach_items oi JOIN meetings m ON m.id = oi.meeting_id WHERE oi.municipality_id = ? AND m.type = 'shien_kaigi'
		AND (m.host_org_id = ? OR m.id IN (SELECT meeting_id FROM meeting_attendees WHERE municipality_id = ? AND organization_id = ?)))`
	args := []any{a.MunicipalityID, a.OrganizationID, a.MunicipalityID, a.OrganizationID, a.MunicipalityID, a.OrganizationID}
	if stage != "" {
		q += " AND t.stage = ?"
		args = append(args, stage)
	}
	cands, err := collect(ctx, t, scanTarget, q+" ORDER BY t.found_on DESC, t.created_at DESC LIMIT 500", args...)
	if err != nil {
		return nil, err
	}
	var out []casework.OutreachTarget
	meetings := map[string]casework.Meeting{}
	for _, tg := range cands {
		acc, err := t.shareTarget(ctx, a, &tg, meetings)
		if err != nil {
			return nil, err
		}
		if acc == casework.TargetShared {
			out = append(out, tg)
		}
	}
	return out, nil
}

// targetMeetingItems lists the meeting items about a target at meetings the
// actor's organization attended or hosted (rule 5: a meeting's record is
// for its attendees only), oldest first.
func (t *Tx) targetMeetingItems(ctx context.Context, a casework.Actor, tg casework.OutreachTarget) ([]casework.OutreachMeetingItem, error) {
	items, err := collect(ctx, t, func(s scanner) (casework.OutreachMeetingItem, error) {
		var it casework.OutreachMeetingItem
		var created string
		err := s.Scan(&it.ID, &it.MeetingID, &it.TargetID, &it.Situation, &it.Decisions, &it.AuthorOrgID, &it.Version, &created)
		it.Created, it.TargetName = parseTS(created), tg.DisplayName
		return it, err
	}, `SELECT id, meeting_id, target_id, situation, decisions, author_org_id, version, created_at FROM meeting_outreach_items
		WHERE municipality_id = ? AND target_id = ? ORDER BY created_at`, a.MunicipalityID, tg.ID)
	if err != nil {
		return nil, err
	}
	var out []casework.OutreachMeetingItem
	for _, it := range items {
		m, err := t.meeting(ctx, a.MunicipalityID, it.MeetingID)
		if err != nil {
			return nil, err
		}
		if !casework.CanSeeMeeting(a, m) {
			continue
		}
		it.MeetingType, it.MeetingAt = m.Type, m.ScheduledAt
		out = append(out, it)
	}
	return out, nil
}
