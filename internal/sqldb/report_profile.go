package sqldb

import (
	"context"
	"time"
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
		_, err := tx.annual(ctx, muni, fy, func(sections []string, d time.Duration) {
			out = append(out, SectionTime{Sections: sections, Took: d})
		})
		return err
	})
	return out, err
}
