package main

import (
	"context"
	"encoding/csv"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"
	"time"

	"golang.org/x/term"
	"golang.org/x/text/unicode/norm"

	"kasane/internal/casework"
	"kasane/internal/config"
	"kasane/internal/japanese"
	"kasane/internal/sqldb"
)

// personColumns are the columns of the person import file (API.md).
var personColumns = []string{"family_name", "given_name", "family_name_kana", "given_name_kana", "birth_date", "sex",
	"postal_code", "prefecture", "city", "street", "phone"}

// columnLabels are the Japanese names of the columns, for messages; a
// header may use them (or the aliases below) instead of the API names.
var columnLabels = map[string]string{"family_name": "氏", "given_name": "名", "family_name_kana": "氏（ふりがな）",
	"given_name_kana": "名（ふりがな）", "birth_date": "生年月日", "sex": "性別", "postal_code": "郵便番号",
	"prefecture": "都道府県", "city": "市区町村", "street": "町名・番地", "phone": "電話番号", "atena_no": "宛名番号"}

// columnAliases are the Japanese headings accepted for each column (after
// NFKC and with spaces, brackets' width and ・ ignored).
var columnAliases = map[string][]string{
	"family_name":      {"氏", "姓", "苗字", "名字"},
	"given_name":       {"名", "名前"},
	"family_name_kana": {"氏(ふりがな)", "氏(フリガナ)", "氏(カナ)", "姓(ふりがな)", "姓(フリガナ)", "姓(カナ)", "せい", "セイ", "ふりがな(氏)", "フリガナ(氏)", "ふりがな(姓)", "フリガナ(姓)"},
	"given_name_kana":  {"名(ふりがな)", "名(フリガナ)", "名(カナ)", "めい", "メイ", "ふりがな(名)", "フリガナ(名)"},
	"birth_date":       {"生年月日", "誕生日"},
	"sex":              {"性別"},
	"postal_code":      {"郵便番号", "〒"},
	"prefecture":       {"都道府県"},
	"city":             {"市区町村", "市町村"},
	"street":           {"町名・番地", "町名番地", "番地", "住所", "町名以下"},
	"phone":            {"電話番号", "電話", "連絡先"},
	"atena_no":         {"宛名番号", "宛名コード"}, // read with --key atena_no (juki_import.go)
}

// headingKey normalises a heading for matching: NFKC, no spaces or ・.
func headingKey(h string) string {
	h = norm.NFKC.String(strings.TrimSpace(h))
	return strings.NewReplacer(" ", "", "　", "", "・", "", "･", "").Replace(h)
}

// columnOf finds the column a heading names, or "".
func columnOf(h string) string {
	k := headingKey(h)
	for c := range columnLabels {
		if k == c {
			return c
		}
	}
	for c, as := range columnAliases {
		for _, a := range as {
			if k == headingKey(a) {
				return c
			}
		}
	}
	return ""
}

// fieldLabel is the Japanese name of a problem's field: 生年月日, or
// 郵便番号 for address.postal_code.
func fieldLabel(f string) string {
	if f == "" {
		return "行全体"
	}
	if l, ok := columnLabels[strings.TrimPrefix(f, "address.")]; ok {
		return l
	}
	return f
}

// osError says in Japanese why a file could not be opened.
func osError(path string, err error) error {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("ファイルが見つかりません: %s", path)
	case errors.Is(err, fs.ErrPermission):
		return fmt.Errorf("ファイルを読む権限がありません: %s", path)
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return fmt.Errorf("ファイルを開けません: %s（%v）", path, pe.Err)
	}
	return fmt.Errorf("ファイルを開けません: %s（%v）", path, err)
}

// sexLabels accepts the Japanese labels beside the API spelling.
var sexLabels = map[string]string{"男": "male", "男性": "male", "女": "female", "女性": "female", "その他": "other", "不明": "unknown", "": "unknown"}

