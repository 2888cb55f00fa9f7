package disclosure

import (
	"encoding/json"
	"sort"
	"strings"
	"time"

	"kasane/internal/casework"
	"kasane/internal/japanese"
	"kasane/internal/sqldb"
)

// Bundle is the 開示 bundle of one person: every record kasane holds about
// them, named in Japanese, with the marks staff weigh for a 部分開示. It is
// the JSON of GET /api/v1/persons/{id}/disclosure and what the print view
// and the xlsx show.
type Bundle struct {
	Title             string                     `json:"title"`
	Request           casework.DisclosureRequest `json:"request"`
	Municipality      string                     `json:"municipality"`
	ProducedAt        time.Time                  `json:"produced_at"`
	ProducedAtDisplay string                     `json:"produced_at_display"`
	ProducedBy        string                     `json:"produced_by"`
	ProducedByOrg     string                     `json:"produced_by_organization"`
	PersonName        string                     `json:"person_name"`
	// PersonIDs: the requested record, then those linked with it as the
	// same person (名寄せ), all included.
	PersonIDs []string          `json:"person_ids"`
	Marks     casework.CodeList `json:"marks"`
	Notes     []string          `json:"notes"`
	Sections  []Section         `json:"sections"`
	// Review lists what staff check beside the bundle (not part of it).
	Review []ReviewItem `json:"review"`
	Counts Counts       `json:"counts"`
}

// Section is a part of the bundle: the person, the household, one case, …
type Section struct {
	Key        string  `json:"key"`
	Title      string  `json:"title"`
	CaseID     string  `json:"case_id,omitempty"`
	CaseNumber string  `json:"case_number,omitempty"`
	Groups     []Group `json:"groups"`
}

// Group is the records of one table in a section.
type Group struct {
	Table   string   `json:"table"`
	Title   string   `json:"title"`
	Records []Record `json:"records"`
}

// Record is one stored record.
type Record struct {
	Table  string   `json:"table"`
	ID     string   `json:"id,omitempty"`
	Marks  []string `json:"marks,omitempty"`
	Note   string   `json:"note,omitempty"`
	Fields []Field  `json:"fields"`
}

// Field is one column of a record, with the value as read out; Stored is
// the value as stored when it differs (a code, an id).
type Field struct {
	Column string   `json:"column"`
	Label  string   `json:"label"`
	Value  string   `json:"value"`
	Stored string   `json:"stored,omitempty"`
	Marks  []string `json:"marks,omitempty"`
	// Mentions: third parties' names found in the text.
	Mentions []string `json:"mentions,omitempty"`
}

// Marked reports whether the field carries mark m.
func (f Field) Marked(m string) bool { return hasStr(f.Marks, m) }

// Marked reports whether the record carries mark m.
func (r Record) Marked(m string) bool { return hasStr(r.Marks, m) }

// ReviewItem is something staff check beside the bundle.
type ReviewItem struct {
	Kind   string `json:"kind"` // related_case, meeting_minutes
	Title  string `json:"title"`
	Detail string `json:"detail"`
	ID     string `json:"id"`
}

// Counts sum the bundle up.
type Counts struct {
	Records    int `json:"records"`
	ThirdParty int `json:"third_party_fields"`
	Evaluation int `json:"evaluation_fields"`
}

// notes are said on every bundle.
var notes = []string{
	"この資料は、重層的支援体制整備事業の記録システム kasane が保有する本人の記録のすべてを、記録の種類ごとに示したものです（個人情報の保護に関する法律第76条の開示請求に対するもの）。",
	"「第三者の情報」の印は、本人以外の個人（世帯員・家族・来談者・キーパーソンなど）が記録や文章の中に現れるものです。開示により第三者の権利利益を害するおそれがないかを判断してください（同法第78条第1項第2号）。",
	"「評価・判断」の印は、アセスメントの判断、プランの評価、会議での検討・決定など、事務・事業の適正な遂行に支障を及ぼすおそれがないかを判断する記録です（同法第78条第1項第7号）。",
	"同一人物と判定された記録（名寄せ）がある場合は、そのすべてを含めています。",
	"会議全体の議事録は、他の方の案件を含むため含めていません。本人の案件ごとの記録（会議の案件）は含めています。議事録に本人についての記載がないかは「確認が必要な関連記録」で確認してください。",
	"DV等支援措置の対象の方について: kasane は加害者とされる方の住所などを記録していません。本人の住所は本人への開示として含めています。",
	"職員の氏名は、公務員の職及び氏名（同法第78条第1項第2号ハ）として示しています。委託先の職員の氏名の扱いは各機関の方針に従ってください。",
}

