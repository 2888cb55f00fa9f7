package juki

import (
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"strings"

	"golang.org/x/text/unicode/norm"

	"kasane/internal/casework"
	"kasane/internal/japanese"
)

// Reasons of a 異動 row (異動事由), as the file writes them.
const (
	Move       = "転居"   // a move within the municipality: the new address
	MoveOut    = "転出"   // left the municipality (転出届; the date may be the planned day)
	MoveIn     = "転入"   // came (back) into the municipality
	Death      = "死亡"   // died (the register records the death)
	NameChange = "氏名変更" // the name changed (marriage, divorce, adoption …)
)

// Reasons lists the reasons in the order messages name them.
var Reasons = []string{Move, MoveOut, MoveIn, Death, NameChange}

// reasonAliases are other spellings of the reasons a municipal system may
// export (NFKC, spaces removed).
var reasonAliases = map[string]string{
	"転居": Move, "転居届": Move,
	"転出": MoveOut, "転出届": MoveOut, "転出予定": MoveOut,
	"転入": MoveIn, "転入届": MoveIn, "転入通知": MoveIn,
	"死亡": Death, "死亡届": Death, "死亡による消除": Death, "職権消除(死亡)": Death,
	"氏名変更": NameChange, "氏名の変更": NameChange, "氏の変更": NameChange, "名の変更": NameChange,
	"氏変更": NameChange, "名変更": NameChange, "戸籍届出による氏名変更": NameChange,
}

// Row is one checked row of a 異動 file.
type Row struct {
	Line    int    // line of the file (the header is line 1)
	AtenaNo string // 宛名番号, half width
	Reason  string // one of Reasons
	Date    string // 異動日, ISO
	// The new values; empty = not given (the record keeps what it has).
	FamilyName, GivenName, FamilyKana, GivenKana string
	BirthDate, Sex                               string
	Address                                      casework.Address
	// Hash identifies the row's content (number, reason, date and every
	// value): a row applied once is never applied again.
	Hash string
}

// HasAddress reports whether the row gives an address.
func (r Row) HasAddress() bool { return !r.Address.Empty() }

// HasName reports whether the row gives a name or its reading.
func (r Row) HasName() bool {
	return r.FamilyName != "" || r.GivenName != "" || r.FamilyKana != "" || r.GivenKana != ""
}

// Problem is why a row cannot be applied: its line, the column (API name)
// and a Japanese message.
type Problem struct {
	Row     int    `json:"row"`
	Field   string `json:"field"`
	Message string `json:"message"`
}

// columns: the API name of each column and the headings accepted for it
// (compared after NFKC with spaces, ・ and brackets' width ignored).
var columns = []struct {
	name, label string
	aliases     []string
}{
	{"atena_no", "宛名番号", []string{"宛名番号", "宛名コード", "宛名no"}},
	{"reason", "異動事由", []string{"異動事由", "事由", "異動区分"}},
	{"date", "異動日", []string{"異動日", "異動年月日", "異動の日", "届出日"}},
	{"family_name", "氏", []string{"氏", "姓", "新氏", "氏名(氏)"}},
	{"given_name", "名", []string{"名", "新名", "氏名(名)"}},
	{"family_kana", "氏（フリガナ）", []string{"family_name_kana", "氏(フリガナ)", "氏(ふりがな)", "氏(カナ)", "氏フリガナ", "氏カナ", "姓(フリガナ)", "姓(カナ)", "フリガナ(氏)"}},
	{"given_kana", "名（フリガナ）", []string{"given_name_kana", "名(フリガナ)", "名(ふりがな)", "名(カナ)", "名フリガナ", "名カナ", "フリガナ(名)"}},
	{"birth_date", "生年月日", []string{"生年月日"}},
	{"sex", "性別", []string{"性別"}},
	{"postal_code", "郵便番号", []string{"郵便番号", "〒"}},
	{"prefecture", "都道府県", []string{"都道府県"}},
	{"city", "市区町村", []string{"市区町村", "市町村"}},
	{"street", "町名・番地", []string{"address", "住所", "町名番地", "町名・番地", "町字番地", "番地"}},
	{"katagaki", "方書", []string{"方書", "建物名", "建物"}},
}

