package main

import (
	"context"
	"fmt"
	"sort"
	"time"

	"kasane/internal/config"
)

// cmdReportCounters runs `kasane report rebuild --db …` (recompute the
// report counters from the records) and `kasane report verify --db …`
// (compare them with a plain GROUP BY over the records; exit status 1 on
// any difference), the counterparts of `kasane audit verify` for the
// figures the annual report reads (issue 24, sqldb/report_counters.go).
func cmdReportCounters(ctx context.Context, e env, sub string, args []string) error {
	cfg, _, err := config.Load("report "+sub, args, e.getenv, e.stderr, nil)
	if err != nil {
		return err
	}
	db, err := openDB(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	t0 := time.Now()
	if sub == "rebuild" {
		groups, err := db.RebuildReportCounters(ctx)
		if err != nil {
			return err
		}
		names := make([]string, 0, len(groups))
		for n := range groups {
			names = append(names, n)
		}
		sort.Strings(names)
		for _, n := range names {
			fmt.Fprintf(e.stdout, "%s: %d 行を作り直しました\n", n, groups[n])
		}
		fmt.Fprintf(e.stdout, "集計表を記録から作り直しました（%.1f 秒）\n", time.Since(t0).Seconds())
		return nil
	}
	checks, err := db.VerifyReportCounters(ctx)
	if err != nil {
		return err
	}
	drifts := 0
	for _, c := range checks {
		for _, d := range c.Drifts {
			fmt.Fprintln(e.stdout, "不一致: "+d.String())
			drifts++
		}
		fmt.Fprintf(e.stdout, "%s（%s）: %d 件の集計単位を記録と照合しました（不一致 %d）\n", c.Counter, c.Label, c.Groups, len(c.Drifts))
	}
	if drifts > 0 {
		return fmt.Errorf("集計表と記録が %d か所で一致しません。kasane report rebuild で作り直してください", drifts)
	}
	fmt.Fprintf(e.stdout, "集計表は記録と一致しています（%.1f 秒）\n", time.Since(t0).Seconds())
	return nil
}
