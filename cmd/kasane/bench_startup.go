package main

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"kasane/internal/casework"
	"kasane/internal/config"
	"kasane/internal/japanese"
	"kasane/internal/sqldb"
	"kasane/internal/web"
)

// cmdBenchStartup is `kasane bench startup [--persons N] [--db postgres://…]`
// (issue 24): how long a server takes until its name index answers and
// how much memory it then holds, started from a snapshot of the index and,
// as the baseline of the same run, built from the persons table. Each
// start runs in a process of its own (this program, --child), which opens
// the database as kasane serve does, so that each memory figure is its
// alone.
func cmdBenchStartup(ctx context.Context, e env, args []string) error {
	fs := flag.NewFlagSet("kasane bench startup", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	n := fs.Int("persons", 100000, "population size (e.g. 1000000)")
	pg := fs.String("db", "", "PostgreSQL DSN: measure on PostgreSQL (a schema kasane_bench in it) instead of SQLite")
	data := fs.String("data", "../shared/data", "folder with surnames.tsv, given_names.tsv, addresses.tsv, variants.tsv")
	seed := fs.Uint64("seed", 1, "random seed")
	nq := fs.Int("queries", 2000, "search queries timed after each start")
	changes := fs.Int("changes", 1000, "persons registered after the snapshot, for the start that applies them")
	dir := fs.String("dir", "", "work folder of the SQLite database (default: a temporary folder, removed afterwards)")
	reuse := fs.Bool("reuse", false, "reuse the database an earlier run left (--dir, or the kasane_bench schema of --db)")
	child := fs.String("child", "", "internal: run one start (database, snapshot or write) and print its figures")
	childDB := fs.String("child-db", "", "internal: the database of --child")
	childQ := fs.String("child-queries", "", "internal: the query file of --child")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *child != "" {
		return benchStartupChild(ctx, e.stdout, *child, *childDB, *childQ)
	}
	if *pg != "" && !sqldb.IsPostgres(*pg) {
		return errors.New("--db は postgres:// の接続先です")
	}
	work := *dir
	if work == "" {
		t, err := os.MkdirTemp("", "kasane-bench-startup-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(t)
		work = t
	} else if err := os.MkdirAll(work, 0o700); err != nil {
		return err
	}
	w := e.stdout
	d, err := loadBenchData(*data)
	if err != nil {
		return err
	}
	ps := d.generate(*n, *seed)
	fmt.Fprintf(w, "kasane bench startup: %d persons, seed %d, GOMAXPROCS %d, %s, %d CPUs\n", len(ps), *seed, runtime.GOMAXPROCS(0), runtime.Version(), runtime.NumCPU())

	// the database
	var db *sqldb.DB
	var a casework.Actor
	dsn := filepath.Join(work, "kasane.db")
	if *pg != "" {
		sep := "?"
		if strings.Contains(*pg, "?") {
			sep = "&"
		}
		dsn = *pg + sep + "search_path=kasane_bench"
		if *reuse {
			db, a, err = benchReopen(ctx, dsn)
		}
		if !*reuse || err != nil {
			csvPath := filepath.Join(work, "persons.csv")
			if err := writeBenchCSV(csvPath, ps); err != nil {
				return err
			}
			var cleanup func()
			t0 := time.Now()
			db, _, cleanup, err = benchImportPG(ctx, *pg, csvPath)
			if err != nil {
				return err
			}
			if !*reuse {
				defer cleanup()
			}
			if a, err = benchActor(ctx, db); err != nil {
				return err
			}
			fmt.Fprintf(w, "imported into PostgreSQL (schema kasane_bench) in %.1fs\n", time.Since(t0).Seconds())
		} else {
			fmt.Fprintln(w, "reused the PostgreSQL schema kasane_bench")
		}
	} else {
		if _, err := os.Stat(dsn); err == nil && *reuse {
			db, a, err = benchReopen(ctx, dsn)
			if err != nil {
				return err
			}
			fmt.Fprintf(w, "reused %s\n", dsn)
		} else {
			csvPath := filepath.Join(work, "persons.csv")
			if err := writeBenchCSV(csvPath, ps); err != nil {
				return err
			}
			var imp importFigures
			if db, a, imp, err = benchImport(ctx, dsn, csvPath); err != nil {
				return err
			}
			fmt.Fprintf(w, "imported into SQLite in %.1fs\n", imp.dur.Seconds())
		}
	}
	defer db.Close()
	// no snapshot left by an earlier run
	if err := db.SetNameIndexSnapshot("", nil); err != nil {
		return err
	}
	if err := db.RemoveNameIndexSnapshot(ctx); err != nil {
		return err
	}

	// the query mix of kasane bench, the same for every start
	qfile := filepath.Join(work, "startup-queries.jsonl")
	if err := writeStartupQueries(qfile, d.queries(ps, *nq, *seed), a.MunicipalityID); err != nil {
		return err
	}
	runChild := func(mode string) (startupFigures, error) {
		var f startupFigures
		exe, err := os.Executable()
		if err != nil {
			return f, err
		}
		cmd := exec.CommandContext(ctx, exe, "bench", "startup", "--child", mode, "--child-db", dsn, "--child-queries", qfile)
		cmd.Stderr = e.stderr
		out, err := cmd.Output()
		if err != nil {
			return f, fmt.Errorf("bench startup --child %s: %w", mode, err)
		}
		if err := json.Unmarshal(out, &f); err != nil {
			return f, fmt.Errorf("bench startup --child %s: %v (%q)", mode, err, out)
		}
		return f, nil
	}
	fmt.Fprintf(w, "\nready = from the start of the process until the name index answers (open, migrate, index); CPU of the process until then\n")
	fmt.Fprintf(w, "RSS after ready = VmRSS once loading's garbage is returned (as kasane serve does); index = the index's own arrays\n")
	fmt.Fprintf(w, "%-44s %8s %8s %9s %9s %9s %9s %9s %9s %9s %10s %5s\n", "start", "ready", "CPU", "RSS", "RSS peak", "index", "search", "p95", "p95 1–2", "RSS after", "load avg", "delta")
	fmt.Fprintf(w, "%-44s %8s %8s %9s %9s %9s %9s %9s %9s %9s %10s %5s\n", "", "", "", "(ready)", "", "", "p50", "", "", "searches", "(1 min)", "")
	row := func(name string, f startupFigures) {
		fmt.Fprintf(w, "%-44s %7.2fs %7.2fs %9s %9s %9s %9s %9s %9s %9s %10s %5d\n", name, f.Ready, f.CPU, mb(f.RSS), mb(f.Peak), mb(f.Index),
			fmt.Sprintf("%.3fms", f.P50), fmt.Sprintf("%.3fms", f.P95), fmt.Sprintf("%.3fms", f.P95Short), mb(f.RSSAfterSearch), f.Load, f.Delta)
	}
	base, err := runChild("database")
	if err != nil {
		return err
	}
	row("baseline: built from the persons table", base)
	wr, err := runChild("write")
	if err != nil {
		return err
	}
	snap, err := runChild("snapshot")
	if err != nil {
		return err
	}
	row("from the snapshot", snap)
	if *changes > 0 {
		t0 := time.Now()
		if err := registerMore(ctx, db, a, d, *changes, *seed+99); err != nil {
			return err
		}
		fmt.Fprintf(w, "(%d persons registered after the snapshot in %.1fs)\n", *changes, time.Since(t0).Seconds())
		delta, err := runChild("snapshot")
		if err != nil {
			return err
		}
		row(fmt.Sprintf("from the snapshot + %d changes since", *changes), delta)
	}
	fmt.Fprintf(w, "\nsnapshot written in %.2fs: %s, %s (%s)\n", wr.Write, mb(uint64(wr.Size)), wr.Where, wr.Load)
	same := "yes"
	if base.Digest != snap.Digest {
		same = "NO"
	}
	fmt.Fprintf(w, "same hits for all %d queries, built from the table and from the snapshot: %s\n", *nq, same)
	fmt.Fprintf(w, "goals at 1,000,000 persons: ready ≤ 2 s (from the snapshot: %.2fs), RSS ≤ 400 MB (%s)\n", snap.Ready, mb(snap.RSS))
	return nil
}

// benchActor is the bench worker of a database benchImportPG made.
func benchActor(ctx context.Context, db *sqldb.DB) (casework.Actor, error) {
	u, err := db.UserByEmail(ctx, "bench@example.jp")
	if err != nil {
		return casework.Actor{}, err
	}
	return sqldb.ActorFor(u), nil
}

// registerMore imports n more generated persons (one transaction).
func registerMore(ctx context.Context, db *sqldb.DB, a casework.Actor, d *benchData, n int, seed uint64) error {
	f, err := os.CreateTemp("", "kasane-more-*.csv")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name())
	f.Close()
	if err := writeBenchCSV(f.Name(), d.generate(n, seed)); err != nil {
		return err
	}
	in, err := os.Open(f.Name())
	if err != nil {
		return err
	}
	defer in.Close()
	next, err := personRows(in)
	if err != nil {
		return err
	}
	_, err = db.ImportPersons(ctx, importer(a), next, nil)
	return err
}

// startupFigures is what one child start reports.
type startupFigures struct {
	Ready, CPU         float64 // seconds until the index answered
	RSS, Peak, Index   uint64  // bytes: resident after ready, peak, the index's arrays
	RSSAfterSearch     uint64
	P50, P95, P95Short float64 // milliseconds
	Load, LoadEnd      string  // 1-minute load average at the start and the end
	From               string  // snapshot or database
	Delta              int     // log rows applied after the snapshot
	Persons            int
	Digest             string  // of every hit of every query, in order
	Write              float64 // seconds to write the snapshot (mode write)
	Size               int64   // its bytes
	Where              string
}

type startupQuery struct {
	Q     string `json:"q"`
	Kana  bool   `json:"kana,omitempty"`
	Short bool   `json:"short,omitempty"`
	Muni  string `json:"muni,omitempty"`
}

func writeStartupQueries(path string, qs []benchQuery, muni string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(f)
	enc := json.NewEncoder(bw)
	for i, q := range qs {
		sq := startupQuery{Q: q.q, Kana: q.kana, Short: q.short}
		if i == 0 {
			sq.Muni = muni
		}
		if err := enc.Encode(sq); err != nil {
			f.Close()
			return err
		}
	}
	if err := bw.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// benchStartupChild starts as kasane serve does (open and migrate the
// database, make the web server, load the name index), then times the
// searches of the query file and prints its figures as JSON. mode:
// database (snapshots off: the baseline), snapshot (from the snapshot in
// its default place), write (load as snapshot does, then write one).
func benchStartupChild(ctx context.Context, out io.Writer, mode, dsn, qfile string) error {
	serverGC(os.Getenv) // the garbage collector as kasane serve sets it
	t0, c0 := time.Now(), processCPU()
	f := startupFigures{Load: loadAvg()}
	cfg := config.Default()
	cfg.DB = dsn
	db, err := openDB(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	setting := ""
	if mode == "database" {
		setting = "off"
	}
	if err := db.SetNameIndexSnapshot(setting, nil); err != nil {
		return err
	}
	if _, err := web.New(cfg, db, slog.New(slog.NewTextHandler(io.Discard, nil))); err != nil {
		return err
	}
	if err := db.WarmNameIndex(ctx); err != nil {
		return err
	}
	f.Ready, f.CPU = time.Since(t0).Seconds(), (processCPU() - c0).Seconds()
	li := db.NameIndexLoadInfo()
	f.From, f.Delta, f.Where = li.From, li.Delta, li.Where
	debug.FreeOSMemory()
	f.RSS, f.Peak = procStatus("VmRSS"), procStatus("VmHWM")
	if mode == "write" {
		t1 := time.Now()
		f.Load = loadAvg()
		if err := db.SaveNameIndexSnapshot(ctx); err != nil {
			return err
		}
		f.Write = time.Since(t1).Seconds()
		f.Size, _ = db.NameIndexSnapshotSize(ctx)
	}
	// the searches
	qf, err := os.Open(qfile)
	if err != nil {
		return err
	}
	defer qf.Close()
	var qs []startupQuery
	dec := json.NewDecoder(qf)
	for {
		var q startupQuery
		if err := dec.Decode(&q); err == io.EOF {
			break
		} else if err != nil {
			return err
		}
		qs = append(qs, q)
	}
	if len(qs) == 0 {
		return errors.New("no queries")
	}
	idx, err := db.NameIndex(ctx, qs[0].Muni)
	if err != nil {
		return err
	}
	f.Index, f.Persons = uint64(idx.MemoryBytes()), idx.Len()
	h := sha256.New()
	var all, short latencies
	for _, q := range qs {
		nk, kk := japanese.NameKey(q.Q), ""
		if q.Kana {
			kk = japanese.KanaKey(q.Q)
		}
		t := time.Now()
		hits := idx.Search(nk, kk, 20)
		d := time.Since(t)
		all = append(all, d)
		if q.Short {
			short = append(short, d)
		}
		for _, hit := range hits {
			io.WriteString(h, hit.ID+":"+strconv.Itoa(hit.Score)+" ")
		}
		io.WriteString(h, "\n")
	}
	f.Digest = hex.EncodeToString(h.Sum(nil))
	msf := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	f.P50, f.P95, f.P95Short = msf(all.pct(.5)), msf(all.pct(.95)), msf(short.pct(.95))
	f.RSSAfterSearch, f.LoadEnd = procStatus("VmRSS"), loadAvg()
	return json.NewEncoder(out).Encode(f)
}

// procStatus reads a memory figure of /proc/self/status in bytes (0 where
// there is none: not Linux).
func procStatus(field string) uint64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, l := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(l, field+":"); ok {
			kb, _ := strconv.ParseUint(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			return kb * 1024
		}
	}
	return 0
}

// loadAvg is the 1-, 5- and 15-minute load averages ("?" where unknown).
func loadAvg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "?"
	}
	return f[0]
}
