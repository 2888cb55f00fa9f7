package sqldb

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"kasane/internal/dedupe"
)

// TestFileIndexFindsEarlierRows: the packed rows score as the records they
// came from, and only earlier rows sharing a blocking key are compared.
func TestFileIndexFindsEarlierRows(t *testing.T) {
	a := dedupe.NewRecord("", "髙橋", "一郎", "たかはし", "ｲﾁﾛｳ", "1975-04-01", "male", "123-4567", "架空県かさね市", "本町1-2-3", "090-0000-1111")
	b := dedupe.NewRecord("", "高橋", "一郎", "タカハシ", "イチロウ", "1975-01-04", "male", "", "", "", "")
	other := dedupe.NewRecord("", "佐藤", "花子", "サトウ", "ハナコ", "1980-01-02", "female", "", "", "", "")
	if got := unpack(string(appendPacked(nil, a))); !reflect.DeepEqual(got, a) {
		t.Fatalf("pack/unpack:\n%+v\n%+v", got, a)
	}
	// with other names (旧姓, 通称: issue 23)
	o := a
	o.AddFormer("佐藤", "", "さとう", "")
	o.AddAlias("金田 英子", "カネダ エイコ")
	if got := unpack(string(appendPacked(nil, o))); !reflect.DeepEqual(got, o) || len(o.Others) != 2 {
		t.Fatalf("pack/unpack with other names:\n%+v\n%+v", got, o)
	}
	x := newFileIndex()
	x.add(a, 2)
	x.add(other, 3)
	ps := x.pairs(b, dedupe.DefaultThresholds)
	want, _ := dedupe.Score(b, a)
	if len(ps) != 1 || x.rows[ps[0].B] != 2 || ps[0].Score != want {
		t.Fatalf("pairs %+v, want line 2 scoring %d", ps, want)
	}
	if ps := x.pairs(dedupe.NewRecord("", "山田", "太郎", "ヤマダ", "タロウ", "2001-02-03", "male", "", "", "", ""), dedupe.DefaultThresholds); len(ps) != 0 {
		t.Fatalf("unrelated row paired: %+v", ps)
	}
}

// TestImportIDsAscendAndAreUUIDv7: ids of one import sort in file order.
func TestImportIDsAscendAndAreUUIDv7(t *testing.T) {
	g := newImportIDs(time.Date(2026, 11, 27, 7, 0, 0, 0, time.UTC))
	prev := ""
	for i := 0; i < 100000; i++ {
		id := g.next()
		if len(id) != 36 || id[14] != '7' || !strings.ContainsRune("89ab", rune(id[19])) || id <= prev {
			t.Fatalf("id %d: %s after %s", i, id, prev)
		}
		prev = id
	}
}

// fileIndex is the streaming check within the file that the external sort
// (fileRuns) replaced, kept as the reference its pairs are compared with:
// the accepted rows of the file in about 300 bytes a row: each row's comparison
// keys packed into one string, and its blocking keys chained through
// flat arrays rather than one slice per key.
type fileIndex struct {
	packed []string
	rows   []int32 // line of each packed row
	head   map[uint64]chainHead
	prev   []int32 // entry → the entry before it with the same key, -1 at the end
	row    []int32 // entry → index in packed
}

type chainHead struct{ last, n int32 }

func newFileIndex() *fileIndex { return &fileIndex{head: map[uint64]chainHead{}} }

// add puts r, the record of file line line.
func (x *fileIndex) add(r dedupe.Record, line int) {
	i := int32(len(x.packed))
	x.packed = append(x.packed, string(appendPacked(nil, r)))
	x.rows = append(x.rows, int32(line))
	for _, k := range dedupe.BlockKeys(r) {
		h, ok := x.head[k]
		if !ok {
			h.last = -1
		}
		x.prev = append(x.prev, h.last)
		x.row = append(x.row, i)
		x.head[k] = chainHead{last: int32(len(x.prev) - 1), n: h.n + 1}
	}
}

