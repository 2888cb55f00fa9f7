package web

import (
	"strings"

	"kasane/internal/casework"
	"kasane/internal/sqldb"
)

// qparam is one query parameter of an API operation.
type qparam struct {
	name, desc string
	schema     map[string]any
	required   bool
}

func qstr(name, desc string) qparam { return qparam{name: name, desc: desc, schema: str()} }
func qenum(name, desc string, l casework.CodeList) qparam {
	return qparam{name: name, desc: desc, schema: enum(l)}
}
func qvals(name, desc string, vals ...string) qparam {
	return qparam{name: name, desc: desc, schema: map[string]any{"type": "string", "enum": vals}}
}

var (
	// qFiscalYearText is the 年度 of the reports: 西暦 or 和暦 (report.ParseFiscalYear).
	qFiscalYearText = qparam{name: "fiscal_year", desc: "年度（4月〜3月。「2026」「令和8年度」「R8」のいずれの書き方も可。省略時は今年度）", schema: map[string]any{"type": "string"}}
	qFiscalYear     = qparam{name: "fiscal_year", desc: "年度（西暦4桁、4月〜3月。省略時は今年度）", schema: map[string]any{"type": "integer", "minimum": 2000, "maximum": 2100}}
	qEncoding       = qvals("encoding", "CSV の文字コード（utf8 は BOM 付き、cp932 は Shift_JIS）", "utf8", "cp932")
	qDate           = func(name, desc string) qparam {
		return qparam{name: name, desc: desc, schema: map[string]any{"type": "string", "format": "date"}}
	}
)

// queryParams declares the query parameters each GET (and DELETE) operation
// reads. A test checks that the parameters the summaries mention are
// declared and that the handlers read no others.
var queryParams = map[string][]qparam{
	"GET /api/v1/audit": {qstr("object_id", "対象の ID"), qstr("actor_id", "操作した職員の ID"), qenum("action", "操作の種類", casework.AuditActionLabels),
		{name: "flagged", desc: "個人情報保護担当への通知があるものだけ", schema: boolS},
		qstr("organization_id", "操作した職員の機関の ID"), qstr("person_id", "対象の本人の ID"), qstr("case", "対象のケースの ID またはケース番号"),
		qstr("from", "開始日（2026-04-01 または R8.4.1）"), qstr("to", "終了日（この日を含む）"),
		{name: "unreviewed", desc: "要確認で、まだ確認済みになっていないものだけ", schema: boolS},
		qstr("cursor", "前のページの next_cursor（これより古い記録）"), qstr("after", "この番号より新しい記録（前のページへ戻る）"),
		{name: "limit", desc: "最大件数（既定200）", schema: map[string]any{"type": "integer", "minimum": 1, "maximum": 1000}}},
	"GET /api/v1/persons": {{name: "q", desc: "氏名（漢字・かな・英字、異体字・全角半角・大文字小文字・空白の有無を問わない）、生年月日（1980-04-01、1980/4/1、S55.4.1、昭和55年4月1日。年月だけなら、その月生まれの方）または電話番号（6桁以上、ハイフンの有無を問わない）", schema: str(), required: true},
		{name: "limit", desc: "最大件数", schema: map[string]any{"type": "integer", "minimum": 1, "maximum": 100}}},
	"GET /api/v1/cases": {qenum("status", "ケースの状態", casework.CaseStatuses), qstr("organization_id", "支援チームに入っている機関の ID"),
		qstr("person_id", "本人の ID"), qstr("lead_worker_id", "主担当者の ID"), qstr("cursor", "前のページの next_cursor"),
		// issue 21: the case list's filters (the same as the /cases page)
		qenum("bunya", "分野", casework.Bunya),
		qenum("problem", "課題（ケースの支援経過記録 records を閲覧できるケースだけが対象）", casework.Problems),
		qstr("lead_org_id", "主担当機関の ID"),
		qstr("district", "地区: 本人の住所（実際の居所、なければ住民票上の住所）の一部。住所を閲覧できるケースだけが対象"),
		qstr("received_from", "受付日（この日から。2026-04-01 のほか R8.4.1 などの和暦も可）"),
		qstr("received_to", "受付日（この日まで。和暦も可）"),
		{name: "stale_days", desc: "最終記録（記録がなければ受付）からこの日数以上たったケースだけ", schema: map[string]any{"type": "integer", "minimum": 1, "maximum": 3650}},
		qstr("q", "キーワード（ケース番号または本人の氏名の一部）"),
		qenum("sort", "並び順（- で逆順）", sqldb.CaseSorts),
		{name: "limit", desc: "1ページの最大件数（既定 100）", schema: map[string]any{"type": "integer", "minimum": 1, "maximum": 500}}},
	"GET /api/v1/referrals": {qenum("status", "つなぎの状態", casework.ReferralStatuses),
		{name: "overdue", desc: "期限を過ぎたものだけ", schema: boolS}},
	"GET /api/v1/services":         {qstr("q", "名称の一部")},
	"GET /api/v1/outreach-targets": {qenum("stage", "段階", casework.OutreachStages)},
	"GET /api/v1/outreach-reports": {qFiscalYear, qstr("organization_id", "委託先の機関の ID"),
		qvals("format", "json（既定）、csv、xlsx（ファイルとして出力、監査記録あり）", "json", "csv", "xlsx"), qEncoding},
	"GET /api/v1/community-counts":      {qFiscalYear},
	"GET /api/v1/participation-matches": {qstr("person_id", "本人の ID"), qstr("resource_id", "社会資源の ID")},
	"GET /api/v1/meetings":              {qDate("from", "この日以降（YYYY-MM-DD、和暦も可）"), qDate("to", "この日まで（YYYY-MM-DD、和暦も可）")},
	"GET /api/v1/calendar": {qDate("from", "開始日（YYYY-MM-DD、和暦も可）"),
		{name: "days", desc: "日数", schema: map[string]any{"type": "integer", "minimum": 1}}},
	"GET /api/v1/reports/annual": {qFiscalYearText, qvals("format", "json（既定）、csv、xlsx", "json", "csv", "xlsx"), qEncoding},
	"GET /api/v1/reports/annual/records": {qFiscalYearText, qstr("section", "集計表の節"),
		{name: "month", desc: "月（YYYY-MM）", schema: map[string]any{"type": "string", "pattern": `^\d{4}-\d{2}$`}},
		qenum("bunya", "分野", casework.Bunya), qenum("jigyo", "事業", casework.Jigyo), qenum("reason", "終結の理由", casework.ClosureReasons),
		qenum("status", "つなぎの状態", casework.ReferralStatuses), qenum("bucket", "日数の区分", sqldb.DayBucketList())},
	"GET /api/v1/reports/annual/snapshots": {qFiscalYearText},
	"GET /api/v1/reports/targets":          {qFiscalYearText},
	"GET /api/v1/reports/dashboard":        {qFiscalYearText},
	"GET /api/v1/exports/{kind}":           {qvals("format", "ファイルの形式", "csv", "xlsx"), qEncoding, qFiscalYear},
	"DELETE /api/v1/ecomap-ties/{id}": {{name: "version", desc: "削除する版（楽観的排他）", required: true,
		schema: map[string]any{"type": "integer"}}},
}