// cmdImport is `kasane import persons --db … --org ORG_ID [--exclusive] FILE.csv`.
func cmdImport(ctx context.Context, e env, args []string) error {
	if len(args) == 0 || args[0] != "persons" {
		return errors.New("kasane import: 取り込む種類を指定してください（kasane import persons --org ORG_ID FILE.csv）")
	}
	var org, key string
	var opt sqldb.ImportOptions
	cfg, fs, err := config.Load("import persons", args[1:], e.getenv, e.stderr, func(fs *flag.FlagSet) {
		fs.StringVar(&org, "org", "", "registering organization id")
		fs.StringVar(&key, "key", "", "atena_no: rows carry a 宛名番号; a known one updates the organization's record (address, name, kana), others are registered")
		fs.BoolVar(&opt.Exclusive, "exclusive", false, "PostgreSQL only, opt-in: faster for a large file, but at the end persons is locked "+
			"(its indexes are made again) and every read and write of persons on every server waits until the import commits "+
			"(tens of seconds for a million rows); for a quiet hour. SQLite needs no flag (a large import makes the indexes again by itself), but SQLite has one writer: while any import runs, every page that records an audit event waits, and answers 503 after 10 s; import large files on SQLite in a quiet hour")
	})
	if err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return errors.New("取り込む CSV ファイルを1つ指定してください")
	}
	if key != "" && key != "atena_no" {
		return fmt.Errorf("--key に指定できるのは atena_no（宛名番号）だけです: %q", key)
	}
	f, err := os.Open(fs.Arg(0))
	if err != nil {
		return osError(fs.Arg(0), err)
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil && st.IsDir() {
		return fmt.Errorf("フォルダーではなく CSV ファイルを指定してください: %s", fs.Arg(0))
	}
	db, err := openDB(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	o, err := findOrg(ctx, db, org)
	if err != nil {
		return err
	}
	a := casework.Actor{UserID: "system", MunicipalityID: o.MunicipalityID, OrganizationID: o.ID, Roles: []string{"municipal_admin"}}
	size := int64(0)
	if st, err := f.Stat(); err == nil {
		size = st.Size()
	}
	cr := &countingReader{r: f}
	if key == "atena_no" {
		return importByAtena(ctx, e, db, a, cr, size) // juki.go
	}
	next, err := personRows(cr)
	if err != nil {
		return err
	}
	bar := newProgress(e.stderr, size, cr)
	start := time.Now()
	res, err := db.ImportPersonsWith(ctx, a, opt, next, bar.update)
	bar.done()
	labels := importLabels(ctx, db, a, fs.Arg(0), res)
	writeImportReport(e.stdout, res, labels)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stderr, "kasane: %d 件を登録しました（%.1f 秒、重複候補 %d 件）\n", res.Imported, time.Since(start).Seconds(), len(res.Duplicates))
	return nil
}

// personRows reads a person CSV (UTF-8, UTF-8 with BOM or CP932) with a
// header line naming the columns in any order.
func personRows(r io.Reader) (func() (sqldb.ImportRow, error), error) {
	return personRowsWith(r, false)
}

// personRowsWith is personRows; atena requires the 宛名番号 column (--key
// atena_no) and reads it into each person.
func personRowsWith(r io.Reader, atena bool) (func() (sqldb.ImportRow, error), error) {
	dec, _, err := japanese.DecodeCSV(r)
	if err != nil {
		return nil, err
	}
	cr := csv.NewReader(dec)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	head, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("見出し行を読めません: %v", err)
	}
	col := map[string]int{}
	for i, h := range head {
		if c := columnOf(h); c != "" {
			if _, dup := col[c]; dup {
				return nil, fmt.Errorf("見出し行で「%s」の列が2つあります（%d 列目と %d 列目）", columnLabels[c], col[c]+1, i+1)
			}
			col[c] = i
		}
	}
	var missing []string
	required := personColumns
	if atena {
		required = append([]string{"atena_no"}, personColumns...)
	}
	for _, c := range required {
		if _, ok := col[c]; !ok {
			missing = append(missing, columnLabels[c]+"（"+c+"）")
		}
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("見出し行に列がありません: %s", strings.Join(missing, "、"))
	}
	line := 1
	return func() (sqldb.ImportRow, error) {
		rec, err := cr.Read()
		line++
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			return sqldb.ImportRow{Row: pe.StartLine, Problems: []sqldb.ImportProblem{{Row: pe.StartLine, Field: "", Message: "CSV の形式が正しくありません（引用符の閉じ忘れなど）。"}}}, nil
		}
		if err != nil {
			return sqldb.ImportRow{}, err
		}
		line, _ = cr.FieldPos(0)
		get := func(c string) string {
			if i := col[c]; i < len(rec) {
				return strings.TrimSpace(rec[i])
			}
			return ""
		}
		row := sqldb.ImportRow{Row: line}
		if len(rec) != len(head) {
			row.Problems = append(row.Problems, sqldb.ImportProblem{Row: line, Field: "", Message: fmt.Sprintf("列の数が見出し行と違います（%d 列、見出しは %d 列）。", len(rec), len(head))})
		}
		sex := get("sex")
		if s, ok := sexLabels[sex]; ok {
			sex = s
		}
		row.Person = casework.Person{Identified: true, FamilyName: get("family_name"), GivenName: get("given_name"),
			FamilyKana: get("family_name_kana"), GivenKana: get("given_name_kana"), BirthDate: get("birth_date"), Sex: sex,
			Address: casework.Address{PostalCode: get("postal_code"), Prefecture: get("prefecture"), City: get("city"), Street: get("street")},
			Phone:   get("phone")}
		if atena {
			row.Person.AtenaNo = get("atena_no")
		}
		return row, nil
	}, nil
}

