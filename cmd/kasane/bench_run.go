package main

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"runtime"
	"strconv"
	"strings"
	"time"

	"kasane/internal/casework"
	"kasane/internal/dedupe"
	"kasane/internal/japanese"
	"kasane/internal/sqldb"
)

func benchImportPG(ctx context.Context, dsn, csvPath string) (*sqldb.DB, importFigures, func(), error) {
	sdsn, drop, err := sqldb.BenchSchema(ctx, dsn)
	if err != nil {
		return nil, importFigures{}, nil, err
	}
	db, err := sqldb.Open(ctx, sdsn)
	if err == nil {
		_, err = db.Migrate(ctx)
	}
	var a casework.Actor
	if err == nil {
		a, err = benchSetup(ctx, db)
	}
	var f importFigures
	if err == nil {
		f, err = measureImport(ctx, db, importer(a), csvPath)
	}
	cleanup := func() {
		if db != nil {
			db.Close()
		}
		drop()
	}
	if err != nil {
		cleanup()
		return nil, f, nil, err
	}
	return db, f, cleanup, nil
}

type prf struct{ p, r, f1 float64 }

func score(pred [][2]int32, truth map[[2]int32]bool) prf {
	tp := 0
	for _, p := range pred {
		if truth[p] {
			tp++
		}
	}
	var s prf
	if len(pred) > 0 {
		s.p = float64(tp) / float64(len(pred))
	}
	if len(truth) > 0 {
		s.r = float64(tp) / float64(len(truth))
	}
	if s.p+s.r > 0 {
		s.f1 = 2 * s.p * s.r / (s.p + s.r)
	}
	return s
}

func benchDuplicates(ctx context.Context, w io.Writer, db *sqldb.DB, a casework.Actor, ps []benchPerson, ids []string) error {
	fmt.Fprintln(w, "## duplicate detection (名寄せ)")
	truth := map[[2]int32]bool{}
	for i, p := range ps {
		if p.dupOf >= 0 {
			x, y := int32(p.dupOf), int32(i)
			truth[[2]int32{min(x, y), max(x, y)}] = true
		}
	}
	rs := dedupeRecords(ps)
	th := dedupe.DefaultThresholds
	t0 := time.Now()
	pairs := dedupe.Batch(rs, th, runtime.GOMAXPROCS(0))
	dur := time.Since(t0)
	var review, same [][2]int32
	for _, p := range pairs {
		k := [2]int32{min(p.A, p.B), max(p.A, p.B)}
		review = append(review, k)
		if th.IsSame(p.Score, p.Reasons) {
			same = append(same, k)
		}
	}
	t1 := time.Now()
	var exact [][2]int32
	for _, p := range dedupe.ExactRule(rs) {
		exact = append(exact, [2]int32{min(p.A, p.B), max(p.A, p.B)})
	}
	exactDur := time.Since(t1)
	show := func(name string, s prf, d time.Duration, n int) {
		fmt.Fprintf(w, "%-44s precision %.3f  recall %.3f  F1 %.3f  pairs %7d  %.2fs\n", name, s.p, s.r, s.f1, n, d.Seconds())
	}
	fmt.Fprintf(w, "true pairs: %d\n", len(truth))
	show(fmt.Sprintf("kasane, score ≥ %d (review and same)", th.Review), score(review, truth), dur, len(review))
	show(fmt.Sprintf("kasane, score ≥ %d (same person)", th.Same), score(same, truth), dur, len(same))
	show("exact rule (same katakana name + birth date)", score(exact, truth), exactDur, len(exact))
	t2 := time.Now()
	n := 0
	sys := casework.System(a.MunicipalityID)
	stopProf := startProfile("dup")
	if err := db.AllDuplicates(ctx, sys, func(sqldb.DuplicatePair) error { n++; return nil }); err != nil {
		return err
	}
	stopProf()
	fmt.Fprintf(w, "kasane duplicates end to end (SQLite: load %d persons, block, score): %d pairs in %.2fs\n", len(ps), n, time.Since(t2).Seconds())
	return benchCheck(ctx, w, db, a, ps, ids)
}