// builder holds what reading out a row needs.
type builder struct {
	d          sqldb.DisclosureData
	self       map[string]bool   // the person's own records
	cases      map[string]string // case id → number
	contacts   map[string]string // contact id → case id
	meetings   map[string]string // meeting id → its title and day
	mcase      map[string]string // meeting id → the first case of the person it discussed
	plans      map[string]string // plan id → 第N版
	households map[string]string // household id → its name
	names      []nameForm        // third parties' names, for the text
	ownNames   map[string]bool   // forms of the person's own names
}

// nameForm is a form of a third party's name to look for in text.
type nameForm struct{ form, name string }

// Build makes the bundle of d.
func Build(d sqldb.DisclosureData) Bundle {
	b := &builder{d: d, self: map[string]bool{}, cases: map[string]string{}, contacts: map[string]string{}, meetings: map[string]string{},
		mcase: map[string]string{}, plans: map[string]string{}, households: map[string]string{}, ownNames: map[string]bool{}}
	for _, id := range d.PersonIDs {
		b.self[id] = true
	}
	b.index()
	out := Bundle{Title: "保有個人情報開示資料", Request: d.Request, Municipality: d.MunicipalityName, ProducedAt: d.ProducedAt,
		ProducedAtDisplay: instant(d.ProducedAt), ProducedBy: d.ProducedBy, ProducedByOrg: d.ProducedByOrg, PersonIDs: d.PersonIDs,
		Marks: MarkLabels, Notes: notes, Sections: []Section{}, Review: []ReviewItem{}}
	if len(d.PersonIDs) > 0 {
		out.PersonName = d.Names[d.PersonIDs[0]]
	}
	sections := map[string]*Section{}
	var order []string
	sectionOf := func(key, caseID string) *Section {
		k := key + "/" + caseID
		if s := sections[k]; s != nil {
			return s
		}
		s := &Section{Key: key, Title: Sections.Label(key), CaseID: caseID}
		if caseID != "" {
			s.CaseNumber = b.cases[caseID]
			s.Title = "ケース " + s.CaseNumber
		}
		sections[k] = s
		order = append(order, k)
		return s
	}
	for _, row := range d.Rows {
		t := tables[row.Table]
		key, caseID := t.section, ""
		if key == "case" {
			caseID = b.caseOf(row)
			if caseID == "" {
				key = "outreach" // a meeting that discussed only an outreach target
			}
		}
		s := sectionOf(key, caseID)
		rec := b.record(row)
		if len(s.Groups) == 0 || s.Groups[len(s.Groups)-1].Table != row.Table {
			title := t.title
			if title == "" {
				title = row.Table
			}
			s.Groups = append(s.Groups, Group{Table: row.Table, Title: title})
		}
		g := &s.Groups[len(s.Groups)-1]
		g.Records = append(g.Records, rec)
		out.Counts.Records++
		for _, f := range rec.Fields {
			if f.Marked(MarkThirdParty) {
				out.Counts.ThirdParty++
			}
			if f.Marked(MarkEvaluation) {
				out.Counts.Evaluation++
			}
		}
	}
	// sections in the order of Sections, cases in the order they came
	rank := map[string]int{}
	for i, s := range Sections {
		rank[s.Value] = i
	}
	sort.SliceStable(order, func(i, j int) bool {
		return rank[sections[order[i]].Key] < rank[sections[order[j]].Key]
	})
	for _, k := range order {
		out.Sections = append(out.Sections, *sections[k])
	}
	for _, r := range d.Related {
		out.Review = append(out.Review, ReviewItem{Kind: "related_case", ID: r.CaseID,
			Title:  "世帯員のケース " + r.Number + "（受付 " + day(r.ReceivedOn) + "）",
			Detail: "本人が世帯員として含まれる世帯の、他の方のケースです。本人についての記載があるかを確認し、あれば第三者の情報に注意して開示を判断してください（この資料には含めていません）。"})
	}
	for _, m := range d.Minutes {
		out.Review = append(out.Review, ReviewItem{Kind: "meeting_minutes", ID: m.MeetingID,
			Title:  "会議全体の議事録: " + m.Title + "（" + instant(m.ScheduledAt) + "）",
			Detail: "本人の案件を話し合った会議の、会議全体の議事録です。本人についての記載があるかを確認してください（この資料には含めていません）。"})
	}
	return out
}

