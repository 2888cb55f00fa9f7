package sqldb

import (
	"context"
	"strconv"
	"strings"

	"kasane/internal/casework"
	"kasane/internal/report"
)

// ExportOutreachReport returns the monthly outreach report of one
// (contractor) organization for a fiscal year as a table to write as CSV or
// .xlsx, under the report's access rule; the export is audited (format and
// encoding as given by the caller, for the record).
func (db *DB) ExportOutreachReport(ctx context.Context, a casework.Actor, orgID string, fy int, format, encoding string) (*report.Table, error) {
	if err := report.ValidFiscalYear(fy); err != nil {
		return nil, err
	}
	var t *report.Table
	err := db.inRead(replicaOK(ctx), "アウトリーチ月報", func(tx *Tx) error {
		rep, err := tx.outreachReport(ctx, a, orgID, fy)
		if err != nil {
			return err
		}
		t = OutreachReportTable(rep)
		reason := strings.TrimSpace(format+" "+encoding) + " " + itoa(fy) + "年度"
		return tx.audit(ctx, a, auditRecord{Action: casework.ActExport, ObjectType: "outreach_report", ObjectID: rep.OrganizationID, Reason: reason})
	})
	return t, err
}

// OutreachReportTable lays out the monthly report: one row per month of the
// fiscal year and a total row. Targets by stage are counted at the month's
// end (a stock: no total); the other columns are flows of the month.
func OutreachReportTable(rep casework.OutreachReport) *report.Table {
	cols := []report.Column{report.Col("機関", report.Text), report.Col("年度", report.Int), report.Col("月", report.Text), report.Col("新規把握", report.Int)}
	for _, st := range casework.OutreachStages {
		cols = append(cols, report.Col("月末の段階: "+st.Label, report.Int))
	}
	for _, st := range casework.OutreachStages[1:] {
		cols = append(cols, report.Col("段階が進んだ: "+st.Label, report.Int))
	}
	cols = append(cols, report.Col("接触の試み", report.Int))
	for _, o := range casework.AttemptOutcomes {
		cols = append(cols, report.Col("結果: "+o.Label, report.Int))
	}
	for _, m := range casework.AttemptMethods {
		cols = append(cols, report.Col("方法: "+m.Label, report.Int))
	}
	cols = append(cols, report.Col("ケースへ引継ぎ", report.Int))
	t := &report.Table{Name: "アウトリーチ月報", Columns: cols}
	total := make([]int, len(cols))
	for _, m := range rep.Months {
		row := []any{rep.OrganizationName, rep.FiscalYear, monthLabel(m.Month), m.NewTargets}
		for _, st := range casework.OutreachStages {
			row = append(row, m.StageAtEnd[st.Value])
		}
		for _, st := range casework.OutreachStages[1:] {
			row = append(row, m.Reached[st.Value])
		}
		row = append(row, m.Attempts)
		for _, o := range casework.AttemptOutcomes {
			row = append(row, m.AttemptsByOutcome[o.Value])
		}
		for _, x := range casework.AttemptMethods {
			row = append(row, m.AttemptsByMethod[x.Value])
		}
		row = append(row, m.HandedOver)
		for i, v := range row {
			if n, ok := v.(int); ok && i >= 3 {
				total[i] += n
			}
		}
		t.Rows = append(t.Rows, row)
	}
	sum := []any{rep.OrganizationName, rep.FiscalYear, "合計"}
	for i := 3; i < len(cols); i++ {
		if i >= 4 && i < 4+len(casework.OutreachStages) {
			sum = append(sum, nil) // stock at the month's end: no total
			continue
		}
		sum = append(sum, total[i])
	}
	t.Rows = append(t.Rows, sum)
	return t
}

// monthLabel turns YYYY-MM into 2026年4月.
func monthLabel(m string) string {
	y, mm, ok := strings.Cut(m, "-")
	n, err := strconv.Atoi(mm)
	if !ok || err != nil {
		return m
	}
	return y + "年" + strconv.Itoa(n) + "月"
}