// importNames are the labels of the report: a registered person's id or a
// row number → 「氏名（生年月日 生）」.
type importNames struct {
	persons map[string]string
	rows    map[int]string
}

// importLabels names the persons and rows of the report's duplicates: the
// registered ones from the database (audited), the file's rows by reading
// the file again (only those rows are kept).
func importLabels(ctx context.Context, db *sqldb.DB, a casework.Actor, path string, res sqldb.ImportResult) importNames {
	n := importNames{persons: map[string]string{}, rows: map[int]string{}}
	var ids []string
	want := map[int]bool{}
	for _, d := range res.Duplicates {
		want[d.Row] = true
		if d.PersonID != "" {
			ids = append(ids, d.PersonID)
		} else {
			want[d.OtherRow] = true
		}
	}
	if len(want) == 0 {
		return n
	}
	if m, err := db.ImportDuplicateLabels(ctx, casework.Actor{UserID: "system", MunicipalityID: a.MunicipalityID, OrganizationID: a.OrganizationID, Roles: a.Roles}, ids); err == nil {
		n.persons = m
	}
	f, err := os.Open(path)
	if err != nil {
		return n
	}
	defer f.Close()
	next, err := personRows(f)
	if err != nil {
		return n
	}
	for {
		r, err := next()
		if err != nil {
			break
		}
		if want[r.Row] {
			n.rows[r.Row] = sqldb.PersonLabel(r.Person.FamilyName, r.Person.GivenName, r.Person.BirthDate)
		}
	}
	return n
}

func writeImportReport(w io.Writer, res sqldb.ImportResult, names importNames) {
	if len(res.Problems) > 0 {
		fmt.Fprintf(w, "誤りのある行（%d 件）:\n", len(res.Problems))
		for _, p := range res.Problems {
			fmt.Fprintf(w, "  %d 行目 %s: %s\n", p.Row, fieldLabel(p.Field), p.Message)
		}
	}
	row := func(r int) string {
		if l := names.rows[r]; l != "" {
			return fmt.Sprintf("%d 行目 %s", r, l)
		}
		return fmt.Sprintf("%d 行目", r)
	}
	person := func(id string) string {
		if l := names.persons[id]; l != "" {
			return "登録済みの " + l + "（ID " + id + "）"
		}
		return "登録済みの本人（ID " + id + "）"
	}
	var known, inFile []sqldb.ImportDuplicate
	for _, d := range res.Duplicates {
		if d.PersonID != "" {
			known = append(known, d)
		} else {
			inFile = append(inFile, d)
		}
	}
	if len(known) > 0 {
		fmt.Fprintf(w, "登録済みの本人と重複の可能性がある行（%d 件）:\n", len(known))
		for _, d := range known {
			fmt.Fprintf(w, "  %s ≒ %s スコア %d（%s）\n", row(d.Row), person(d.PersonID), d.Score, strings.Join(d.Reasons, "、"))
		}
	}
	if len(inFile) > 0 {
		fmt.Fprintf(w, "同じファイルの中で同一人物の可能性がある行（%d 件）:\n", len(inFile))
		for _, d := range inFile {
			fmt.Fprintf(w, "  %s ≒ %s スコア %d（%s）\n", row(d.Row), row(d.OtherRow), d.Score, strings.Join(d.Reasons, "、"))
		}
	}
}

type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// progress draws a bar on a terminal, or writes a plain line every 100,000
// rows when stderr is a file or a pipe.
type progress struct {
	w     io.Writer
	tty   bool
	size  int64
	bytes *countingReader
	start time.Time
	last  time.Time
	lines int // plain lines written (one per 100,000 rows)
}

func newProgress(w io.Writer, size int64, c *countingReader) *progress {
	p := &progress{w: w, size: size, bytes: c, start: time.Now()}
	if f, ok := w.(*os.File); ok {
		p.tty = term.IsTerminal(int(f.Fd()))
	}
	return p
}

func (p *progress) update(rows int) {
	now := time.Now()
	if !p.tty {
		if rows/100000 > p.lines {
			p.lines = rows / 100000
			fmt.Fprintf(p.w, "kasane: %d 行を読み込みました\n", rows)
		}
		return
	}
	if now.Sub(p.last) < 100*time.Millisecond {
		return
	}
	p.last = now
	frac := 0.0
	if p.size > 0 {
		frac = min(1, float64(p.bytes.n)/float64(p.size))
	}
	const width = 30
	filled := int(frac * width)
	rate := float64(rows) / max(now.Sub(p.start).Seconds(), 0.001)
	fmt.Fprintf(p.w, "\r[%s%s] %3.0f%% %d 行 %.0f 行/秒", strings.Repeat("#", filled), strings.Repeat(".", width-filled), frac*100, rows, rate)
}

func (p *progress) done() {
	if p.tty {
		fmt.Fprintln(p.w)
	}
}