// Label is the Japanese name of a column (API name) for messages.
func Label(field string) string {
	for _, c := range columns {
		if c.name == field {
			return c.label
		}
	}
	if field == "" {
		return "行全体"
	}
	return field
}

func headingKey(h string) string {
	h = norm.NFKC.String(strings.TrimSpace(h))
	return strings.ToLower(strings.NewReplacer(" ", "", "　", "", "・", "", "･", "", "\ufeff", "").Replace(h))
}

func columnOf(h string) string {
	k := headingKey(h)
	for _, c := range columns {
		if k == c.name {
			return c.name
		}
		for _, a := range c.aliases {
			if k == headingKey(a) {
				return c.name
			}
		}
	}
	return ""
}

// sexLabels accepts the Japanese labels beside the API spelling.
var sexLabels = map[string]string{"男": "male", "男性": "male", "1": "male", "女": "female", "女性": "female", "2": "female",
	"male": "male", "female": "female", "other": "other", "unknown": "unknown", "その他": "other", "不明": "unknown"}

// Read reads a 異動 file (UTF-8 with or without BOM, or CP932, detected)
// whose first line names the columns in any order (API names or Japanese
// headings). It returns every row that could be read and the problems of
// every bad row; err is set only when the file as a whole cannot be read
// (no header, a required column missing, an undecodable encoding). today
// (ISO) is the last 異動日 accepted, except for the planned day of a 転出.
func Read(r io.Reader, today string) ([]Row, []Problem, error) {
	dec, _, err := japanese.DecodeCSV(r)
	if err != nil {
		return nil, nil, err
	}
	cr := csv.NewReader(dec)
	cr.FieldsPerRecord = -1
	head, err := cr.Read()
	if err != nil {
		if errors.Is(err, io.EOF) {
			return nil, nil, errors.New("ファイルが空です（見出し行がありません）")
		}
		return nil, nil, fmt.Errorf("見出し行を読めません: %v", err)
	}
	col := map[string]int{}
	for i, h := range head {
		if c := columnOf(h); c != "" {
			if _, dup := col[c]; dup {
				return nil, nil, fmt.Errorf("見出し行で「%s」の列が2つあります（%d 列目と %d 列目）", Label(c), col[c]+1, i+1)
			}
			col[c] = i
		}
	}
	var missing []string
	for _, c := range []string{"atena_no", "reason", "date"} {
		if _, ok := col[c]; !ok {
			missing = append(missing, Label(c)+"（"+c+"）")
		}
	}
	if len(missing) > 0 {
		return nil, nil, fmt.Errorf("見出し行に列がありません: %s", strings.Join(missing, "、"))
	}
	var rows []Row
	var probs []Problem
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			probs = append(probs, Problem{Row: pe.StartLine, Message: "CSV の形式が正しくありません（引用符の閉じ忘れなど）。"})
			continue
		}
		if err != nil {
			return nil, nil, err
		}
		line, _ := cr.FieldPos(0)
		if blank(rec) {
			continue
		}
		get := func(c string) string {
			if i, ok := col[c]; ok && i < len(rec) {
				return strings.TrimSpace(rec[i])
			}
			return ""
		}
		row, ps := parseRow(line, get, today)
		if len(rec) != len(head) {
			ps = append(ps, Problem{Row: line, Message: fmt.Sprintf("列の数が見出し行と違います（%d 列、見出しは %d 列）。", len(rec), len(head))})
		}
		if len(ps) > 0 {
			probs = append(probs, ps...)
			continue
		}
		rows = append(rows, row)
	}
	return rows, probs, nil
}

func blank(rec []string) bool {
	for _, f := range rec {
		if strings.TrimSpace(f) != "" {
			return false
		}
	}
	return true
}

