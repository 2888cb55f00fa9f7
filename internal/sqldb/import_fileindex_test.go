package sqldb

import (
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