// index reads what the rows refer to each other by.
func (b *builder) index() {
	for _, r := range b.d.Rows {
		switch r.Table {
		case "cases":
			b.cases[r.Get("id")] = r.Get("number")
		case "contacts":
			b.contacts[r.Get("id")] = r.Get("case_id")
		case "meetings":
			b.meetings[r.Get("id")] = r.Get("title") + "（" + instant(parseInstant(r.Get("scheduled_at"))) + "）"
		case "meeting_items":
			if b.mcase[r.Get("meeting_id")] == "" {
				b.mcase[r.Get("meeting_id")] = r.Get("case_id")
			}
		case "plans":
			b.plans[r.Get("id")] = "第" + r.Get("revision") + "版"
		case "households":
			b.households[r.Get("id")] = r.Get("label")
		case "persons":
			for _, f := range []string{r.Get("family_name") + r.Get("given_name"), r.Get("family_name") + " " + r.Get("given_name"),
				r.Get("family_name"), r.Get("given_name"), r.Get("maiden_name"), r.Get("alias")} {
				if f = strings.TrimSpace(f); f != "" {
					b.ownNames[f] = true
				}
			}
		}
	}
	// third parties: every other person a row names, and the names typed
	// into the record of people who are no person record
	seen := map[string]bool{}
	addName := func(name string) {
		name = strings.TrimSpace(name)
		if name == "" || seen[name] || b.ownNames[name] {
			return
		}
		seen[name] = true
		for _, f := range nameForms(name) {
			if !b.ownNames[f] {
				b.names = append(b.names, nameForm{form: f, name: name})
			}
		}
	}
	for id, n := range b.d.Names {
		if !b.self[id] {
			addName(n)
		}
	}
	for _, r := range b.d.Rows {
		switch r.Table {
		case "case_intake":
			addName(r.Get("visitor_name"))
		case "ecomap_ties":
			if r.Get("counterpart_kind") == "informal" {
				addName(r.Get("name"))
			}
		}
	}
	// longer forms first, so that a full name is reported rather than a part
	sort.SliceStable(b.names, func(i, j int) bool { return len(b.names[i].form) > len(b.names[j].form) })
}

// nameForms are the forms of a name looked for in text: as written, without
// its space, and its parts of two characters or more.
func nameForms(name string) []string {
	forms := []string{name}
	if joined := strings.Join(strings.Fields(name), ""); joined != name {
		forms = append(forms, joined)
	}
	if parts := strings.Fields(name); len(parts) > 1 {
		for _, p := range parts {
			if len([]rune(p)) >= 2 {
				forms = append(forms, p)
			}
		}
	}
	return forms
}

// caseOf is the person's case a row belongs to ("" for none).
func (b *builder) caseOf(r sqldb.DisclosureRow) string {
	switch r.Table {
	case "cases":
		return r.Get("id")
	case "contact_history":
		return b.contacts[r.Get("contact_id")]
	case "meetings":
		return b.mcase[r.Get("id")]
	}
	return r.Get("case_id")
}

// record reads out one row.
func (b *builder) record(r sqldb.DisclosureRow) Record {
	rec := Record{Table: r.Table, ID: r.Get("id"), Fields: []Field{}}
	switch r.Table {
	case "household_members":
		if !b.self[r.Get("person_id")] {
			rec.Marks = append(rec.Marks, MarkThirdParty)
			rec.Note = "本人以外の世帯員の記録です（この資料には氏名と続柄などの世帯の記録だけを示しています）。"
		}
	case "duplicate_candidates", "duplicate_decisions":
		if !b.self[r.Get("person_a")] || !b.self[r.Get("person_b")] {
			rec.Note = "本人と別の方の記録との照合です。"
		}
	}
	for _, name := range r.Cols {
		col, known := columnOf(r.Table, name)
		if !known {
			col = column{label: name, kind: kText}
		}
		if col.kind == kHidden {
			continue
		}
		stored := r.Get(name)
		if stored == "" {
			continue
		}
		f := Field{Column: name, Label: col.label, Value: stored}
		if col.mark != "" {
			f.Marks = append(f.Marks, col.mark)
		}
		b.readOut(r, col, &f)
		if f.Value == "" {
			continue // e.g. an empty role split
		}
		if f.Value != stored {
			f.Stored = stored
		}
		if r.Table == "ecomap_ties" && name == "name" && r.Get("counterpart_kind") == "informal" {
			f.Marks = addMark(f.Marks, MarkThirdParty)
		}
		if col.kind == kText || col.kind == kLines || col.kind == kJSON {
			if m := b.mentions(f.Value); len(m) > 0 && !(len(m) == 1 && m[0] == f.Value) { // not a name field naming itself
				f.Mentions = m
				f.Marks = addMark(f.Marks, MarkThirdParty)
			}
		}
		rec.Fields = append(rec.Fields, f)
	}
	return rec
}