// parseRow checks one row's values; the values are checked again against
// the person record when the row is applied (Decide).
func parseRow(line int, get func(string) string, today string) (Row, []Problem) {
	var ps []Problem
	bad := func(f, msg string) { ps = append(ps, Problem{Row: line, Field: f, Message: msg}) }
	row := Row{Line: line, FamilyName: get("family_name"), GivenName: get("given_name"),
		FamilyKana: japanese.ToKatakana(get("family_kana")), GivenKana: japanese.ToKatakana(get("given_kana")),
		Address: casework.Address{PostalCode: get("postal_code"), Prefecture: get("prefecture"), City: get("city"), Street: get("street")}}
	if k := get("katagaki"); k != "" {
		row.Address.Street = strings.TrimSpace(row.Address.Street + " " + k)
	}
	var msg string
	if row.AtenaNo, msg = casework.NormalizeAtenaNo(get("atena_no")); msg != "" {
		bad("atena_no", msg)
	} else if row.AtenaNo == "" {
		bad("atena_no", "宛名番号がありません。")
	}
	reason := get("reason")
	if row.Reason = reasonAliases[strings.ReplaceAll(norm.NFKC.String(reason), " ", "")]; row.Reason == "" {
		if reason == "" {
			bad("reason", "異動事由がありません（"+strings.Join(Reasons, "・")+"のいずれか）。")
		} else {
			bad("reason", "異動事由「"+reason+"」は扱えません（"+strings.Join(Reasons, "・")+"のいずれか）。")
		}
	}
	switch d, err := japanese.ParseDate(get("date")); {
	case get("date") == "":
		bad("date", "異動日がありません。")
	case err != nil:
		bad("date", "異動日: "+err.Error())
	case d.Precision != japanese.PrecisionDay:
		bad("date", "異動日は年月日まで書いてください（例: 2026-05-01、R8.5.1）。")
	case d.ISO() > today && row.Reason != MoveOut:
		bad("date", "異動日が未来の日付になっています。")
	default:
		row.Date = d.ISO()
	}
	if b := get("birth_date"); b != "" {
		if d, err := japanese.ParseDate(b); err != nil {
			bad("birth_date", "生年月日: "+err.Error())
		} else {
			row.BirthDate = d.ISO()
		}
	}
	if s := get("sex"); s != "" {
		if row.Sex = sexLabels[norm.NFKC.String(s)]; row.Sex == "" {
			bad("sex", "性別は 男・女・その他・不明 のいずれかで書いてください。")
		}
	}
	for f, s := range map[string]string{"family_kana": row.FamilyKana, "given_kana": row.GivenKana} {
		if s != "" && !japanese.IsKatakanaName(s) {
			bad(f, "フリガナはカタカナまたはひらがなで書いてください。")
		}
	}
	switch row.Reason {
	case Move:
		if !row.HasAddress() {
			bad("street", "転居の行に転居後の住所がありません。")
		}
	case NameChange:
		if !row.HasName() {
			bad("family_name", "氏名変更の行に変更後の氏名がありません。")
		}
	}
	sortProblems(ps)
	row.Hash = row.hash()
	return row, ps
}

// sortProblems orders a row's problems by the columns' order in the file
// layout, so that the report reads left to right.
func sortProblems(ps []Problem) {
	order := map[string]int{"": -1}
	for i, c := range columns {
		order[c.name] = i
	}
	for i := 1; i < len(ps); i++ {
		for j := i; j > 0 && order[ps[j].Field] < order[ps[j-1].Field]; j-- {
			ps[j], ps[j-1] = ps[j-1], ps[j]
		}
	}
}

// hash is the identity of the row's content: the same row in any later
// file (or the same file applied again) has the same hash.
func (r Row) hash() string {
	h := sha256.New()
	for _, s := range []string{r.AtenaNo, r.Reason, r.Date, r.FamilyName, r.GivenName, r.FamilyKana, r.GivenKana, r.BirthDate, r.Sex,
		r.Address.PostalCode, r.Address.Prefecture, r.Address.City, r.Address.Street} {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))
}
