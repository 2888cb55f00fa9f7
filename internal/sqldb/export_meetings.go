package sqldb

import (
	"context"
	"strings"

	"kasane/internal/casework"
	"kasane/internal/report"
)

// exportMeetings lists the meetings the actor's organization hosts or
// attends (rule 5: a meeting's record is for its attendees only). It holds
// no case content: the number of case items, not the items.
func (t *Tx) exportMeetings(ctx context.Context, a casework.Actor, o ExportOptions) (*report.Table, error) {
	tb := &report.Table{Name: "会議一覧", Columns: []report.Column{report.Col("日時", report.DateTime), report.Col("種類", report.Text),
		report.Col("名称", report.Text), report.Col("場所", report.Text), report.Col("主催機関", report.Text), report.Col("出席機関", report.Text),
		report.Col("検討したケース数", report.Int), report.Col("非公開", report.Text)}}
	if !casework.CanHandleCases(a) {
		return tb, nil
	}
	q := "SELECT id FROM meetings WHERE municipality_id = ?"
	args := []any{a.MunicipalityID}
	if o.FiscalYear != 0 {
		r := report.Fiscal(o.FiscalYear)
		q += " AND scheduled_at >= ? AND scheduled_at < ?"
		args = append(args, r.MonthStarts[0], r.MonthStarts[12])
	}
	ids, err := collect(ctx, t, scanString, q+" ORDER BY scheduled_at, id", args...)
	if err != nil {
		return nil, err
	}
	names, err := t.orgNames(ctx, a.MunicipalityID)
	if err != nil {
		return nil, err
	}
	for _, id := range ids {
		m, err := t.visibleMeeting(ctx, a, id)
		if casework.ErrorCode(err) == casework.ENOTFOUND {
			continue
		}
		if err != nil {
			return nil, err
		}
		var items int
		if err := t.queryRow(ctx, "SELECT COUNT(*) FROM meeting_items WHERE meeting_id = ?", id).Scan(&items); err != nil {
			return nil, err
		}
		var orgs []string
		for _, at := range m.Attendees {
			orgs = appendUnique(orgs, names[at.OrganizationID])
		}
		nonPublic := ""
		if m.NonPublic {
			nonPublic = "非公開"
		}
		tb.Rows = append(tb.Rows, []any{m.ScheduledAt, casework.MeetingTypes.Label(m.Type), m.Title, m.Place, names[m.HostOrgID],
			strings.Join(orgs, "・"), items, nonPublic})
	}
	return tb, nil
}
