package sqldb

import (
	"context"
	"slices"
	"strconv"
	"strings"

	"kasane/internal/casework"
)

// withPlatformGaps adds to the gaps of the meetings those recorded at the
// meetings of the 協議体 (platform_meetings.gaps, one gap per line), raised by
// the organization of the user who recorded the meeting, and sorts the whole
// list newest first (issue 22).
func (t *Tx) withPlatformGaps(ctx context.Context, muni string, gaps []casework.ResourceGap) ([]casework.ResourceGap, error) {
	type pm struct{ id, platformID, platformName, heldOn, gaps, orgID, createdAt string }
	ms, err := collect(ctx, t, func(s scanner) (pm, error) {
		var m pm
		err := s.Scan(&m.id, &m.platformID, &m.platformName, &m.heldOn, &m.gaps, &m.orgID, &m.createdAt)
		return m, err
	}, `SELECT m.id, m.platform_id, p.name, m.held_on, m.gaps, COALESCE(u.organization_id, ''), m.created_at FROM platform_meetings m
		JOIN platforms p ON p.id = m.platform_id LEFT JOIN users u ON u.id = m.recorded_by
		WHERE m.municipality_id = ? AND m.gaps <> '' ORDER BY m.held_on DESC, m.created_at DESC LIMIT 1000`, muni)
	if err != nil || len(ms) == 0 {
		return gaps, err
	}
	for _, m := range ms {
		n := 0
		for _, line := range strings.Split(m.gaps, "\n") {
			if line = strings.TrimSpace(line); line == "" {
				continue
			}
			n++
			gaps = append(gaps, casework.ResourceGap{ID: m.id + "-" + strconv.Itoa(n), MeetingID: m.id, MeetingType: casework.PlatformMeetingType,
				Description: line, RaisedOn: m.heldOn, RaisedByOrgID: m.orgID, Version: 1, PlatformID: m.platformID, PlatformName: m.platformName})
		}
	}
	slices.SortStableFunc(gaps, func(a, b casework.ResourceGap) int { return strings.Compare(b.RaisedOn, a.RaisedOn) })
	return gaps, nil
}