// pairs scores r against the earlier rows sharing a blocking key with it
// (keys shared by more than dedupe.MaxBlock rows say nothing and are
// skipped, as in the batch) and returns those at or above th.Review, best
// first, B being the index of the row.
func (x *fileIndex) pairs(r dedupe.Record, th dedupe.Thresholds) []dedupe.Pair {
	var out []dedupe.Pair
	var seen map[int32]bool
	for _, k := range dedupe.BlockKeys(r) {
		h, ok := x.head[k]
		if !ok || h.n > dedupe.MaxBlock {
			continue
		}
		for e := h.last; e >= 0; e = x.prev[e] {
			i := x.row[e]
			if seen[i] {
				continue
			}
			if seen == nil {
				seen = map[int32]bool{}
			}
			seen[i] = true
			if s, why := dedupe.Score(r, unpack(x.packed[i])); s >= th.Review {
				out = append(out, dedupe.Pair{A: -1, B: i, Score: s, Reasons: why})
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Score != out[j].Score {
			return out[i].Score > out[j].Score
		}
		return out[i].B < out[j].B
	})
	return out
}

// streamingPairs is what the streaming check reported for recs (lines 2…).
func streamingPairs(recs []dedupe.Record) []ImportDuplicate {
	x := newFileIndex()
	var out []ImportDuplicate
	for i, r := range recs {
		for _, p := range x.pairs(r, dedupe.DefaultThresholds) {
			out = append(out, ImportDuplicate{Row: i + 2, OtherRow: int(x.rows[p.B]), Score: p.Score, Reasons: p.Reasons})
		}
		x.add(r, i+2)
	}
	return out
}

// TestFileRunsSameAsStreaming: the external sort gives the same pairs, in
// the same order, as the streaming in-memory check, whether everything
// stays in the buffer or goes to disk in runs of a few rows; blocks larger
// than dedupe.MaxBlock are cut as before; the temporary file is gone
// afterwards.
func TestFileRunsSameAsStreaming(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	rng := rand.New(rand.NewPCG(3, 4))
	fams := [][2]string{{"高橋", "タカハシ"}, {"髙橋", "タカハシ"}, {"佐藤", "サトウ"}, {"渡辺", "ワタナベ"}, {"渡邊", "ワタナベ"}}
	givs := [][2]string{{"一郎", "イチロウ"}, {"花子", "ハナコ"}, {"翔太", "ショウタ"}, {"翔平", "ショウヘイ"}, {"一朗", "イチロウ"}}
	recs := make([]dedupe.Record, 1500)
	for i := range recs {
		f, g := fams[rng.IntN(len(fams))], givs[rng.IntN(len(givs))]
		birth := fmt.Sprintf("19%02d-%02d-%02d", 70+rng.IntN(3), 1+rng.IntN(2), 1+rng.IntN(3))
		if rng.IntN(10) == 0 {
			birth = birth[:4]
		}
		phone := fmt.Sprintf("090-1234-%04d", rng.IntN(300))
		if i%3 == 0 {
			phone = "03-0000-0000" // one block of 500 rows
		}
		if i >= 300 && i < 1310 {
			phone = "06-1111-2222" // a block of more than MaxBlock rows
		}
		recs[i] = dedupe.NewRecord("", f[0], g[0], f[1], g[1], birth, []string{"male", "female"}[rng.IntN(2)], "", "架空県かさね市", fmt.Sprintf("本町%d", rng.IntN(3)), phone)
	}
	want := streamingPairs(recs)
	if len(want) < 10000 {
		t.Fatalf("too few pairs to compare: %d", len(want))
	}
	defer func(old int) { fileRunsBuffer = old }(fileRunsBuffer)
	for _, buf := range []int{1 << 30, 64 << 10, 2000} {
		fileRunsBuffer = buf
		x := newFileRuns()
		for i, r := range recs {
			if err := x.add(r, i+2); err != nil {
				t.Fatal(err)
			}
		}
		if buf < 1<<20 && len(x.runs) < 2 {
			t.Fatalf("buffer %d: %d runs, want several", buf, len(x.runs))
		}
		got, err := x.pairs(context.Background(), dedupe.DefaultThresholds)
		if err != nil {
			t.Fatal(err)
		}
		if err := x.close(); err != nil {
			t.Fatal(err)
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("buffer %d: %d pairs, streaming %d; first difference at %d", buf, len(got), len(want), firstDiff(got, want))
		}
	}
	if left, _ := filepath.Glob(filepath.Join(tmp, "*")); len(left) > 0 {
		t.Fatalf("temporary files left: %v", left)
	}
}

func firstDiff(a, b []ImportDuplicate) int {
	for i := range min(len(a), len(b)) {
		if fmt.Sprint(a[i]) != fmt.Sprint(b[i]) {
			return i
		}
	}
	return min(len(a), len(b))
}

// TestFileRunsCancelled: a cancelled merge returns the error, and close
// leaves nothing behind.
func TestFileRunsCancelled(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	defer func(old int) { fileRunsBuffer = old }(fileRunsBuffer)
	fileRunsBuffer = 4096
	x := newFileRuns()
	for i := range 20000 {
		r := dedupe.NewRecord("", "山田", "太郎", "ヤマダ", "タロウ", fmt.Sprintf("19%02d-01-01", i%50), "male", "", "", "", "")
		if err := x.add(r, i+2); err != nil {
			t.Fatal(err)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := x.pairs(ctx, dedupe.DefaultThresholds); err == nil {
		t.Fatal("cancelled merge succeeded")
	}
	if err := x.close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(tmp); err != nil {
		t.Fatal(err)
	}
	if left, _ := filepath.Glob(filepath.Join(tmp, "*")); len(left) > 0 {
		t.Fatalf("temporary files left: %v", left)
	}
}
