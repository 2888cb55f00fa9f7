package web

import (
	"net/http"
	"net/url"
	"strconv"

	"kasane/internal/casework"
)

// The 地区 master list on the administrator's menu (issue 22): the municipal
// administrator adds, renames and retires 地区, and sees which spellings are
// taken as the same 地区 (ケ・ヶ・が, widths). It edits the list of
// GET|PUT /api/v1/districts (casework/district.go).
var districtRoutes = []route{
	{"GET /admin/districts", false, (*Server).districtsPage},
	{"POST /admin/districts", false, (*Server).districtsSave},
}

// districtBlankRows are the empty rows offered for new 地区.
const districtBlankRows = 3

type districtRowView struct {
	Index    int
	Field    string
	Was      string
	Variants []string
	Retire   bool
}

type districtsData struct {
	Rows []districtRowView
}

func (s *Server) districtsData(r *http.Request) (*districtsData, []string, error) {
	if !casework.CanEditDistricts(actor(r)) {
		return nil, nil, casework.Errorf(casework.EFORBIDDEN, "地区の一覧を管理できるのは市区町村管理者だけです。")
	}
	names, err := s.db.Districts(r.Context(), actor(r))
	if err != nil {
		return nil, nil, err
	}
	d := &districtsData{}
	for i := range len(names) + districtBlankRows {
		row := districtRowView{Index: i, Field: casework.DistrictField(i)}
		if i < len(names) {
			row.Was, row.Variants = names[i], casework.DistrictVariants(names[i])
		}
		d.Rows = append(d.Rows, row)
	}
	return d, names, nil
}

func (s *Server) districtsPage(w http.ResponseWriter, r *http.Request) {
	d, names, err := s.districtsData(r)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	form := url.Values{}
	for i, n := range names {
		form.Set(casework.DistrictField(i), n)
	}
	page := &Page{Title: "地区の管理", Nav: "admin", Data: d, Form: form}
	if q := r.URL.Query(); q.Get("done") == "districts" {
		page.Flash = "地区の一覧を保存しました（追加 " + strconv.Itoa(atoiQ(q, "added")) + "、名称の変更 " + strconv.Itoa(atoiQ(q, "renamed")) +
			"、廃止 " + strconv.Itoa(atoiQ(q, "retired")) + "）。"
	}
	s.render(w, r, http.StatusOK, "districts", page)
}

func atoiQ(q url.Values, k string) int {
	n, _ := strconv.Atoi(q.Get(k))
	return n
}

func (s *Server) districtsSave(w http.ResponseWriter, r *http.Request) {
	d, names, err := s.districtsData(r)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	if err := r.ParseForm(); err != nil {
		s.errorPage(w, r, invalid("body", "送信内容を読み取れません。"))
		return
	}
	f := r.PostForm
	n, _ := strconv.Atoi(f.Get("rows"))
	n = min(max(n, 0), len(names)+100)
	// each row names the 地区 it was (was_i) when the page was shown; a list
	// changed meanwhile by someone else is a conflict (rule 9), not a guess
	current := map[string]bool{}
	for _, x := range names {
		current[x] = true
	}
	rows := make([]casework.DistrictRow, n)
	seen := 0
	stale := false
	for i := range rows {
		rows[i].Was = f.Get("was_" + strconv.Itoa(i))
		if rows[i].Was != "" {
			if !current[rows[i].Was] {
				stale = true
			}
			seen++
		}
		rows[i].Name = f.Get(casework.DistrictField(i))
		rows[i].Retire = f.Get("retire_"+strconv.Itoa(i)) != ""
	}
	page := &Page{Title: "地区の管理", Nav: "admin", Data: d}
	if stale || seen != len(names) {
		// the current list, and what was typed beside it in the message
		var typed []string
		for _, row := range rows {
			if row.Name != "" && !row.Retire {
				typed = append(typed, row.Name)
			}
		}
		err := casework.Conflict("地区の一覧")
		if len(typed) > 0 {
			err.Message += "あなたの入力: " + joinJa(typed) + "。"
		}
		page.Form = url.Values{}
		for i, x := range names {
			page.Form.Set(casework.DistrictField(i), x)
		}
		page.ErrorSummary = err.Message
		s.render(w, r, http.StatusConflict, "districts", page)
		return
	}
	edit, err := casework.EditDistricts(rows)
	if err == nil {
		_, err = s.db.SetDistricts(r.Context(), actor(r), edit.Names)
	}
	if err != nil {
		// keep what was typed, with the rows as they were shown and the 廃止 marks
		d.Rows = nil
		for i, row := range rows {
			d.Rows = append(d.Rows, districtRowView{Index: i, Field: casework.DistrictField(i), Was: row.Was,
				Variants: casework.DistrictVariants(row.Was), Retire: row.Retire})
		}
		s.formPage(w, r, "districts", page, err)
		return
	}
	q := url.Values{"done": {"districts"}, "added": {strconv.Itoa(edit.Added)}, "renamed": {strconv.Itoa(edit.Renamed)}, "retired": {strconv.Itoa(edit.Retired)}}
	http.Redirect(w, r, "/admin/districts?"+q.Encode(), http.StatusSeeOther)
}

func joinJa(ss []string) string {
	out := ""
	for i, x := range ss {
		if i > 0 {
			out += "・"
		}
		out += x
	}
	return out
}
