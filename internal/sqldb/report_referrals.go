package sqldb

import (
	"context"
	"sort"
	"time"

	"kasane/internal/casework"
	"kasane/internal/report"
)

// referralFact is what the report needs of a referral.
type referralFact struct {
	ID, CaseID, Status string
	Created            string // stored instant
	Day                string // the day of the つなぎ: referred_on (late entry), else the day entered
	Answered           string // stored instant ('' while pending)
	Joined             string // day the receiver joined the team ('' if never)
	Person, Household  string // the case's 本人 and household (実人数)
}

// acceptDays returns the days from sending to acceptance, or false for a
// referral never accepted. Completing a referral overwrites answered_at, so
// for completed ones the day the receiver joined the team is used.
func (f referralFact) acceptDays() (int, bool) {
	created := parseTS(f.Created)
	if d, err := time.ParseInLocation("2006-01-02", f.Day, casework.JST); err == nil && d.Before(created) {
		created = d // entered later than it was made: counted from the day it was made
	}
	switch f.Status {
	case "accepted":
		return report.DaysBetween(created, parseTS(f.Answered)), true
	case "completed":
		if f.Joined != "" && f.Joined >= casework.Today(created) {
			j, err := time.ParseInLocation("2006-01-02", f.Joined, casework.JST)
			if err == nil {
				return report.DaysBetween(created, j), true
			}
		}
		return report.DaysBetween(created, parseTS(f.Answered)), true
	}
	return 0, false
}

func (t *Tx) referralFacts(ctx context.Context, muni string, r report.FiscalRange, extra string, args ...any) ([]referralFact, error) {
	// A つなぎ counts on the day it was made (referred_on, issue 22: written
	// days later, it still lands in its own month, as in the contractors'
	// monthly reports); rows from before referred_on, on the day entered.
	// The day the receiver joined the team is looked up only for completed
	// ones (acceptDays reads it for them alone).
	q := `SELECT r.id, r.case_id, r.status, r.created_at, r.answered_at, r.referred_on,
		CASE WHEN r.status = 'completed' THEN COALESCE((SELECT MIN(ct.from_on) FROM case_team ct WHERE ct.case_id = r.case_id AND ct.organization_id = r.to_org_id), '') ELSE '' END,
		COALESCE(k.focus_person_id, ''), COALESCE(k.household_id, '')
		FROM referrals r LEFT JOIN cases k ON k.id = r.case_id WHERE r.municipality_id = ?
		AND ((r.referred_on <> '' AND r.referred_on >= ? AND r.referred_on <= ?) OR (r.referred_on = '' AND r.created_at >= ? AND r.created_at < ?))` + extra
	return collect(ctx, t, func(s scanner) (referralFact, error) {
		var f referralFact
		err := s.Scan(&f.ID, &f.CaseID, &f.Status, &f.Created, &f.Answered, &f.Day, &f.Joined, &f.Person, &f.Household)
		if f.Day == "" {
			f.Day = casework.Today(parseTS(f.Created))
		}
		return f, err
	}, q, append([]any{muni, r.From, r.To, r.MonthStarts[0], r.MonthStarts[12]}, args...)...)
}

func referralSections(ctx context.Context, t *Tx, run *reportRun) ([]report.Section, error) {
	muni, r := run.muni, run.r
	facts, err := t.referralFacts(ctx, muni, r, "")
	if err != nil {
		return nil, err
	}
	st := report.Section{Key: report.SecReferrals, Title: title(report.SecReferrals), Unit: "件", Drill: true,
		Note: "つなぎの日（後日入力のときは入力した日ではなく、つないだ日）で数え、現在の結果で分けます。"}
	total := report.NewRow("合計", nil)
	byStatus := make([]report.Row, len(casework.ReferralStatuses))
	for i, s := range casework.ReferralStatuses {
		byStatus[i] = report.NewRow(s.Label, map[string]string{"status": s.Value})
	}
	days := report.Section{Key: report.SecReferralDays, Title: title(report.SecReferralDays), Unit: "件", Drill: true,
		Note: "受諾されたつなぎ（完了を含む）を、つないだ日から受諾までの暦日数で分けます。"}
	buckets := make([]report.Row, len(report.DayBuckets))
	for i, b := range report.DayBuckets {
		buckets[i] = report.NewRow(b.Label, map[string]string{"bucket": b.Key})
	}
	var all []int
	for _, f := range facts {
		m := r.MonthIndex(f.Day)
		total.Add(m, 1)
		for i, s := range casework.ReferralStatuses {
			if s.Value == f.Status {
				byStatus[i].Add(m, 1)
			}
		}
		if d, ok := f.acceptDays(); ok {
			all = append(all, d)
			for i, b := range report.DayBuckets {
				if b.Key == report.DayBucket(d) {
					buckets[i].Add(m, 1)
				}
			}
		}
	}
	st.Rows = append([]report.Row{total}, byStatus...)
	days.Rows = buckets
	days.Summary = daySummary(all)
	ss := []report.Section{st, days}
	return ss, t.referralPersons(ctx, run, facts, ss)
}

// daySummary gives the count, mean, median and maximum of day counts.
func daySummary(ds []int) map[string]float64 {
	out := map[string]float64{"count": float64(len(ds))}
	if len(ds) == 0 {
		return out
	}
	sort.Ints(ds)
	sum := 0
	for _, d := range ds {
		sum += d
	}
	out["mean"] = float64(sum*10/len(ds)) / 10
	if n := len(ds); n%2 == 1 {
		out["median"] = float64(ds[n/2])
	} else {
		out["median"] = float64(ds[n/2-1]+ds[n/2]) / 2
	}
	out["max"] = float64(ds[len(ds)-1])
	return out
}