// benchChecks is the --checks count, benchHits the --check-hits file.
var (
	benchChecks      = 100
	benchHits        string
	benchCheckWorker bool // --check-as worker
)

// benchCheck measures the check at registration: a second registration of
// a random person, benchChecks times (and 20 times before, not counted, to warm up
// the caches of the database).
func benchCheck(ctx context.Context, w io.Writer, db *sqldb.DB, a casework.Actor, ps []benchPerson, ids []string) error {
	sys := casework.System(a.MunicipalityID)
	if benchCheckWorker {
		sys = a
	}
	// the garbage the bench left (the generated population, the import) is
	// collected before, not charged to the checks; what they allocate
	// themselves is printed with the figures
	runtime.GC()
	warm := rand.New(rand.NewPCG(5, 6))
	for k := 0; k < 20; k++ {
		p := benchCasework(ps[warm.IntN(len(ps))])
		if p.Normalize(time.Now()) == nil {
			if _, err := db.CheckDuplicates(ctx, sys, p); err != nil {
				return err
			}
		}
	}
	stopProf := startProfile("check")
	defer stopProf()
	rng := rand.New(rand.NewPCG(3, 4))
	var lat latencies
	found := 0
	var dump strings.Builder
	cpu0 := processCPU()
	var ms0 runtime.MemStats
	runtime.ReadMemStats(&ms0)
	for k := 0; k < benchChecks; k++ {
		i := rng.IntN(len(ps))
		p := benchCasework(ps[i])
		if err := p.Normalize(time.Now()); err != nil {
			continue
		}
		t := time.Now()
		hits, err := db.CheckDuplicates(ctx, sys, p)
		lat = append(lat, time.Since(t))
		if err != nil {
			return err
		}
		fmt.Fprintf(&dump, "check %d (person %d)\n", k, i)
		for _, h := range hits {
			fmt.Fprintf(&dump, "  %s %d %v %v %s\n", h.PersonID, h.Score, h.Same, h.Reasons, h.Decision)
		}
		for _, h := range hits {
			if h.PersonID == ids[i] {
				found++
				break
			}
		}
	}
	var ms1 runtime.MemStats
	runtime.ReadMemStats(&ms1)
	cpu := processCPU() - cpu0
	fmt.Fprintf(w, "registration check (indexed lookups + score + audit, SQLite): p50 %s  p95 %s  p99 %s  (finds the registered record itself %d/%d)\n",
		ms(lat.pct(.5)), ms(lat.pct(.95)), ms(lat.pct(.99)), found, len(lat))
	if len(lat) > 0 {
		fmt.Fprintf(w, "  process CPU (user+sys) per check %s, allocated %d kB per check, %d GC cycles\n", ms(cpu/time.Duration(len(lat))),
			(ms1.TotalAlloc-ms0.TotalAlloc)/uint64(len(lat))/1000, ms1.NumGC-ms0.NumGC)
	}
	fmt.Fprintln(w)
	if benchHits != "" {
		return os.WriteFile(benchHits, []byte(dump.String()), 0o644)
	}
	return nil
}

func ms(d time.Duration) string { return fmt.Sprintf("%.3fms", float64(d.Microseconds())/1000) }

