package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"kasane/internal/casework"
	"kasane/internal/japanese"
	"kasane/internal/sqldb"
)

// meetingsPerPage is the page size of the meetings search.
const meetingsPerPage = 50

type meetingsData struct {
	From     string
	Entries  []calendarRow
	Overdue  []casework.Alert
	CanWrite bool
	// The search over every meeting the organization hosts or attends.
	Found        []meetingRow
	Total        int
	First, Last  int
	Prev, Next   string // links to the neighbouring pages ("" = none)
	Searched     bool   // a filter was given
	MeetingTypes casework.CodeList
}

// calendarRow is an upcoming meeting or plan review, its time in 和暦 and JST.
type calendarRow struct {
	casework.CalendarEntry
	When string
}

// meetingRow is one meeting of the search, its time in 和暦 and JST.
type meetingRow struct {
	ID, Title, Type, When, Host, Status string
	NonPublic                           bool
}

// meetingWhen is a meeting's time for people: 令和8年6月10日（2026-06-10） 14:00 (JST).
func meetingWhen(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return japanese.FormatBoth(t.In(jst)) + " " + t.In(jst).Format("15:04")
}

// meetingQuery reads the search form: keyword, type and a range of days
// (西暦 or 和暦), every problem at once.
func meetingQuery(q url.Values) (sqldb.MeetingQuery, int, error) {
	mq := sqldb.MeetingQuery{Q: strings.TrimSpace(q.Get("q")), Type: q.Get("type"), Limit: meetingsPerPage}
	v := casework.Invalid{}
	if mq.Type != "" && !casework.MeetingTypes.Has(mq.Type) {
		v.Add("type", "会議の種類を一覧から選んでください。")
	}
	day := func(field string) time.Time {
		s := strings.TrimSpace(q.Get(field))
		if s == "" {
			return time.Time{}
		}
		d, err := japanese.ParseDate(s)
		if err != nil || d.Precision != japanese.PrecisionDay {
			v.Add(field, "日付は 2026-06-10 または R8.6.10、令和8年6月10日 の形で入力してください。")
			return time.Time{}
		}
		t, _ := time.ParseInLocation("2006-01-02", d.ISO(), jst)
		return t
	}
	mq.From = day("from")
	if to := day("to"); !to.IsZero() {
		mq.To = to.AddDate(0, 0, 1) // the whole last day
	}
	if !mq.From.IsZero() && !mq.To.IsZero() && !mq.From.Before(mq.To) {
		v.Add("to", "期間の終わりは始まりと同じ日か、それより後の日にしてください。")
	}
	page, _ := strconv.Atoi(q.Get("page"))
	if page < 1 {
		page = 1
	}
	mq.Offset = (page - 1) * meetingsPerPage
	return mq, page, v.Err()
}

// meetingsPage is the calendar (upcoming meetings and plan reviews, the
// reviews already overdue) and a search over every meeting of the
// organization, newest first, paged.
func (s *Server) meetingsPage(w http.ResponseWriter, r *http.Request) {
	a := actor(r)
	q := r.URL.Query()
	d := &meetingsData{From: casework.Today(s.now()), CanWrite: casework.CanWriteCases(a), MeetingTypes: casework.MeetingTypes}
	mq, page, qerr := meetingQuery(q)
	d.Searched = mq.Q != "" || mq.Type != "" || !mq.From.IsZero() || !mq.To.IsZero()
	entries, err := s.db.Calendar(r.Context(), a, d.From, 60)
	if err == nil {
		for _, e := range entries {
			row := calendarRow{CalendarEntry: e, When: dayShown(e.Date)}
			if e.Kind == "meeting" {
				row.When = meetingWhen(e.At)
			}
			d.Entries = append(d.Entries, row)
		}
		d.Overdue, err = s.db.PlanAlerts(r.Context(), a)
	}
	var names map[string]string
	if err == nil {
		names, err = s.orgNames(r)
	}
	if err == nil && qerr == nil {
		var found []casework.Meeting
		found, d.Total, err = s.db.MeetingSearch(r.Context(), a, mq)
		for _, m := range found {
			d.Found = append(d.Found, meetingRow{ID: m.ID, Title: m.Title, Type: casework.MeetingTypes.Label(m.Type), When: meetingWhen(m.ScheduledAt),
				Host: names[m.HostOrgID], Status: casework.MeetingStatuses.Label(m.Status), NonPublic: m.NonPublic})
		}
		if len(found) > 0 {
			d.First, d.Last = mq.Offset+1, mq.Offset+len(found)
		}
		link := func(p int) string {
			l := url.Values{}
			for _, k := range []string{"q", "type", "from", "to"} {
				if v := q.Get(k); v != "" {
					l.Set(k, v)
				}
			}
			l.Set("page", strconv.Itoa(p))
			return "/meetings?" + l.Encode() + "#h-search"
		}
		if page > 1 {
			d.Prev = link(page - 1)
		}
		if d.Last < d.Total {
			d.Next = link(page + 1)
		}
	}
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	p := &Page{Title: "会議・予定", Nav: "meetings", Data: d, Flash: planDone(r), Form: q}
	status := http.StatusOK
	if qerr != nil {
		p.Errors, p.ErrorSummary, status = casework.ErrorFields(qerr), casework.ErrorMessage(qerr), StatusOf(qerr)
	}
	s.render(w, r, status, "meetings", p)
}
