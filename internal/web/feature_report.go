package web

import (
	"kasane/internal/casework"
	"kasane/internal/report"
	"kasane/internal/sqldb"
)

// The report feature: annual report (年度集計) with drill-down, snapshots,
// targets, the dashboard and list exports.
var (
	reportRoutes = []route{
		// pages
		{"GET /reports", false, (*Server).dashboardPage},
		{"GET /reports/dashboard", false, (*Server).dashboardPage},
		{"GET /reports/annual", false, (*Server).annualPage},
		{"GET /reports/annual/records", false, (*Server).annualRecordsPage},
		{"POST /reports/annual/snapshots", false, (*Server).snapshotCreate},
		{"GET /reports/snapshots", false, (*Server).snapshotsPage},
		{"GET /reports/snapshots/{id}", false, (*Server).snapshotPage},
		{"GET /reports/targets", false, (*Server).targetsPage},
		{"POST /reports/targets", false, (*Server).targetSave},
		{"GET /exports", false, (*Server).exportPage},
		{"GET /exports/{kind}", false, (*Server).exportDownload},

		// JSON API
		{"GET /api/v1/reports/annual", false, (*Server).apiAnnualReport},
		{"GET /api/v1/reports/annual/records", false, (*Server).apiAnnualRecords},
		{"POST /api/v1/reports/annual/snapshots", false, (*Server).apiCreateSnapshot},
		{"GET /api/v1/reports/annual/snapshots", false, (*Server).apiSnapshots},
		{"GET /api/v1/reports/annual/snapshots/{id}", false, (*Server).apiSnapshot},
		{"GET /api/v1/reports/targets", false, (*Server).apiTargets},
		{"POST /api/v1/reports/targets", false, (*Server).apiSetTarget},
		{"GET /api/v1/reports/dashboard", false, (*Server).apiDashboard},
		{"GET /api/v1/exports/{kind}", false, (*Server).apiExport},
	}
	reportDocs = map[string]apiDoc{
		"GET /api/v1/reports/annual": {"年度集計（fiscal_year=2026 / 令和8年度 / R8、4月〜3月）。月別・事業別・分野別の件数と時間、ケースの節は実人数（persons）と世帯数（households）つき、新規相談の内訳（受付機関・経路・方法・年齢・性別・主な課題・スクリーニング）。format=csv|xlsx でファイル（encoding=cp932 可）",
			"", "AnnualReport", false},
		"GET /api/v1/reports/annual/records": {"集計の数字の元になった記録（section=, month=YYYY-MM, bunya=, jigyo=, reason=, status=, bucket=）。閲覧できるケースの記録だけを返し、他は hidden に件数のみ",
			"", "ReportRecords", false},
		"POST /api/v1/reports/annual/snapshots":     {"年度集計を実行して変更できない記録（スナップショット）として保存する", "SnapshotRequest", "Snapshot", true},
		"GET /api/v1/reports/annual/snapshots":      {"保存した年度集計の一覧（fiscal_year= で絞り込み）", "", "SnapshotList", false},
		"GET /api/v1/reports/annual/snapshots/{id}": {"保存した年度集計（保存時の内容と条件）", "", "Snapshot", false},
		"GET /api/v1/reports/targets":               {"年度の目標値の一覧（fiscal_year=）", "", "TargetList", false},
		"POST /api/v1/reports/targets":              {"目標値を設定する（市区町村管理者のみ。変更時は version 必須）", "Target", "Target", false},
		"GET /api/v1/reports/dashboard":             {"ダッシュボード：状態別ケース数、月別・分野別の新規相談、つなぎの待ち日数、対応が必要なことの件数、目標と実績", "", "Dashboard", false},
		"GET /api/v1/exports/{kind}": {"一覧の出力（kind=cases|persons|contacts、format=csv|xlsx、encoding=utf8|cp932、fiscal_year=）。閲覧できるものだけを出力し、監査ログに記録。CP932 で表せない文字は〓に置き換え、X-Kasane-Unencodable ヘッダに件数",
			"", "", false},
	}
	reportCodes = map[string]casework.CodeList{
		"reportIndicators": report.Indicators,
		"reportSections":   report.Titles,
		"exportKinds":      sqldb.ExportKinds,
		"exportFormats":    {{Value: "csv", Label: "CSV"}, {Value: "xlsx", Label: "Excel（.xlsx）"}},
		"exportEncodings":  {{Value: "utf8", Label: "UTF-8（BOM付き）"}, {Value: "cp932", Label: "Shift_JIS（CP932、古い Excel 向け）"}},
	}
)

