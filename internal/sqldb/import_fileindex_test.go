package sqldb

import (
	"context"
	"fmt"
	"math/rand/v2"
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
	if got := unpack(pack(a)); got != a {
		t.Fatalf("pack/unpack:\n%+v\n%+v", got, a)
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

// TestFileRowsSameOnDisk: the within-file check gives the same pairs, in
// the same order, whether the rows stay in memory or go to disk (after a
// few rows, or from the first).
func TestFileRowsSameOnDisk(t *testing.T) {
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(3, 4))
	fams := [][2]string{{"高橋", "タカハシ"}, {"髙橋", "タカハシ"}, {"佐藤", "サトウ"}, {"渡辺", "ワタナベ"}}
	givs := [][2]string{{"一郎", "イチロウ"}, {"花子", "ハナコ"}, {"翔太", "ショウタ"}, {"翔平", "ショウヘイ"}}
	recs := make([]dedupe.Record, 600)
	for i := range recs {
		f, g := fams[rng.IntN(len(fams))], givs[rng.IntN(len(givs))]
		birth := fmt.Sprintf("19%02d-%02d-%02d", 70+rng.IntN(3), 1+rng.IntN(2), 1+rng.IntN(3))
		recs[i] = dedupe.NewRecord("", f[0], g[0], f[1], g[1], birth, "male", "", "", "", "")
	}
	run := func(at int) string {
		defer func(old int) { spillAt = old }(spillAt)
		spillAt = at
		x := newFileRows()
		defer x.close()
		var out strings.Builder
		for i, r := range recs {
			ps, err := x.pairs(ctx, r, dedupe.DefaultThresholds)
			if err != nil {
				t.Fatal(err)
			}
			fmt.Fprintln(&out, i, ps)
			if err := x.add(ctx, r, i+2); err != nil {
				t.Fatal(err)
			}
		}
		if at < len(recs) && x.spill == nil {
			t.Fatal("not spilled")
		}
		return out.String()
	}
	mem := run(1 << 30)
	if strings.Count(mem, "{-1 ") < 1000 {
		t.Fatalf("too few pairs to compare:\n%.300s", mem)
	}
	for _, at := range []int{0, 50} {
		if got := run(at); got != mem {
			t.Fatalf("spill at %d differs", at)
		}
	}
}