// pathParamSchemas gives path parameters other than opaque ids their type.
var pathParamSchemas = map[string]map[string]any{
	"kind":        enum(sqldb.ExportKinds),
	"fiscal_year": {"type": "integer", "minimum": 2000, "maximum": 2100},
}

func parameters(key, path string) []any {
	var out []any
	for _, seg := range strings.Split(path, "/") {
		if strings.HasPrefix(seg, "{") && strings.HasSuffix(seg, "}") {
			name := strings.Trim(seg, "{}")
			schema, ok := pathParamSchemas[name]
			if !ok {
				schema = str()
			}
			out = append(out, map[string]any{"name": name, "in": "path", "required": true, "schema": schema})
		}
	}
	for _, q := range queryParams[key] {
		p := map[string]any{"name": q.name, "in": "query", "description": q.desc, "schema": q.schema}
		if q.required {
			p["required"] = true
		}
		out = append(out, p)
	}
	return out
}

// operationID names an operation after its method and path, e.g.
// GET /cases/{id}/contacts → getCasesContacts, GET /cases/{id} →
// getCasesById. A test checks that the names are unique.
func operationID(method, path string) string {
	var b strings.Builder
	b.WriteString(strings.ToLower(method))
	segs := strings.Split(strings.Trim(path, "/"), "/")
	for i, seg := range segs {
		if strings.HasPrefix(seg, "{") {
			if i == len(segs)-1 {
				b.WriteString("By" + camel(strings.Trim(seg, "{}")))
			}
			continue
		}
		b.WriteString(camel(strings.TrimSuffix(seg, ".json")))
	}
	return b.String()
}

func camel(s string) string {
	var b strings.Builder
	for _, part := range strings.FieldsFunc(s, func(r rune) bool { return r == '-' || r == '_' || r == '.' }) {
		b.WriteString(strings.ToUpper(part[:1]) + part[1:])
	}
	return b.String()
}
