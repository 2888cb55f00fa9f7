package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"runtime/pprof"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"kasane/internal/casework"
	"kasane/internal/dedupe"
	"kasane/internal/japanese"
	"kasane/internal/sqldb"
)

// cmdBench is `kasane bench [--persons 100000] [--db postgres://…] [--data ../shared/data]`:
// a seeded synthetic population, then search, duplicate detection and
// import measured on the same data in the same run, beside the baselines.
func cmdBench(ctx context.Context, e env, args []string) error {
	if len(args) > 0 && args[0] == "pages" {
		return cmdBenchPages(ctx, e, args[1:])
	}
	if len(args) > 0 && args[0] == "report" {
		return cmdBenchReport(ctx, e, args[1:]) // bench_report.go
	}
	if len(args) > 0 && args[0] == "dedupe" {
		return cmdBenchDedupe(ctx, e, args[1:]) // bench_dedupe.go
	}
	if len(args) > 0 && args[0] == "juki" {
		return cmdBenchJuki(ctx, e, args[1:]) // bench_juki.go
	}
	if len(args) > 0 && args[0] == "retention" {
		return cmdBenchRetention(ctx, e, args[1:]) // bench_retention.go
	}
	if len(args) > 0 && args[0] == "startup" {
		return cmdBenchStartup(ctx, e, args[1:]) // bench_startup.go
	}
	fs := flag.NewFlagSet("kasane bench", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	n := fs.Int("persons", 100000, "population size (e.g. 100000 or 1000000)")
	pg := fs.String("db", "", "PostgreSQL DSN for the PostgreSQL figures (optional)")
	data := fs.String("data", "../shared/data", "folder with surnames.tsv, given_names.tsv, addresses.tsv, variants.tsv")
	seed := fs.Uint64("seed", 1, "random seed")
	nq := fs.Int("queries", 2000, "search queries per system")
	dir := fs.String("dir", "", "work folder (default: a temporary folder, removed afterwards)")
	parts := fs.String("parts", "import,duplicates,search", "what to measure: import, duplicates (includes check), check, search (the SQLite import always runs: it makes the database)")
	cpuprof := fs.String("cpuprofile", "", "write CPU profiles of the import, the duplicates batch and the registration check to FILE.import / FILE.dup / FILE.check")
	baselines := fs.Bool("baselines", true, "also measure the baselines (raw INSERT, COPY, FTS5, pg_trgm)")
	reuse := fs.Bool("reuse", false, "reuse the SQLite database an earlier run left in --dir (same --persons and --seed) instead of importing again")
	checks := fs.Int("checks", 100, "registration checks measured")
	checkAs := fs.String("check-as", "system", "who runs the registration checks: system (no access rule) or worker (the bench worker: rule 4 on every hit, as in the web form)")
	hitsOut := fs.String("check-hits", "", "write the hits of every measured registration check to FILE (to compare two builds)")
	fs.BoolVar(&benchImportOptions.Exclusive, "exclusive", false, "PostgreSQL import with `kasane import --exclusive` (persons locked while it finishes)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *pg != "" && !sqldb.IsPostgres(*pg) {
		return errors.New("--db は postgres:// の接続先です（SQLite の数値は常に測ります）")
	}
	work := *dir
	if work != "" {
		if err := os.MkdirAll(work, 0o700); err != nil {
			return err
		}
	}
	if work == "" {
		t, err := os.MkdirTemp("", "kasane-bench-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(t)
		work = t
	}
	w := e.stdout
	want := func(part string) bool { return strings.Contains(","+*parts+",", ","+part+",") }
	d, err := loadBenchData(*data)
	if err != nil {
		return err
	}
	t0 := time.Now()
	ps := d.generate(*n, *seed)
	fmt.Fprintf(w, "kasane bench: %d persons (%d second registrations), seed %d, GOMAXPROCS %d, %s\n", len(ps), len(ps)/10, *seed, runtime.GOMAXPROCS(0), runtime.Version())
	fmt.Fprintf(w, "generated in %.1fs\n\n", time.Since(t0).Seconds())

	// import
	csvPath := filepath.Join(work, "persons.csv")
	benchProfile = *cpuprof
	benchChecks, benchHits, benchCheckWorker = *checks, *hitsOut, *checkAs == "worker"
	dbPath := filepath.Join(work, "kasane.db")
	var db *sqldb.DB
	var a casework.Actor
	if _, err := os.Stat(dbPath); err == nil && *reuse {
		if db, a, err = benchReopen(ctx, dbPath); err != nil {
			return err
		}
		defer db.Close()
		fmt.Fprintf(w, "## import\nreused %s (no import)\n", dbPath)
	} else {
		if err := writeBenchCSV(csvPath, ps); err != nil {
			return err
		}
		var imp importFigures
		db, a, imp, err = benchImport(ctx, dbPath, csvPath)
		if err != nil {
			return err
		}
		defer db.Close()
		fmt.Fprintln(w, "## import")
		fmt.Fprintf(w, "kasane import (SQLite, validate + flag + insert, one transaction): %8.0f rows/s  %.1fs  live heap growth peak %s\n", imp.rate, imp.dur.Seconds(), mb(imp.peakHeap))
	}
	raw := func(i int) []any {
		p := ps[i]
		return []any{strconv.Itoa(i), p.fam, p.giv, p.famKana, p.givKana, p.birth, p.sex, p.postal, p.pref, p.city, p.street, p.phone, "m"}
	}
	if *baselines && want("import") {
		t1 := time.Now()
		if err := sqldb.RawInsertSQLite(ctx, filepath.Join(work, "raw.db"), len(ps), raw); err != nil {
			return err
		}
		fmt.Fprintf(w, "raw single-transaction INSERT (SQLite, 13 columns):              %8.0f rows/s\n", float64(len(ps))/time.Since(t1).Seconds())
	}
	var pgDB *sqldb.DB
	if *pg != "" && (want("import") || want("search")) {
		if err := writeBenchCSV(csvPath, ps); err != nil { // not written when the database is reused
			return err
		}
		var cleanup func()
		var pgImp importFigures
		pgDB, pgImp, cleanup, err = benchImportPG(ctx, *pg, csvPath)
		if err != nil {
			return err
		}
		defer cleanup()
		fmt.Fprintf(w, "kasane import (PostgreSQL%s):                                      %8.0f rows/s  %.1fs  live heap growth peak %s\n", map[bool]string{true: ", --exclusive"}[benchImportOptions.Exclusive], pgImp.rate, pgImp.dur.Seconds(), mb(pgImp.peakHeap))
		if *baselines && want("import") {
			t2 := time.Now()
			if err := sqldb.RawCopyPostgres(ctx, *pg, len(ps), raw); err != nil {
				return err
			}
			fmt.Fprintf(w, "raw COPY (PostgreSQL, 13 columns):                               %8.0f rows/s\n", float64(len(ps))/time.Since(t2).Seconds())
		}
	}
	fmt.Fprintf(w, "process peak RSS so far: %s (includes the generated population)\n\n", mb(maxRSS()))

	ids, err := db.PersonIDsInOrder(ctx, a.MunicipalityID)
	if err != nil || len(ids) != len(ps) {
		return fmt.Errorf("imported %d of %d: %v", len(ids), len(ps), err)
	}
	if want("duplicates") {
		if err := benchDuplicates(ctx, w, db, a, ps, ids); err != nil {
			return err
		}
	} else if want("check") {
		fmt.Fprintln(w, "## registration check")
		if err := benchCheck(ctx, w, db, a, ps, ids); err != nil {
			return err
		}
	}
	if !want("search") {
		return nil
	}
	pgdsn := *pg
	if !*baselines {
		pgdsn = ""
	}
	return benchSearch(ctx, w, d, db, pgDB, pgdsn, a, ps, ids, *nq, *seed, *baselines)
}

func mb(b uint64) string { return fmt.Sprintf("%.0f MB", float64(b)/(1<<20)) }

func writeBenchCSV(path string, ps []benchPerson) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	cw := japanese.NewCSVWriter(f, japanese.UTF8)
	cw.Write(personColumns)
	for _, p := range ps {
		if err := cw.Write(p.row()); err != nil {
			f.Close()
			return err
		}
	}
	if err := cw.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

type importFigures struct {
	rate     float64
	dur      time.Duration
	peakHeap uint64
}

// benchImportOptions are the options of the measured imports (--exclusive).
var benchImportOptions sqldb.ImportOptions

// measureImport imports csvPath as a and samples the heap while it runs.
func measureImport(ctx context.Context, db *sqldb.DB, a casework.Actor, csvPath string) (importFigures, error) {
	f, err := os.Open(csvPath)
	if err != nil {
		return importFigures{}, err
	}
	defer f.Close()
	next, err := personRows(f)
	if err != nil {
		return importFigures{}, err
	}
	// the live heap after each GC: HeapInuse would also count the garbage
	// that GOGC lets grow with the population the bench itself holds
	live := func() uint64 {
		s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
		metrics.Read(s)
		return s[0].Value.Uint64()
	}
	runtime.GC()
	base := live()
	var peak atomic.Uint64
	stop := make(chan struct{})
	go func() {
		t := time.NewTicker(20 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-t.C:
				if m := live(); m > base && m-base > peak.Load() {
					peak.Store(m - base)
				}
			}
		}
	}()
	stopProf := startProfile("import")
	t0 := time.Now()
	res, err := db.ImportPersonsWith(ctx, a, benchImportOptions, next, nil)
	dur := time.Since(t0)
	stopProf()
	close(stop)
	if err != nil {
		if len(res.Problems) > 0 {
			writeImportReport(io.Discard, res, importNames{})
			return importFigures{}, fmt.Errorf("%v (%d problems, first: %+v)", err, len(res.Problems), res.Problems[0])
		}
		return importFigures{}, err
	}
	return importFigures{rate: float64(res.Imported) / dur.Seconds(), dur: dur, peakHeap: peak.Load()}, nil
}

// benchSetup makes a municipality, an organization and a worker.
func benchSetup(ctx context.Context, db *sqldb.DB) (casework.Actor, error) {
	m, err := db.CreateMunicipality(ctx, "999999", "ベンチ市")
	if err != nil {
		return casework.Actor{}, err
	}
	sys := casework.System(m.ID)
	o := casework.Organization{Name: "ベンチ包括", Kind: "community_support_center"}
	if err := db.CreateOrganization(ctx, sys, &o); err != nil {
		return casework.Actor{}, err
	}
	u := casework.User{OrganizationID: o.ID, Email: "bench@example.jp", Name: "ベンチ 職員", Roles: []string{"worker"}}
	if err := db.CreateUser(ctx, sys, &u, ""); err != nil {
		return casework.Actor{}, err
	}
	return sqldb.ActorFor(u), nil
}

func importer(a casework.Actor) casework.Actor {
	return casework.Actor{UserID: "system", MunicipalityID: a.MunicipalityID, OrganizationID: a.OrganizationID, Roles: []string{"municipal_admin"}}
}

func benchImport(ctx context.Context, path, csvPath string) (*sqldb.DB, casework.Actor, importFigures, error) {
	db, err := sqldb.Open(ctx, path)
	if err != nil {
		return nil, casework.Actor{}, importFigures{}, err
	}
	if _, err := db.Migrate(ctx); err != nil {
		db.Close()
		return nil, casework.Actor{}, importFigures{}, err
	}
	a, err := benchSetup(ctx, db)
	if err != nil {
		db.Close()
		return nil, a, importFigures{}, err
	}
	f, err := measureImport(ctx, db, importer(a), csvPath)
	return db, a, f, err
}

// benchReopen opens the database of an earlier run (--reuse) and finds its
// bench worker.
func benchReopen(ctx context.Context, path string) (*sqldb.DB, casework.Actor, error) {
	db, err := sqldb.Open(ctx, path)
	if err != nil {
		return nil, casework.Actor{}, err
	}
	if _, err := db.Migrate(ctx); err != nil {
		db.Close()
		return nil, casework.Actor{}, err
	}
	u, err := db.UserByEmail(ctx, "bench@example.jp")
	if err != nil {
		db.Close()
		return nil, casework.Actor{}, err
	}
	return db, sqldb.ActorFor(u), nil
}

// dedupeRecords are the comparison records of the population as stored.
func dedupeRecords(ps []benchPerson) []dedupe.Record {
	rs := make([]dedupe.Record, len(ps))
	now := time.Now()
	for i, b := range ps {
		p := benchCasework(b)
		_ = p.Normalize(now)
		rs[i] = sqldb.PersonRecord(p)
		rs[i].ID = strconv.Itoa(i)
	}
	return rs
}

func benchCasework(b benchPerson) casework.Person {
	return casework.Person{Identified: true, FamilyName: b.fam, GivenName: b.giv, FamilyKana: b.famKana, GivenKana: b.givKana,
		BirthDate: b.birth, Sex: b.sex, Address: casework.Address{PostalCode: b.postal, Prefecture: b.pref, City: b.city, Street: b.street}, Phone: b.phone}
}

// benchProfile is the --cpuprofile prefix ("" for none).
var benchProfile string

// startProfile writes a CPU profile to benchProfile.part until the
// returned function is called; only the first run of a part is profiled.
func startProfile(part string) func() {
	if benchProfile == "" {
		return func() {}
	}
	path := benchProfile + "." + part
	if _, err := os.Stat(path); err == nil {
		return func() {}
	}
	f, err := os.Create(path)
	if err != nil {
		return func() {}
	}
	if pprof.StartCPUProfile(f) != nil {
		f.Close()
		return func() {}
	}
	return func() { pprof.StopCPUProfile(); f.Close() }
}
