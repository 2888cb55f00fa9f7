package web

import (
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/width"

	"kasane/internal/casework"
	"kasane/internal/japanese"
	"kasane/internal/sqldb"
)

// caseFilterKeys are the query parameters of the case list's filters and
// order, in the order a saved view or a link writes them.
var caseFilterKeys = []string{"status", "bunya", "problem", "lead_org_id", "organization_id", "lead", "lead_worker_id", "district",
	"received_from", "received_to", "stale_days", "q", "sort"}

// caseFilterQuery keeps only the filter parameters of q that carry a value.
func caseFilterQuery(q url.Values) url.Values {
	v := url.Values{}
	for _, k := range caseFilterKeys {
		if x := strings.TrimSpace(q.Get(k)); x != "" {
			v.Set(k, x)
		}
	}
	return v
}

// caseFilterFrom reads the case list's filters from a query (the page, the
// export and GET /api/v1/cases share it). Every problem is reported at once,
// each beside its field; dates take 西暦 or 和暦 (R8.4.1, 令和8年4月1日).
func caseFilterFrom(q url.Values, a casework.Actor) (sqldb.CaseFilter, error) {
	f := sqldb.CaseFilter{Status: q.Get("status"), Bunya: q.Get("bunya"), Problem: q.Get("problem"), LeadOrgID: q.Get("lead_org_id"),
		OrganizationID: q.Get("organization_id"), PersonID: q.Get("person_id"), LeadWorkerID: q.Get("lead_worker_id"),
		District: strings.TrimSpace(q.Get("district")), Keyword: strings.TrimSpace(q.Get("q")), Sort: q.Get("sort")}
	if q.Get("lead") == "me" {
		f.LeadWorkerID = a.UserID
	}
	bad := map[string]string{}
	if f.Status != "" && !casework.CaseStatuses.Has(f.Status) {
		bad["status"] = "状態は一覧から選んでください。"
	}
	if f.Bunya != "" && !casework.Bunya.Has(f.Bunya) {
		bad["bunya"] = "分野は一覧から選んでください。"
	}
	if f.Problem != "" && !casework.Problems.Has(f.Problem) {
		bad["problem"] = "課題は一覧から選んでください。"
	}
	if f.Sort != "" && !sqldb.CaseSorts.Has(f.Sort) {
		bad["sort"] = "並び順は一覧から選んでください。"
	}
	if utf8.RuneCountInString(f.District) > 60 {
		bad["district"] = "地区は60文字以内で入力してください。"
	}
	if utf8.RuneCountInString(f.Keyword) > 100 {
		bad["q"] = "キーワードは100文字以内で入力してください。"
	}
	for _, d := range []struct {
		key, label string
		to         *string
	}{{"received_from", "受付日（から）", &f.ReceivedFrom}, {"received_to", "受付日（まで）", &f.ReceivedTo}} {
		v := strings.TrimSpace(q.Get(d.key))
		if v == "" {
			continue
		}
		jd, err := japanese.ParseDate(v)
		if err != nil || jd.Precision != japanese.PrecisionDay {
			bad[d.key] = d.label + "は 2026-04-01 または R8.4.1 の形で、年月日まで入力してください。"
			continue
		}
		*d.to = jd.ISO()
	}
	if f.ReceivedFrom != "" && f.ReceivedTo != "" && f.ReceivedFrom > f.ReceivedTo && bad["received_to"] == "" {
		bad["received_to"] = "受付日（まで）は受付日（から）と同じ日か、それより後の日にしてください。"
	}
	if v := strings.TrimSpace(q.Get("stale_days")); v != "" {
		n, err := strconv.Atoi(width.Narrow.String(v))
		if err != nil || n < 1 || n > 3650 {
			bad["stale_days"] = "最終記録からの日数は1から3650までの数で入力してください。"
		} else {
			f.StaleDays = n
		}
	}
	if len(bad) > 0 {
		return f, &casework.Error{Code: casework.EINVALID, Message: "絞り込みの条件を確かめてください。", Fields: bad}
	}
	return f, nil
}

// describeCaseFilter names the filters in Japanese for the audit reason of
// an export.
func describeCaseFilter(q url.Values) string {
	v := caseFilterQuery(q)
	if len(v) == 0 {
		return "条件なし"
	}
	return "条件 " + v.Encode()
}
