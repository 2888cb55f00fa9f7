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
		// issue 22: the population of the figures per 10万人
		{"POST /reports/populations", false, (*Server).populationSave},
		{"GET /api/v1/reports/populations", false, (*Server).apiPopulations},
		{"POST /api/v1/reports/populations", false, (*Server).apiSetPopulation},
	}
	reportDocs = map[string]apiDoc{
		"GET /api/v1/reports/annual": {"年度集計（fiscal_year=2026 / 令和8年度 / R8、4月〜3月）。月別・事業別・分野別の件数と時間、ケース・支援経過記録・つなぎの節は実人数（persons、月別は persons_months）と世帯数（households）つき、新規相談の内訳（受付機関（受付時の機関）・経路・方法・年齢・性別・主な課題・スクリーニング）、実施計画の評価指標（indicators: 実績・目標・達成率・人口10万人あたり）。format=csv|xlsx でファイル（encoding=cp932 可）",
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
		"GET /api/v1/reports/populations":  {"年度ごとの人口の設定（実施計画の評価指標の人口10万人あたりの基礎、新しい年度から）", "", "PopulationList", false},
		"POST /api/v1/reports/populations": {"年度の人口を設定する（市区町村管理者のみ。変更時は version 必須。as_of は基準日、和暦可）", "Population", "Population", false},
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
		"persons":        map[string]any{"type": "integer", "description": "実人数: 年間合計の元になった本人の数（名寄せで同一人物とした記録は1人、年度内の重複を除く）。ケース・支援経過記録（件数）・つなぎの節だけ"},
		"households":     map[string]any{"type": "integer", "description": "世帯数: 同じ記録の世帯の数（世帯のない本人は1世帯）。persons のある行だけ"},
		"persons_months": map[string]any{"type": "array", "items": integer, "description": "月別の実人数（4月〜3月、その月に記録のあった本人の数）。年度の persons は各月の和ではない。persons のある行だけ"}}, "label", "months", "total")
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
			"indicators":        ref("IndicatorSet"),
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
		"IndicatorSet": obj(map[string]any{
			"population":             map[string]any{"type": "integer", "description": "人口10万人あたりの値に使った人口（未設定なら省略）"},
			"population_fiscal_year": map[string]any{"type": "integer", "description": "その人口を設定した年度（その年度の設定がなければ前の年度の最新の設定）"},
			"population_as_of":       map[string]any{"type": "string", "description": "人口の基準日 YYYY-MM-DD"},
			"rows": map[string]any{"type": "array", "description": "重層的支援体制整備事業実施計画（社会福祉法第106条の5）の評価指標", "items": obj(map[string]any{
				"key": enum(planIndicatorCodes()), "label": str(), "jigyo": str(), "basis": str(), "unit": str(), "actual": integer,
				"target":          map[string]any{"type": []string{"integer", "null"}},
				"percent":         map[string]any{"type": []string{"number", "null"}, "description": "達成率（%、小数第2位以下切り捨て。目標がない・0なら null）"},
				"actual_per_100k": map[string]any{"type": []string{"number", "null"}, "description": "人口10万人あたりの実績（人口未設定なら null）"},
				"target_per_100k": map[string]any{"type": []string{"number", "null"}, "description": "人口10万人あたりの目標"}}, "key", "label", "actual")}}, "rows"),
		"Population":     obj(map[string]any{"fiscal_year": integer, "population": integer, "as_of": str(), "note": str(), "version": integer}, "fiscal_year", "population"),
		"PopulationList": listSchema("Population"),
		"Dashboard": obj(map[string]any{"fiscal_year": integer, "today": str(), "cases_by_status": counts, "new_by_month": section,
			"months": strs, "referral_wait": counts, "referral_summary": map[string]any{"type": "object", "additionalProperties": number},
			"watches": counts, "progress": map[string]any{"type": "array", "items": progress}}),
	}
}

// planIndicatorCodes are the keys of the indicator set of the 実施計画.
func planIndicatorCodes() casework.CodeList {
	var l casework.CodeList
	for _, p := range report.PlanIndicators {
		l = append(l, casework.CodeItem{Value: p.Key, Label: p.Label})
	}
	return l
}
