package disclosure

import (
	"strconv"
	"strings"

	"kasane/internal/report"
)

// Tables are the sheets of the bundle's xlsx: every field of every record
// on its own row with its marks, the requests and counts on the first
// sheet, and what staff check beside the bundle.
func Tables(b Bundle) []*report.Table {
	head := &report.Table{Name: "開示請求", Columns: []report.Column{report.Col("項目", report.Text), report.Col("内容", report.Text)}}
	for _, kv := range [][2]string{
		{"資料", b.Title}, {"行政機関等", b.Municipality}, {"本人", b.PersonName}, {"請求番号", b.Request.Number},
		{"受付日", day(b.Request.ReceivedOn)}, {"請求者", b.Request.RequesterName + "（" + b.Request.RequesterRelation + "）"},
		{"決定期限（第83条第1項）", day(b.Request.DueOn)}, {"作成日時", b.ProducedAtDisplay}, {"作成者", b.ProducedBy + "（" + b.ProducedByOrg + "）"},
	} {
		head.Rows = append(head.Rows, []any{kv[0], kv[1]})
	}
	head.Rows = append(head.Rows, []any{"記録の数", strconv.Itoa(b.Counts.Records)}, []any{"第三者の情報の印", strconv.Itoa(b.Counts.ThirdParty)},
		[]any{"評価・判断の印", strconv.Itoa(b.Counts.Evaluation)})
	for _, n := range b.Notes {
		head.Rows = append(head.Rows, []any{"注記", n})
	}
	recs := &report.Table{Name: "記録", Columns: []report.Column{report.Col("区分", report.Text), report.Col("記録の種類", report.Text),
		report.Col("記録ID", report.Text), report.Col("項目", report.Text), report.Col("内容", report.Text),
		report.Col("第三者の情報", report.Text), report.Col("評価・判断", report.Text), report.Col("文中の第三者", report.Text), report.Col("記録の注記", report.Text)}}
	for _, s := range b.Sections {
		for _, g := range s.Groups {
			for _, r := range g.Records {
				for _, f := range r.Fields {
					tp, ev := "", ""
					if f.Marked(MarkThirdParty) || r.Marked(MarkThirdParty) {
						tp = "該当"
					}
					if f.Marked(MarkEvaluation) {
						ev = "該当"
					}
					recs.Rows = append(recs.Rows, []any{s.Title, g.Title, r.ID, f.Label, f.Value, tp, ev, strings.Join(f.Mentions, "、"), r.Note})
				}
			}
		}
	}
	rev := &report.Table{Name: "確認が必要な関連記録", Columns: []report.Column{report.Col("種類", report.Text), report.Col("記録", report.Text),
		report.Col("確認すること", report.Text), report.Col("ID", report.Text)}}
	for _, r := range b.Review {
		kind := "世帯員のケース"
		if r.Kind == "meeting_minutes" {
			kind = "会議全体の議事録"
		}
		rev.Rows = append(rev.Rows, []any{kind, r.Title, r.Detail, r.ID})
	}
	return []*report.Table{head, recs, rev}
}
