package web

import (
	"net/http"
	"strconv"
	"strings"

	"kasane/internal/japanese"
	"kasane/internal/report"
)

// The municipal population of a fiscal year (issue 22): the base of the
// figures per 10万人 of the 実施計画's indicator set. Set on the targets page
// by the municipal administrator, through the API, or with
// `kasane municipality set --population N`.

// populationSave stores the population typed on the targets page; bad input
// comes back beside its field with what was typed kept.
func (s *Server) populationSave(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(r); err != nil {
		s.errorPage(w, r, err)
		return
	}
	f := r.PostForm
	fy, _ := strconv.Atoi(f.Get("fiscal_year"))
	v, _ := strconv.Atoi(f.Get("version"))
	p := report.Population{FiscalYear: fy, AsOf: f.Get("as_of"), Note: f.Get("note"), Version: v}
	n, nerr := strconv.ParseInt(strings.ReplaceAll(strings.TrimSpace(japaneseDigits(f.Get("population"))), ",", ""), 10, 64)
	var err error
	if nerr != nil {
		err = invalid("population", "人口は1以上2000万以下の整数で入力してください。")
	} else {
		p.Population = n
		err = s.db.SetPopulation(r.Context(), actor(r), &p)
	}
	if err != nil {
		d, derr := s.targetsData(r, max(fy, 2000))
		if derr != nil {
			s.errorPage(w, r, derr)
			return
		}
		s.formPage(w, r, "report_targets", &Page{Title: japanese.FiscalYearLabel(fy) + " 目標値", Nav: "reports", Data: d}, err)
		return
	}
	http.Redirect(w, r, "/reports/targets?fiscal_year="+strconv.Itoa(fy)+"&done=saved#population", http.StatusSeeOther)
}

// japaneseDigits folds full-width digits and commas (１２３，４５６) typed
// with a Japanese input method.
func japaneseDigits(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= '０' && r <= '９':
			return '0' + (r - '０')
		case r == '，' || r == '、':
			return ','
		}
		return r
	}, s)
}

func (s *Server) apiPopulations(w http.ResponseWriter, r *http.Request) {
	ps, err := s.db.Populations(r.Context(), actor(r))
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, listOf(ps, ""))
}

func (s *Server) apiSetPopulation(w http.ResponseWriter, r *http.Request) {
	var p report.Population
	if err := readJSON(r, &p); err != nil {
		s.apiError(w, r, err)
		return
	}
	if err := s.db.SetPopulation(r.Context(), actor(r), &p); err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, p)
}
