package sqldb

import (
	"context"
	"strings"

	"kasane/internal/casework"
	"kasane/internal/report"
)

// caseListExportMax bounds one export of the case list.
const caseListExportMax = 20000

// CaseListExport is the filtered case list as a table to download: every
// case the list would show under f (all pages, in its order), each limited
// as the list limits it (課題 only with `records`). The export is audited in
// the same transaction, before the table is returned (rule 8); what names
// the filters is the audit reason.
func (db *DB) CaseListExport(ctx context.Context, a casework.Actor, f CaseFilter, o ExportOptions, described string) (*report.Table, error) {
	tb := &report.Table{Name: "ケース一覧", Columns: []report.Column{report.Col("ケース番号", report.Text), report.Col("本人", report.Text),
		report.Col("受付日", report.Date), report.Col("状態", report.Text), report.Col("分野", report.Text), report.Col("課題", report.Text),
		report.Col("主担当機関", report.Text), report.Col("最終記録日時", report.DateTime)}}
	if err := casework.CheckNotHostOnly(a); err != nil {
		return nil, err
	}
	f.PersonID, f.WithCounts = "", false
	err := db.inRead(ctx, "出力", func(tx *Tx) error {
		if casework.CanHandleCases(a) {
			names, err := tx.orgNames(ctx, a.MunicipalityID)
			if err != nil {
				return err
			}
			f.setNow(tx.now)
			err = tx.allTeamCases(ctx, a, f, casework.Today(tx.now), func(c casework.Case) bool {
				var bunya []string
				for _, b := range c.Bunya {
					bunya = append(bunya, casework.Bunya.Label(b))
				}
				var last any
				if c.LastContactAt != nil {
					last = *c.LastContactAt
				}
				tb.Rows = append(tb.Rows, []any{c.Number, c.FocusName, c.ReceivedOn, casework.CaseStatuses.Label(c.Status),
					strings.Join(bunya, "・"), strings.Join(c.Problems, "・"), names[c.LeadOrgID], last})
				return len(tb.Rows) < caseListExportMax
			})
			if err != nil {
				return err
			}
		}
		reason := strings.TrimSpace(strings.TrimSpace(o.Format+" "+o.Encoding) + " " + itoa(len(tb.Rows)) + "件 " + described)
		return tx.audit(ctx, a, auditRecord{Action: casework.ActExport, ObjectType: "cases", Reason: reason})
	})
	if err != nil {
		return nil, err
	}
	return tb, nil
}
