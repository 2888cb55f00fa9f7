package disclosure

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"kasane/internal/casework"
	"kasane/internal/report"
	"kasane/internal/sqldb"
)

// The 個人情報ファイル簿 (個人情報保護法第75条第1項: 行政機関の長等 keep and
// publish one for each 個人情報ファイル they hold; its items are those of
// 第74条第1項第1号〜第7号・第9号・第10号 and the 政令). kasane makes it from
// the live configuration: the items from the schema it runs on (the same
// catalog the 開示 bundle names columns with), the purposes and regular
// recipients from the consents and statutory bases in force, the ways of
// collection from the cases and outreach targets recorded.

// Register is the ファイル簿 of one municipality.
type Register struct {
	Title        string         `json:"title"`
	Municipality string         `json:"municipality"`
	GeneratedAt  time.Time      `json:"generated_at"`
	Generated    string         `json:"generated_at_display"`
	Items        []RegisterItem `json:"items"`
	// Fields: every item recorded, by kind of record (記録項目の詳細).
	Fields     []RegisterFields          `json:"fields"`
	Recipients []sqldb.RegisterRecipient `json:"recipients"`
	Facts      sqldb.FileRegisterFacts   `json:"facts"`
}

// RegisterItem is one line of the register.
type RegisterItem struct {
	Key   string `json:"key"`
	Label string `json:"label"`
	Value string `json:"value"`
}

// RegisterFields are the items of one kind of record.
type RegisterFields struct {
	Table string   `json:"table"`
	Title string   `json:"title"`
	Items []string `json:"items"`
}

// RecipientBases name the bases of regular provision.
var RecipientBases = pairs(
	"consent", "本人の同意",
	"statutory", "法令に基づく支援チームへの参加",
	"yotaikyo", "要保護児童対策地域協議会の構成機関（児童福祉法第25条の2・第25条の3）",
	"shien_kaigi", "支援会議の構成員（社会福祉法第106条の6）",
)

// sensitive columns: 要配慮個人情報 (第2条第3項: 病歴, 障害, 犯罪被害 …) kasane keeps.
var sensitive = []string{"assessments.health", "case_intake.handbook_kind", "case_intake.care_level", "needs_profiles.health_limits",
	"cases.problems", "persons.dv_protected"}

// BuildRegister makes the register from the facts.
func BuildRegister(f sqldb.FileRegisterFacts) Register {
	r := Register{Title: "個人情報ファイル簿", Municipality: f.MunicipalityName, GeneratedAt: f.GeneratedAt, Generated: instant(f.GeneratedAt),
		Recipients: f.Recipients, Facts: f}
	if r.Recipients == nil {
		r.Recipients = []sqldb.RegisterRecipient{}
	}
	r.Fields = registerFields(f.Schema)
	var summary []string
	for _, g := range r.Fields {
		summary = append(summary, g.Title+"（"+strings.Join(g.Items, "、")+"）")
	}
	orNone := func(ss []string, none string) string {
		if len(ss) == 0 {
			return none
		}
		return strings.Join(ss, "、")
	}
	purposes := "社会福祉法第106条の4に基づく重層的支援体制整備事業（包括的相談支援、参加支援、地域づくりに向けた支援、アウトリーチ等を通じた継続的支援、多機関協働、支援プランの作成）の実施のため、相談者及びその世帯の状況を把握し、関係機関と連携して支援を行い、その経過を記録するため。"
	if len(f.Purposes) > 0 {
		purposes += "\n本人の同意で定めた利用目的（現に有効な同意）: " + counted(f.Purposes)
	}
	have := map[string]bool{}
	for _, c := range f.Schema {
		have[c] = true
	}
	var sens []string
	for _, c := range sensitive {
		if have[c] {
			t, col, _ := strings.Cut(c, ".")
			cc, _ := columnOf(t, col)
			sens = append(sens, cc.label)
		}
	}
	sensText := "含まない"
	if len(sens) > 0 {
		sensText = "含む（心身の状況・病歴・障害・要介護度、虐待・DVなどの課題に関する記録: " + strings.Join(sens, "、") + "）"
	}
	r.Items = []RegisterItem{
		{"name", "個人情報ファイルの名称", "重層的支援体制整備事業 相談支援記録ファイル（kasane）"},
		{"agency", "行政機関等の名称", f.MunicipalityName},
		{"section", "個人情報ファイルが利用に供される事務をつかさどる組織の名称", orNone(f.Sections, "（市の担当課が登録されていません）")},
		{"purpose", "個人情報ファイルの利用目的", purposes},
		{"items", "記録項目", strings.Join(summary, "\n")},
		{"scope", "記録範囲", fmt.Sprintf("重層的支援体制整備事業により相談を受け、又は支援の対象となった者（アウトリーチ等の対象者、参加支援の対象者を含む）及びその世帯員・家族。\n記録されている本人の数: %d人（記録の数。同一人物の記録を含む）、ケース %d件（%s現在）", f.Persons, f.Cases, day(casework.Today(f.GeneratedAt)))},
		{"collection", "記録情報の収集方法", collection(f)},
		{"sensitive", "要配慮個人情報が含まれるときは、その旨", sensText},
		{"recipients", "記録情報の経常的提供先", recipients(f.Recipients)},
		{"office", "開示請求等を受理する組織の名称及び所在地", orNone(f.PrivacyOrgs, "（個人情報保護担当の職員が登録されていません）") + "（所在地は各市区町村で記入）"},
		{"special", "訂正及び利用停止に関する他の法律又はこれに基づく命令の規定による特別の定めがあるときは、その旨", "なし"},
		{"kind", "個人情報ファイルの種別", "電算処理ファイル（個人情報保護法第60条第2項第1号）"},
		{"anonymized", "行政機関等匿名加工情報の提案の募集をする個人情報ファイルである旨", "（募集の対象とするかは各市区町村で判断し記入）"},
		{"note", "備考", "kasane が " + instant(f.GeneratedAt) + " に、その時点の設定と記録から作成した。"},
	}
	return r
}

