package sqldb

import (
	"context"

	"kasane/internal/casework"
	"kasane/internal/report"
)

// monthRows runs a query whose first column is the fiscal month index (an
// int from monthCase) or a YYYY-MM text (byDay), the second a group and the
// third a count.
func (t *Tx) monthRows(ctx context.Context, r report.FiscalRange, byDay bool, fn func(month int, group string, n int64), q string, args ...any) error {
	rows, err := t.query(ctx, q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var group string
		var n int64
		m := -1
		if byDay {
			var month string
			if err := rows.Scan(&month, &group, &n); err != nil {
				return err
			}
			m = r.MonthIndex(month)
		} else if err := rows.Scan(&m, &group, &n); err != nil {
			return err
		}
		fn(m, group, n)
	}
	return rows.Err()
}

// planSections counts plans by month: made (created; a re-plan is a new
// plan), agreed by the person, decided (支援決定) and evaluated. Made is
// counted by the Japanese month of the moment it was saved, the others by
// the day recorded for them.
func planSections(ctx context.Context, t *Tx, muni string, r report.FiscalRange) ([]report.Section, error) {
	s := report.Section{Key: report.SecPlans, Title: title(report.SecPlans), Unit: "件", Drill: true,
		Note: "作成は保存した日、本人同意・支援決定・評価はそれぞれ記録された日で数えます。再プラン（新しい版）も作成に数えます。"}
	rows := map[string]*report.Row{}
	for _, st := range report.PlanStages {
		row := report.NewRow(st.Label, map[string]string{"status": st.Value})
		rows[st.Value] = &row
	}
	add := func(stage string) func(int, string, int64) {
		return func(m int, _ string, n int64) { rows[stage].Add(m, n) }
	}
	mc, args := monthCase("created_at", r)
	args = append(args, muni, r.MonthStarts[0], r.MonthStarts[12])
	if err := t.monthRows(ctx, r, false, add("made"), "SELECT "+mc+", '', COUNT(*) FROM plans WHERE municipality_id = ? AND created_at >= ? AND created_at < ? GROUP BY 1", args...); err != nil {
		return nil, err
	}
	for _, d := range []struct{ stage, table, col string }{
		{"agreed", "plans", "agreed_on"}, {"decided", "plans", "decided_on"}, {"evaluated", "plan_evaluations", "evaluated_on"},
	} {
		q := "SELECT substr(" + d.col + ", 1, 7), '', COUNT(*) FROM " + d.table + " WHERE municipality_id = ? AND " + d.col + " >= ? AND " +
			d.col + " <= ? GROUP BY substr(" + d.col + ", 1, 7)"
		if err := t.monthRows(ctx, r, true, add(d.stage), q, muni, r.From, r.To); err != nil {
			return nil, err
		}
	}
	for _, st := range report.PlanStages {
		s.Rows = append(s.Rows, *rows[st.Value])
	}
	return []report.Section{s}, nil
}

// meetingSections counts the meetings held (recorded held by their host;
// scheduled and cancelled meetings are not counted) and the case items discussed at them, by the Japanese month of the
// meeting and by meeting type. The figures are aggregate; the meetings
// behind them are listed only to the organizations attending them.
func meetingSections(ctx context.Context, t *Tx, muni string, r report.FiscalRange) ([]report.Section, error) {
	held := report.Section{Key: report.SecMeetings, Title: title(report.SecMeetings), Unit: "回", Drill: true,
		Note: "開催日時（日本時間）の月で数えます。主催機関が「開催済み」と記録した会議だけを数えます（予定・中止の会議は含みません）。"}
	items := report.Section{Key: report.SecMeetingItems, Title: title(report.SecMeetingItems), Unit: "件", Drill: true,
		Note: "会議の検討事項（ケース）の件数です。同じケースが複数の会議で検討されると、その回数だけ数えます。"}
	for _, sec := range []struct {
		s    *report.Section
		from string
	}{{&held, "meetings m"}, {&items, "meeting_items mi JOIN meetings m ON m.id = mi.meeting_id"}} {
		total := report.NewRow("合計", nil)
		byType := map[string]*report.Row{}
		for _, mt := range casework.MeetingTypes {
			row := report.NewRow(mt.Label, map[string]string{"status": mt.Value})
			byType[mt.Value] = &row
		}
		mc, args := monthCase("m.scheduled_at", r)
		args = append(args, muni, r.MonthStarts[0], r.MonthStarts[12])
		err := t.monthRows(ctx, r, false, func(m int, typ string, n int64) {
			total.Add(m, n)
			if byType[typ] != nil {
				byType[typ].Add(m, n)
			}
		}, "SELECT "+mc+", m.type, COUNT(*) FROM "+sec.from+" WHERE m.municipality_id = ? AND m.scheduled_at >= ? AND m.scheduled_at < ? AND m.status = 'held' GROUP BY 1, 2", args...)
		if err != nil {
			return nil, err
		}
		sec.s.Rows = append(sec.s.Rows, total)
		for _, mt := range casework.MeetingTypes {
			sec.s.Rows = append(sec.s.Rows, *byType[mt.Value])
		}
	}
	return []report.Section{held, items}, nil
}
