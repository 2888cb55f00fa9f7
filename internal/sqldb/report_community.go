package sqldb

import (
	"context"

	"kasane/internal/casework"
	"kasane/internal/report"
)

// codeSection is a section with a total row and a row per code of list
// (filter status), filled by monthRows from a query grouping by month and
// code.
func (t *Tx) codeSection(ctx context.Context, r report.FiscalRange, key, unit, note string, list casework.CodeList, byDay bool, q string, args ...any) (report.Section, error) {
	s := report.Section{Key: key, Title: title(key), Unit: unit, Drill: true, Note: note}
	total := report.NewRow("合計", nil)
	rows := map[string]*report.Row{}
	for _, it := range list {
		row := report.NewRow(it.Label, map[string]string{"status": it.Value})
		rows[it.Value] = &row
	}
	err := t.monthRows(ctx, r, byDay, func(m int, code string, n int64) {
		total.Add(m, n)
		if rows[code] != nil {
			rows[code].Add(m, n)
		}
	}, q, args...)
	s.Rows = append(s.Rows, total)
	for _, it := range list {
		s.Rows = append(s.Rows, *rows[it.Value])
	}
	return s, err
}

// byMonthOf is the query of a day column counted by month and code.
func byMonthOf(table, dayCol, codeCol string) string {
	return "SELECT substr(" + dayCol + ", 1, 7), " + codeCol + ", COUNT(*) FROM " + table + " WHERE municipality_id = ? AND " + dayCol +
		" >= ? AND " + dayCol + " <= ? GROUP BY substr(" + dayCol + ", 1, 7), " + codeCol
}

// communitySections count アウトリーチ, 参加支援 and 地域づくり by month:
// outreach targets by the day found and their stage now, attempts by their
// outcome, matches by the day proposed and their status now, places and
// hosts by the Japanese month they were registered, and sessions and their
// participants (by group) by the day held. The figures agree with
// CommunityCounts for the year (except places and hosts, which it counts
// as registered by the year's end).
func communitySections(ctx context.Context, t *Tx, muni string, r report.FiscalRange) ([]report.Section, error) {
	targets, err := t.codeSection(ctx, r, report.SecOutreachTargets, "人", "把握した日の月で数え、段階は集計時点のものです。明細は対象者を登録した機関だけが見られます。",
		casework.OutreachStages, true, byMonthOf("outreach_targets", "found_on", "stage"), muni, r.From, r.To)
	if err != nil {
		return nil, err
	}
	mc, args := monthCase("at", r)
	args = append(args, muni, r.MonthStarts[0], r.MonthStarts[12])
	attempts, err := t.codeSection(ctx, r, report.SecOutreachAttempts, "回", "訪問・電話などの働きかけを、行った日時（日本時間）の月で数えます。",
		casework.AttemptOutcomes, false, "SELECT "+mc+", outcome, COUNT(*) FROM outreach_attempts WHERE municipality_id = ? AND at >= ? AND at < ? GROUP BY 1, 2", args...)
	if err != nil {
		return nil, err
	}
	matches, err := t.codeSection(ctx, r, report.SecMatches, "件", "提案した日の月で数え、状況は集計時点のものです。明細はマッチングを行った機関だけが見られます。",
		casework.MatchStatuses, true, byMonthOf("participation_matches", "proposed_on", "status"), muni, r.From, r.To)
	if err != nil {
		return nil, err
	}
	res, err := t.resourceSection(ctx, r, muni)
	if err != nil {
		return nil, err
	}
	sess, parts, err := t.sessionSections(ctx, r, muni)
	if err != nil {
		return nil, err
	}
	return []report.Section{targets, attempts, matches, res, sess, parts}, nil
}

// resourceSection counts the places and hosts registered in each Japanese
// month of the year.
func (t *Tx) resourceSection(ctx context.Context, r report.FiscalRange, muni string) (report.Section, error) {
	s := report.Section{Key: report.SecResources, Title: title(report.SecResources), Unit: "か所", Drill: true,
		Note: "登録した日（日本時間）の月で数えます。居場所であり受け入れ先でもある資源は両方に数えます。"}
	total := report.NewRow("合計（登録した資源の数）", nil)
	rows := map[string]*report.Row{}
	for _, it := range report.ResourceRows {
		row := report.NewRow(it.Label, map[string]string{"status": it.Value})
		rows[it.Value] = &row
	}
	mc, args := monthCase("created_at", r)
	args = append(args, muni, r.MonthStarts[0], r.MonthStarts[12])
	type cnt struct {
		month  int
		kind   string
		accept int
		n      int64
	}
	cs, err := collect(ctx, t, func(sc scanner) (cnt, error) {
		var c cnt
		return c, sc.Scan(&c.month, &c.kind, &c.accept, &c.n)
	}, "SELECT "+mc+", kind, accepts_participants, COUNT(*) FROM resources WHERE municipality_id = ? AND created_at >= ? AND created_at < ? GROUP BY 1, 2, 3", args...)
	for _, c := range cs {
		total.Add(c.month, c.n)
		if (casework.Resource{Kind: c.kind}).IsPlace() {
			rows["places"].Add(c.month, c.n)
		}
		if c.accept == 1 {
			rows["hosts"].Add(c.month, c.n)
		}
	}
	s.Rows = append(s.Rows, total)
	for _, it := range report.ResourceRows {
		s.Rows = append(s.Rows, *rows[it.Value])
	}
	return s, err
}

// sessionSections count the sessions held and their participants (the
// total, and by group; the groups overlap) by the month of the day held.
func (t *Tx) sessionSections(ctx context.Context, r report.FiscalRange, muni string) (report.Section, report.Section, error) {
	sess := report.Section{Key: report.SecSessions, Title: title(report.SecSessions), Unit: "回", Drill: true,
		Note: "居場所・受け入れ先が開かれた日の記録を、開催日の月で数えます。", Rows: []report.Row{report.NewRow("合計", nil)}}
	parts := report.Section{Key: report.SecParticipants, Title: title(report.SecParticipants), Unit: "人", Drill: true,
		Note: "開催日ごとの参加者数（延べ人数）です。属性は重なるため、属性別の合計は全体の人数と一致しません。"}
	total := report.NewRow("合計", nil)
	groups := map[string]*report.Row{}
	for _, g := range casework.ParticipantGroups {
		row := report.NewRow(g.Label, map[string]string{"status": g.Value})
		groups[g.Value] = &row
	}
	ss, err := collect(ctx, t, scanSession, "SELECT "+sessionCols+" FROM resource_sessions WHERE municipality_id = ? AND held_on >= ? AND held_on <= ?", muni, r.From, r.To)
	for _, x := range ss {
		m := r.MonthIndex(x.HeldOn)
		sess.Rows[0].Add(m, 1)
		total.Add(m, int64(x.Total))
		for g, n := range x.Participants {
			if groups[g] != nil {
				groups[g].Add(m, int64(n))
			}
		}
	}
	parts.Rows = append(parts.Rows, total)
	for _, g := range casework.ParticipantGroups {
		parts.Rows = append(parts.Rows, *groups[g.Value])
	}
	return sess, parts, err
}
