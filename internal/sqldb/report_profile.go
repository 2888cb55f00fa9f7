package sqldb

import (
	"context"
	"time"

	"kasane/internal/report"
)

// SectionTime is how long one builder of the annual report took and the
// sections it built (`kasane bench report` prints them: profile first).
type SectionTime struct {
	Sections []string
	Took     time.Duration
}

// AnnualReportProfile builds the annual report of fiscal year fy as
// AnnualReport does, in one read transaction, timing each builder.
func (db *DB) AnnualReportProfile(ctx context.Context, muni string, fy int) ([]SectionTime, error) {
	var out []SectionTime
	err := db.inTx(replicaOK(ctx), false, "集計", func(tx *Tx) error {
		r := report.Fiscal(fy)
		a := &report.Annual{FiscalYear: fy}
		run := newReportRun(muni, r)
		for _, build := range annualSections {
			t := time.Now()
			ss, err := build(ctx, tx, run)
			if err != nil {
				return err
			}
			st := SectionTime{Took: time.Since(t)}
			for _, s := range ss {
				st.Sections = append(st.Sections, s.Key)
			}
			a.Sections = append(a.Sections, ss...)
			out = append(out, st)
		}
		t := time.Now()
		if _, err := tx.indicatorSet(ctx, muni, r, a); err != nil {
			return err
		}
		out = append(out, SectionTime{Sections: []string{"indicators"}, Took: time.Since(t)})
		return nil
	})
	return out, err
}
