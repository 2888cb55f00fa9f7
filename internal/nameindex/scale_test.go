package nameindex

import (
	"bufio"
	"encoding/json"
	"os"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"kasane/internal/japanese"
)

// TestScaleAgainstLegacy compares the index before issue 24 with the
// compact one on real data, interleaved in one process: heap held and
// search latency over a query mix, and the same hits. It runs only with
// NAMEINDEX_KEYS (a TSV of id, name key and reading key per person, e.g.
// sqlite3 -separator $'\t' kasane.db "SELECT id, CASE WHEN identified = 1
// THEN name_key ELSE ” END, kana_key FROM persons") and NAMEINDEX_QUERIES
// (the startup-queries.jsonl `kasane bench startup` leaves in --dir).
func TestScaleAgainstLegacy(t *testing.T) {
	keys, queries := os.Getenv("NAMEINDEX_KEYS"), os.Getenv("NAMEINDEX_QUERIES")
	if keys == "" || queries == "" {
		t.Skip("needs NAMEINDEX_KEYS and NAMEINDEX_QUERIES")
	}
	f, err := os.Open(keys)
	if err != nil {
		t.Fatal(err)
	}
	var rows [][3]string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if p := strings.Split(sc.Text(), "\t"); len(p) == 3 {
			rows = append(rows, [3]string{p[0], p[1], p[2]})
		}
	}
	f.Close()
	type query struct {
		Q           string
		Kana, Short bool
	}
	var qs []query
	qf, err := os.Open(queries)
	if err != nil {
		t.Fatal(err)
	}
	for dec := json.NewDecoder(qf); ; {
		var q query
		if dec.Decode(&q) != nil {
			break
		}
		qs = append(qs, q)
	}
	qf.Close()
	heap := func() uint64 {
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return m.HeapAlloc
	}
	h0 := heap()
	old := newLegacy()
	// its own copies of the strings, as when they come from the database
	old.PutMany(len(rows), func(i int) (string, string, string) {
		return strings.Clone(rows[i][0]), strings.Clone(rows[i][1]), strings.Clone(rows[i][2])
	})
	h1 := heap()
	b := NewBuilder()
	for _, r := range rows {
		b.Add(r[0], r[1], r[2])
	}
	x := b.Index()
	h2 := heap()
	t.Logf("%d persons: heap held by the index before issue 24 %d MB, compact %d MB (its arrays: %d MB)", len(rows), (h1-h0)>>20, (h2-h1)>>20, x.MemoryBytes()>>20)
	type key struct{ nk, kk string }
	ks := make([]key, len(qs))
	for i, q := range qs {
		ks[i].nk = japanese.NameKey(q.Q)
		if q.Kana {
			ks[i].kk = japanese.KanaKey(q.Q)
		}
	}
	for i, k := range ks {
		if got, want := x.Search(k.nk, k.kk, 20), old.Search(k.nk, k.kk, 20); !slices.Equal(got, want) {
			t.Fatalf("query %d %q: hits differ", i, qs[i].Q)
		}
	}
	var lat, short [2][]time.Duration
	for round := range 6 { // interleaved, so that both see the same load
		for i, k := range ks {
			t0 := time.Now()
			if round%2 == 0 {
				old.Search(k.nk, k.kk, 20)
			} else {
				x.Search(k.nk, k.kk, 20)
			}
			d := time.Since(t0)
			lat[round%2] = append(lat[round%2], d)
			if qs[i].Short {
				short[round%2] = append(short[round%2], d)
			}
		}
	}
	for i, name := range []string{"before issue 24", "compact"} {
		l, s := lat[i], short[i]
		slices.Sort(l)
		slices.Sort(s)
		t.Logf("%-16s p50 %v p95 %v p99 %v; 1–2 characters p95 %v", name, l[len(l)/2], l[len(l)*95/100], l[len(l)*99/100], s[len(s)*95/100])
	}
	runtime.KeepAlive(old)
	runtime.KeepAlive(rows)
}
