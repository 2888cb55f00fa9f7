package demo

import (
	"context"
	"strconv"

	"kasane/internal/casework"
	"kasane/internal/report"
	"kasane/internal/sqldb"
)

// seedReportTargets sets the fictitious city's population (last and this
// fiscal year) and the targets of the 実施計画's indicator set for this
// year, so that the annual report shows 実績 / 目標 / 達成率 and the figures
// per 10万人 (issue 22).
func seedReportTargets(ctx context.Context, db *sqldb.DB, sys casework.Actor, fy int) error {
	for _, p := range []report.Population{
		{FiscalYear: fy - 1, Population: 68912, AsOf: strconv.Itoa(fy-1) + "-04-01", Note: "住民基本台帳人口（架空）"},
		{FiscalYear: fy, Population: 68405, AsOf: strconv.Itoa(fy) + "-04-01", Note: "住民基本台帳人口（架空）"},
	} {
		if err := db.SetPopulation(ctx, sys, &p); err != nil {
			return err
		}
	}
	for ind, n := range map[string]int64{report.IndConsultations: 120, report.IndSankaPersons: 12, report.IndHosts: 8,
		report.IndPlaces: 10, report.IndParticipants: 600, report.IndPlatformOrgs: 15} {
		if err := db.SetTarget(ctx, sys, &report.Target{FiscalYear: fy, Indicator: ind, Target: n, Note: "実施計画（架空）"}); err != nil {
			return err
		}
	}
	return nil
}