// readOut turns the stored value of f into what a reader reads.
func (b *builder) readOut(r sqldb.DisclosureRow, col column, f *Field) {
	v := f.Value
	switch col.kind {
	case kDate:
		f.Value = day(v)
	case kInstant:
		f.Value = instant(parseInstant(v))
	case kBool:
		f.Value = map[string]string{"1": "はい", "0": "いいえ"}[v]
		if f.Value == "" {
			f.Value = v
		}
	case kOrg:
		f.Value = b.org(v)
	case kOrgs:
		var names []string
		for _, o := range strings.Split(v, ",") {
			names = append(names, b.org(o))
		}
		f.Value = strings.Join(names, "、")
	case kUser:
		f.Value = b.user(v)
	case kPerson:
		if b.self[v] {
			f.Value = "本人（" + b.d.Names[v] + "）"
		} else {
			f.Value = b.d.Names[v]
			if f.Value == "" {
				f.Value = "（記録のない方）"
			}
			f.Marks = addMark(f.Marks, MarkThirdParty)
		}
	case kCase:
		if n := b.cases[v]; n != "" {
			f.Value = n
		}
	case kRef:
		switch {
		case f.Column == "meeting_id" && b.meetings[v] != "":
			f.Value = b.meetings[v]
		case f.Column == "plan_id" && b.plans[v] != "":
			f.Value = b.plans[v]
		case f.Column == "household_id" && b.households[v] != "":
			f.Value = b.households[v]
		case b.d.RefNames[v] != "":
			f.Value = b.d.RefNames[v]
		}
	case kCode:
		f.Value = col.codes.Label(v)
	case kCodes:
		var ls []string
		for _, x := range strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == '\n' }) {
			ls = append(ls, col.codes.Label(x))
		}
		f.Value = strings.Join(ls, "、")
	case kJSON:
		f.Value = b.jsonText(v)
	}
	if r.Table == "audit_events" && f.Column == "object_id" {
		if n := b.cases[v]; n != "" {
			f.Value = "ケース " + n
		} else if b.self[v] {
			f.Value = "本人（" + b.d.Names[v] + "）"
		}
	}
}

// jsonText reads out a role split or goal evaluations.
func (b *builder) jsonText(v string) string {
	var items []map[string]any
	if err := json.Unmarshal([]byte(v), &items); err != nil {
		return v
	}
	var lines []string
	for _, it := range items {
		var parts []string
		if o, ok := it["organization_id"].(string); ok {
			parts = append(parts, b.org(o))
		}
		for _, k := range []string{"goal", "task"} {
			if s, ok := it[k].(string); ok && s != "" {
				parts = append(parts, s)
			}
		}
		if s, ok := it["result"].(string); ok && s != "" {
			parts = append(parts, "結果: "+casework.GoalResults.Label(s))
		}
		if s, ok := it["comment"].(string); ok && s != "" {
			parts = append(parts, s)
		}
		lines = append(lines, strings.Join(parts, "／"))
	}
	return strings.Join(lines, "\n")
}

// mentions are the third parties named in text.
func (b *builder) mentions(text string) []string {
	var out []string
	for _, n := range b.names {
		if strings.Contains(text, n.form) && !hasStr(out, n.name) {
			out = append(out, n.name)
		}
	}
	return out
}

func (b *builder) org(id string) string {
	if n := b.d.OrgNames[id]; n != "" {
		return n
	}
	return id
}

func (b *builder) user(id string) string {
	switch id {
	case "system":
		return "システム"
	case "migration":
		return "移行処理"
	}
	if n := b.d.UserNames[id]; n != "" {
		return n
	}
	return id
}

// day shows a stored date with its 和暦: 令和8年6月1日 (2026).
func day(v string) string {
	d, err := japanese.ParseDate(v)
	if err != nil || !d.Known() {
		return v
	}
	return d.Display()
}

func parseInstant(v string) time.Time {
	t, err := time.Parse(casework.TimeFormat, v)
	if err != nil {
		return time.Time{}
	}
	return t
}

// instant shows an instant in Japan time as pages do: 令和8年6月1日 (2026) 10:00.
func instant(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	j := t.In(casework.JST)
	return japanese.FormatWareki(j) + " (" + j.Format("2006") + ") " + j.Format("15:04")
}

func addMark(ms []string, m string) []string {
	if hasStr(ms, m) {
		return ms
	}
	return append(ms, m)
}

func hasStr(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}