func benchSearch(ctx context.Context, w io.Writer, d *benchData, db, pgDB *sqldb.DB, pgDSN string, a casework.Actor, ps []benchPerson, ids []string, nq int, seed uint64, baselines bool) error {
	fmt.Fprintln(w, "## search (limit 20)")
	index := make(map[string]int, len(ids))
	ks := keyset{name: make([]string, len(ps)), kana: make([]string, len(ps))}
	rows := make([]sqldb.BaselineRow, len(ps))
	for i, b := range ps {
		index[ids[i]] = i
		p := benchCasework(b)
		_ = p.Normalize(time.Now())
		ks.name[i], ks.kana[i] = p.NameKey, p.KanaKey
		rows[i] = sqldb.BaselineRow{ID: ids[i], Name: p.FamilyName + p.GivenName, Kana: p.FamilyKana + p.GivenKana}
	}
	qs := d.queries(ps, nq, seed)
	const limit = 20
	t0 := time.Now()
	idx, err := db.NameIndex(ctx, a.MunicipalityID)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "kasane name index built from the database in %.2fs (%d persons)\n", time.Since(t0).Seconds(), idx.Len())
	var results []searchResult
	results = append(results, runSearch(ctx, "kasane name index (in process)", qs, ks, index, limit, func(ctx context.Context, q benchQuery) ([]string, error) {
		kk := ""
		if q.kana {
			kk = japanese.KanaKey(q.q)
		}
		var out []string
		for _, h := range idx.Search(japanese.NameKey(q.q), kk, limit) {
			out = append(out, h.ID)
		}
		return out, nil
	}))
	full := qs
	if len(full) > 100 {
		full = full[:100]
	}
	results = append(results, runSearch(ctx, "kasane SearchPersons (SQLite: rows, access rules, audit)", full, ks, index, limit, func(ctx context.Context, q benchQuery) ([]string, error) {
		hits, err := db.SearchPersons(ctx, a, q.q, limit)
		var out []string
		for _, h := range hits {
			out = append(out, h.ID)
		}
		return out, err
	}))
	if baselines {
		t1 := time.Now()
		fts, err := db.FTSBaseline(ctx, rows)
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "FTS5 trigram table built in %.2fs\n", time.Since(t1).Seconds())
		results = append(results, runSearch(ctx, fts.Name(), qs, ks, index, limit, func(ctx context.Context, q benchQuery) ([]string, error) {
			return fts.Search(ctx, plainQuery(q.q), limit)
		}))
	}
	if pgDSN != "" && baselines {
		t2 := time.Now()
		trgm, closeTrgm, err := sqldb.TrgmBaseline(ctx, pgDSN, rows, nil)
		if err != nil {
			return err
		}
		defer closeTrgm()
		fmt.Fprintf(w, "pg_trgm table (COPY + GIN) built in %.2fs\n", time.Since(t2).Seconds())
		results = append(results, runSearch(ctx, trgm.Name(), qs, ks, index, limit, func(ctx context.Context, q benchQuery) ([]string, error) {
			return trgm.Search(ctx, plainQuery(q.q), limit)
		}))
		if pgDB != nil {
			pa := a
			if m, err := pgDB.Municipalities(ctx); err == nil && len(m) > 0 {
				pa.MunicipalityID = m[0].ID
			}
			pidx, err := pgDB.NameIndex(ctx, pa.MunicipalityID)
			if err == nil {
				results = append(results, runSearch(ctx, "kasane name index (PostgreSQL-backed, in process)", qs, ks, nil, limit, func(ctx context.Context, q benchQuery) ([]string, error) {
					kk := ""
					if q.kana {
						kk = japanese.KanaKey(q.q)
					}
					var out []string
					for _, h := range pidx.Search(japanese.NameKey(q.q), kk, limit) {
						out = append(out, h.ID)
					}
					return out, nil
				}))
			}
		}
	}
	nv := 0
	for _, q := range qs {
		if q.variant {
			nv++
		}
	}
	fmt.Fprintf(w, "%d queries (%d variant); SearchPersons on the first %d\n", len(qs), nv, len(full))
	fmt.Fprintf(w, "%-58s %9s %9s %9s %12s %14s\n", "system", "p50", "p95", "p99", "p95 1–2 ch", "variant recall")
	for _, r := range results {
		rec := strconv.FormatFloat(r.recall(), 'f', 3, 64)
		if r.recallCount == 0 {
			rec = "-"
		}
		fmt.Fprintf(w, "%-58s %9s %9s %9s %12s %14s\n", r.name, ms(r.all.pct(.5)), ms(r.all.pct(.95)), ms(r.all.pct(.99)), ms(r.short.pct(.95)), rec)
	}
	return nil
}
