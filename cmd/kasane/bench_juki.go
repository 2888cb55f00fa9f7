package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	xjapanese "golang.org/x/text/encoding/japanese"

	"kasane/internal/casework"
	"kasane/internal/japanese"
	"kasane/internal/juki"
	"kasane/internal/sqldb"
)

// cmdBenchJuki is `kasane bench juki [--persons 100000] [--rows 10000]
// [--db DSN]`: N fictitious persons with a 宛名番号, a seeded 異動 file of M
// rows over distinct persons (転居 60%, 氏名変更 15%, 転出 12%, 死亡 8%,
// 転入 5%), applied by kasane (read, check, apply with history, one
// transaction) beside its baseline in the same run: the raw UPDATE of the
// same rows by 宛名番号, prepared, in one transaction. The baseline runs
// after kasane on the same rows (which then already hold the values: on
// PostgreSQL its UPDATEs may be HOT, so it is a lower bound).
func cmdBenchJuki(ctx context.Context, e env, args []string) error {
	fs := flag.NewFlagSet("kasane bench juki", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	n := fs.Int("persons", 100000, "persons with a 宛名番号 (e.g. 1000000)")
	m := fs.Int("rows", 10000, "rows of the 異動 file")
	dsn := fs.String("db", "", "database: postgres://… or a new SQLite file (default: a temporary SQLite file, removed afterwards)")
	seed := fs.Uint64("seed", 1, "random seed of the 異動 file")
	prof := fs.String("cpuprofile", "", "write a CPU profile of kasane's apply to FILE")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *m > *n || *m <= 0 {
		return errors.New("--rows は 1 以上、--persons 以下にしてください")
	}
	path := *dsn
	if path == "" {
		dir, err := os.MkdirTemp("", "kasane-bench-juki-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		path = filepath.Join(dir, "juki.db")
	}
	db, err := sqldb.Open(ctx, path)
	if err != nil {
		return err
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		return err
	}
	w := e.stdout
	kind := "SQLite"
	if sqldb.IsPostgres(path) {
		kind = "PostgreSQL"
	}
	mu, err := db.CreateMunicipality(ctx, fmt.Sprintf("9%05d", time.Now().UnixNano()%100000), "住基ベンチ市（架空）")
	if err != nil {
		return err
	}
	sys := casework.System(mu.ID)
	org := casework.Organization{Name: "福祉総合相談課", Kind: "municipal_section"}
	if err := db.CreateOrganization(ctx, sys, &org); err != nil {
		return err
	}
	fmt.Fprintf(w, "kasane bench juki: %d persons, a 異動 file of %d rows, %s, GOMAXPROCS %d, %s\n", *n, *m, kind, runtime.GOMAXPROCS(0), runtime.Version())
	fmt.Fprintf(w, "load average at the start: %s\n", loadAverage())
	t0 := time.Now()
	err = db.SeedJukiPersons(ctx, sys, org.ID, *n, benchAtena, func(done int) {
		if done%100000 == 0 || done == *n {
			fmt.Fprintf(e.stderr, "kasane: %d 人を作成しました（%.0f 秒）\n", done, time.Since(t0).Seconds())
		}
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "seeded in %.1fs\n", time.Since(t0).Seconds())
	file, mix := benchJukiFile(*n, *m, *seed, db.Now())
	fmt.Fprintf(w, "file: %d bytes, %s\n\n", len(file), mix)

	stop, err := startProfiles(*prof, "")
	if err != nil {
		return err
	}
	t1 := time.Now()
	res, err := applyJukiFile(ctx, db, mu.ID, "", bytes.NewReader(file), "bench.csv")
	stop()
	if err != nil {
		return fmt.Errorf("kasane juki apply: %w（%v）", err, res.Problems)
	}
	dk := time.Since(t1)
	t2 := time.Now()
	again, err := applyJukiFile(ctx, db, mu.ID, "", bytes.NewReader(file), "bench.csv")
	if err != nil {
		return err
	}
	da := time.Since(t2)
	rows, _, err := juki.Read(bytes.NewReader(file), casework.Today(db.Now()))
	if err != nil {
		return err
	}
	t3 := time.Now()
	if err := db.RawJukiUpdate(ctx, mu.ID, rows); err != nil {
		return err
	}
	db3 := time.Since(t3)
	rate := func(d time.Duration) float64 { return float64(*m) / d.Seconds() }
	fmt.Fprintf(w, "kasane juki apply (read, check, apply with history, one transaction): %8.3f s  %8.0f rows/s  (changed %d, unchanged %d)\n", dk.Seconds(), rate(dk), res.Applied, res.Unchanged)
	fmt.Fprintf(w, "the same file again (every row applied before: nothing changes):   %8.3f s  (already applied %d)\n", da.Seconds(), again.Repeated)
	fmt.Fprintf(w, "baseline: raw UPDATE of the same rows by 宛名番号 (one transaction):  %8.3f s  %8.0f rows/s\n", db3.Seconds(), rate(db3))
	fmt.Fprintf(w, "kasane / baseline: %.1f×\n", dk.Seconds()/db3.Seconds())
	fmt.Fprintf(w, "load average at the end: %s\n", loadAverage())
	return nil
}

// benchAtena is the 宛名番号 of the i-th bench person.
func benchAtena(i int) string { return fmt.Sprintf("%015d", 100000000000000+i) }

// benchJukiFile makes the seeded 異動 file: m rows over distinct persons of
// the n, with the mix of reasons of cmdBenchJuki, dates in the last 30 days
// (half in 和暦), CP932 as municipal systems export.
func benchJukiFile(n, m int, seed uint64, now time.Time) ([]byte, string) {
	rng := rand.New(rand.NewPCG(seed, 23))
	var b strings.Builder
	b.WriteString("宛名番号,異動事由,異動日,氏,名,氏（フリガナ）,名（フリガナ）,郵便番号,都道府県,市区町村,町名・番地\r\n")
	count := map[string]int{}
	seen := make(map[int]bool, m)
	fams := sqldb.SeedFamilies()
	for len(seen) < m {
		i := rng.IntN(n)
		if seen[i] {
			continue
		}
		seen[i] = true
		day := now.AddDate(0, 0, -1-rng.IntN(30))
		date := day.Format("2006-01-02")
		if rng.IntN(2) == 0 {
			date = japanese.FormatWareki(day)
		}
		var reason, fam, kana, addr string
		switch x := rng.IntN(100); {
		case x < 60:
			reason, addr = juki.Move, fmt.Sprintf("100-0002,架空県,かさね市,新町%d-%d", 1+rng.IntN(9), 1+rng.IntN(99))
		case x < 75:
			f := fams[(i+1+rng.IntN(len(fams)-1))%len(fams)]
			reason, fam, kana, addr = juki.NameChange, f[0], f[1], ",,,"
		case x < 87:
			reason, addr = juki.MoveOut, fmt.Sprintf("530-0001,大阪府,大阪市北区,梅田%d丁目", 1+rng.IntN(3))
		case x < 95:
			reason, addr = juki.Death, ",,,"
		default:
			reason, addr = juki.MoveIn, ",,,"
		}
		count[reason]++
		fmt.Fprintf(&b, "%s,%s,%s,%s,,%s,,%s\r\n", benchAtena(i), reason, date, fam, kana, addr)
	}
	var mix []string
	for _, r := range juki.Reasons {
		mix = append(mix, fmt.Sprintf("%s %d", r, count[r]))
	}
	out, err := xjapanese.ShiftJIS.NewEncoder().Bytes([]byte(b.String()))
	if err != nil {
		return []byte(b.String()), strings.Join(mix, ", ") + " (UTF-8)"
	}
	return out, strings.Join(mix, ", ") + " (CP932)"
}
