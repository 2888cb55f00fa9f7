package report

import "time"

// Count is one labelled figure (a bar of a chart).
type Count struct {
	Key   string `json:"key"`
	Label string `json:"label"`
	Value int64  `json:"value"`
}

// Dashboard is what the dashboard shows: aggregate figures of the
// municipality, with no personal data.
type Dashboard struct {
	FiscalYear int    `json:"fiscal_year"`
	Today      string `json:"today"`
	// CasesByStatus counts every case of the municipality by its status today.
	CasesByStatus []Count `json:"cases_by_status"`
	// NewByMonth is the new-consultations section of the year (rows by 分野).
	NewByMonth Section  `json:"new_by_month"`
	Months     []string `json:"months"`
	// ReferralWait counts referrals of the year by days to acceptance.
	ReferralWait    []Count            `json:"referral_wait"`
	ReferralSummary map[string]float64 `json:"referral_summary,omitempty"`
	// Watches counts today's alarms of the whole municipality by kind.
	Watches  []Count    `json:"watches"`
	Progress []Progress `json:"progress"`
}

// Snapshot is a report run frozen with its parameters. It is never changed:
// a later run is a new snapshot.
type Snapshot struct {
	ID         string            `json:"id"`
	Kind       string            `json:"kind"`
	FiscalYear int               `json:"fiscal_year"`
	Title      string            `json:"title"`
	Params     map[string]string `json:"params"`
	Digest     string            `json:"digest"`
	// Intact is false when the stored report no longer matches its digest.
	Intact      bool      `json:"intact"`
	CreatedBy   string    `json:"created_by"`
	CreatorName string    `json:"created_by_name,omitempty"`
	CreatedAt   time.Time `json:"created_at"`
	Report      *Annual   `json:"report,omitempty"`
}

// BuildDashboard puts the dashboard together from the year's report, the
// status counts, the watch counts and the targets.
func BuildDashboard(a *Annual, today string, byStatus, watches []Count, targets []Target) *Dashboard {
	d := &Dashboard{FiscalYear: a.FiscalYear, Today: today, CasesByStatus: byStatus, Months: a.Months, Watches: watches}
	if s, ok := a.Section(SecNewConsultations); ok {
		d.NewByMonth = *s
	}
	if s, ok := a.Section(SecReferralDays); ok {
		for _, r := range s.Rows {
			d.ReferralWait = append(d.ReferralWait, Count{Key: r.Filter["bucket"], Label: r.Label, Value: r.Total})
		}
		d.ReferralSummary = s.Summary
	}
	d.Progress = Compare(a, targets)
	return d
}