// registerFields lists the items of every kind of record about a resident
// the live schema holds, in Japanese, leaving out internal keys, ids and
// the times of entry.
func registerFields(schema []string) []RegisterFields {
	read := map[string]bool{}
	order := map[string]int{}
	for i, t := range sqldb.DisclosureTables() {
		read[t], order[t] = true, i
	}
	omitted := map[string]bool{}
	for _, c := range sqldb.DisclosureOmitted() {
		omitted[c] = true
	}
	by := map[string]*RegisterFields{}
	for _, tc := range schema {
		t, col, _ := strings.Cut(tc, ".")
		if !read[t] || omitted[tc] || col == "created_at" || col == "updated_at" {
			continue
		}
		c, ok := columnOf(t, col)
		if !ok {
			c = column{label: col}
		}
		switch c.kind {
		case kHidden, kID, kRef, kPerson, kCase:
			continue
		}
		g := by[t]
		if g == nil {
			g = &RegisterFields{Table: t, Title: tables[t].title}
			by[t] = g
		}
		if !hasStr(g.Items, c.label) {
			g.Items = append(g.Items, c.label)
		}
	}
	var out []RegisterFields
	for _, g := range by {
		out = append(out, *g)
	}
	sort.Slice(out, func(i, j int) bool { return order[out[i].Table] < order[out[j].Table] })
	return out
}

func counted(cs []sqldb.RegisterCount) string {
	var parts []string
	for _, c := range cs {
		parts = append(parts, fmt.Sprintf("%s（%d件）", c.Value, c.Count))
	}
	return strings.Join(parts, "、")
}

func collection(f sqldb.FileRegisterFacts) string {
	lines := []string{"本人、家族等からの相談、関係機関からの紹介及び情報提供（本人の同意又は法令に基づくもの）、会議での情報共有、アウトリーチ（訪問等）による把握、職員による支援の記録。"}
	if len(f.Routes) > 0 {
		lines = append(lines, "相談経路: "+counted(f.Routes))
	}
	if len(f.Methods) > 0 {
		lines = append(lines, "相談方法: "+counted(f.Methods))
	}
	if len(f.FoundVia) > 0 {
		lines = append(lines, "アウトリーチの把握の経路: "+counted(f.FoundVia))
	}
	return strings.Join(lines, "\n")
}

func recipients(rs []sqldb.RegisterRecipient) string {
	if len(rs) == 0 {
		return "なし（現に有効な同意・法令上の根拠による提供先はありません）"
	}
	var lines []string
	for _, b := range RecipientBases {
		var names []string
		for _, r := range rs {
			if r.Basis != b.Value {
				continue
			}
			n := r.Name + "（" + casework.OrgKinds.Label(r.Kind)
			if r.Basis == "statutory" {
				law := casework.Statutes.Label(r.Statute)
				if r.LawText != "" {
					law += ": " + r.LawText
				}
				n += "、" + law
			}
			names = append(names, n+"）")
		}
		if len(names) > 0 {
			lines = append(lines, b.Label+": "+strings.Join(names, "、"))
		}
	}
	return strings.Join(lines, "\n")
}

// RegisterTables are the sheets of the register's xlsx: the register, the
// items in detail, and the regular recipients.
func RegisterTables(r Register) []*report.Table {
	main := &report.Table{Name: "個人情報ファイル簿", Columns: []report.Column{report.Col("項目", report.Text), report.Col("内容", report.Text)}}
	for _, it := range r.Items {
		main.Rows = append(main.Rows, []any{it.Label, it.Value})
	}
	fields := &report.Table{Name: "記録項目", Columns: []report.Column{report.Col("記録の種類", report.Text), report.Col("記録項目", report.Text)}}
	for _, g := range r.Fields {
		for _, it := range g.Items {
			fields.Rows = append(fields.Rows, []any{g.Title, it})
		}
	}
	rec := &report.Table{Name: "経常的提供先", Columns: []report.Column{report.Col("機関", report.Text), report.Col("種別", report.Text),
		report.Col("根拠", report.Text), report.Col("法令", report.Text), report.Col("件数（同意・参加）", report.Int)}}
	for _, x := range r.Recipients {
		law := ""
		if x.Statute != "" {
			law = casework.Statutes.Label(x.Statute)
			if x.LawText != "" {
				law += ": " + x.LawText
			}
		}
		rec.Rows = append(rec.Rows, []any{x.Name, casework.OrgKinds.Label(x.Kind), RecipientBases.Label(x.Basis), law, x.Count})
	}
	return []*report.Table{main, fields, rec}
}