func reportSchemas() map[string]any {
	integer := map[string]any{"type": "integer"}
	number := map[string]any{"type": "number"}
	ints := map[string]any{"type": "array", "items": integer}
	strs := map[string]any{"type": "array", "items": str()}
	strMap := map[string]any{"type": "object", "additionalProperties": str()}
	row := obj(map[string]any{"label": str(), "filter": strMap, "months": ints, "total": integer, "share": number,
		"persons":    map[string]any{"type": "integer", "description": "実人数: 年間合計の元になった本人の数（名寄せで同一人物とした記録は1人）。ケースの節だけ"},
		"households": map[string]any{"type": "integer", "description": "世帯数: 同じ記録の世帯の数（世帯のない本人は1世帯）。ケースの節だけ"}}, "label", "months", "total")
	section := obj(map[string]any{"key": enum(report.Titles), "title": str(), "unit": str(), "note": str(), "drill": map[string]any{"type": "boolean"},
		"rows": map[string]any{"type": "array", "items": row}, "summary": map[string]any{"type": "object", "additionalProperties": number},
		"primary": map[string]any{"type": "array", "items": row, "description": "分野別の節だけ: 1件を最初の分野（コード表の順）に1回だけ数えた行（分野なしは「未設定」）。行の合計が実件数と一致する（積み上げグラフ用）"}}, "key", "title", "rows")
	count := obj(map[string]any{"key": str(), "label": str(), "value": integer})
	counts := map[string]any{"type": "array", "items": count}
	progress := obj(map[string]any{"indicator": enum(report.Indicators), "label": str(), "target": integer, "actual": integer, "percent": integer})
	return map[string]any{
		"AnnualReport": obj(map[string]any{"fiscal_year": integer, "from": str(), "to": str(), "months": strs,
			"fiscal_year_label": map[string]any{"type": "string", "description": "和暦の年度（令和8年度）"},
			"month_labels":      map[string]any{"type": "array", "items": str(), "description": "和暦の月（令和8年4月 …）"},
			"sections":          map[string]any{"type": "array", "items": section},
			"pending":           map[string]any{"type": "array", "items": obj(map[string]any{"key": str(), "title": str(), "note": str()})},
			"generated_at":      str()}, "fiscal_year", "sections"),
		"ReportRecord": obj(map[string]any{"kind": enum(casework.CodeList{{Value: "case", Label: "ケース"}, {Value: "referral", Label: "つなぎ"}, {Value: "contact", Label: "支援経過"}}),
			"id": str(), "case_id": str(), "case_number": str(), "person_name": str(), "date": str(), "detail": str()}),
		"ReportRecords": obj(map[string]any{"items": map[string]any{"type": "array", "items": ref("ReportRecord")}, "total": integer,
			"hidden": integer, "more": map[string]any{"type": "boolean"}}, "items", "total", "hidden"),
		"SnapshotRequest": obj(map[string]any{"fiscal_year": integer, "title": str()}, "fiscal_year"),
		"Snapshot": obj(map[string]any{"id": str(), "kind": str(), "fiscal_year": integer, "title": str(), "params": strMap, "digest": str(),
			"intact": map[string]any{"type": "boolean"}, "created_by": str(), "created_by_name": str(), "created_at": str(), "report": ref("AnnualReport")},
			"id", "fiscal_year", "params", "created_at"),
		"SnapshotList": listSchema("Snapshot"),
		"Target": obj(map[string]any{"id": str(), "fiscal_year": integer, "indicator": enum(report.Indicators), "target": integer, "note": str(),
			"version": integer}, "fiscal_year", "indicator", "target"),
		"TargetList": listSchema("Target"),
		"Dashboard": obj(map[string]any{"fiscal_year": integer, "today": str(), "cases_by_status": counts, "new_by_month": section,
			"months": strs, "referral_wait": counts, "referral_summary": map[string]any{"type": "object", "additionalProperties": number},
			"watches": counts, "progress": map[string]any{"type": "array", "items": progress}}),
	}
}
