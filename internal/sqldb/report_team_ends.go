package sqldb

import (
	"context"

	"kasane/internal/casework"
	"kasane/internal/report"
)

// teamEndSections counts the team memberships that ended in the fiscal year
// by their end reason (issue 22): among them a 多機関協働事業者's involvement
// ended by handing the lead over (「多機関協働の関与終結（主担当へ引継ぎ）」).
// Counted by the last day on the team (to_on); memberships that ran out
// without a recorded reason are not counted here.
func teamEndSections(ctx context.Context, t *Tx, muni string, r report.FiscalRange) ([]report.Section, error) {
	s, err := t.byList(ctx, muni, "case_team WHERE municipality_id = ? AND end_reason <> ''", report.SecTeamEnds, "to_on", "end_reason", "end_reason", casework.TeamEndReasons, r)
	if err != nil {
		return nil, err
	}
	s.Drill = false
	s.Note = "支援チームの参加が終わった日（主担当の引継ぎの日）で数えます。終了理由の記録があるものだけを数えます。"
	return []report.Section{s}, nil
}
