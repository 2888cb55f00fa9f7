package nameindex

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// testSeed is NAMEINDEX_SEED when set (to replay a failure), else the clock.
func testSeed(t *testing.T) uint64 {
	t.Helper()
	seed := uint64(time.Now().UnixNano())
	if s := os.Getenv("NAMEINDEX_SEED"); s != "" {
		v, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			t.Fatalf("NAMEINDEX_SEED: %v", err)
		}
		seed = v
	}
	t.Logf("seed %d (replay: NAMEINDEX_SEED=%d go test ./internal/nameindex -run '%s')", seed, seed, t.Name())
	return seed
}

// setThresholds makes merges and compactions frequent for one test.
func setThresholds(t *testing.T, merge, compact int) {
	om, oc := mergeMin, compactMin
	mergeMin, compactMin = merge, compact
	t.Cleanup(func() { mergeMin, compactMin = om, oc })
}

type gen struct {
	rng         *rand.Rand
	kanji, kana []rune
}

func newGen(seed uint64) *gen {
	return &gen{rng: rand.New(rand.NewPCG(seed, 24)),
		kanji: []rune("高橋田中山本佐藤一郎子髙"),
		kana:  []rune("タカハシナヤマモトイチロウ")}
}

func (g *gen) word(al []rune, n int) string {
	b := make([]rune, n)
	for i := range b {
		b[i] = al[g.rng.IntN(len(al))]
	}
	return string(b)
}

// name is a random name key: mostly kanji, sometimes Latin in capitals
// (folded by the index), sometimes empty.
func (g *gen) name() string {
	switch g.rng.IntN(20) {
	case 0:
		return ""
	case 1:
		return g.word([]rune("NGUYENabc"), 2+g.rng.IntN(5))
	}
	return g.word(g.kanji, 1+g.rng.IntN(5))
}

func (g *gen) reading() string {
	if g.rng.IntN(10) == 0 {
		return ""
	}
	return g.word(g.kana, 2+g.rng.IntN(6))
}

// testID is document i's id in one of the forms ids take: kasane's UUIDs
// (stored packed), capitals, short test ids, ids beginning with the bytes
// that mark packed ids.
func testID(i int) string {
	switch i % 5 {
	case 0, 1:
		return fmt.Sprintf("%08x-%04x-4abc-8def-%012x", i*7919, i%65536, i)
	case 2:
		return fmt.Sprintf("%08X-0000-4ABC-8DEF-%012X", i, i)
	case 3:
		return string([]byte{byte(1 + i%2)}) + strconv.Itoa(i)
	}
	return "d" + strconv.Itoa(i)
}

// roundTrip writes x as a snapshot and reads it back.
func roundTrip(t *testing.T, x *Index) *Index {
	t.Helper()
	var b bytes.Buffer
	if err := WriteSnapshot(&b, []byte("meta"), []string{"m"}, []*Frozen{x.Freeze()}); err != nil {
		t.Fatal(err)
	}
	meta, names, xs, err := ReadSnapshot(bytes.NewReader(b.Bytes()), int64(b.Len()))
	if err != nil {
		t.Fatal(err)
	}
	if string(meta) != "meta" || len(names) != 1 || names[0] != "m" || len(xs) != 1 {
		t.Fatalf("round trip: %q %v %d", meta, names, len(xs))
	}
	return xs[0]
}

// TestCompactMatchesLegacy: the same random puts, replacements, removals
// and bulk loads on the index before issue 24 (legacy_test.go) and on the
// compact one, with merges and compactions frequent or rare and snapshots
// written and read back in between, give the same hits in the same order
// for random queries of 1–5 characters at limits 1–100.
func TestCompactMatchesLegacy(t *testing.T) {
	seed := testSeed(t)
	for round, th := range [][2]int{{4096, 1024}, {8, 16}, {64, 4}, {1, 1}} {
		setThresholds(t, th[0], th[1])
		g := newGen(seed + uint64(round))
		old, x := newLegacy(), New()
		id := func() string { return testID(g.rng.IntN(3000)) }
		steps := 3000
		if th[0] == 1 { // a merge after every put: slow
			steps = 1000
		}
		for step := 0; step < steps; step++ {
			switch k := g.rng.IntN(100); {
			case k < 70:
				i, n, r := id(), g.name(), g.reading()
				old.Put(i, n, r)
				x.Put(i, n, r)
			case k < 80:
				i := id()
				old.Delete(i)
				x.Delete(i)
			case k < 83:
				n := g.rng.IntN(2 * max(th[0], 10))
				if g.rng.IntN(4) == 0 {
					n = 1 + g.rng.IntN(5)
				}
				batch := make([][3]string, n)
				for j := range batch {
					batch[j] = [3]string{id(), g.name(), g.reading()}
				}
				at := func(j int) (string, string, string) { return batch[j][0], batch[j][1], batch[j][2] }
				old.PutMany(n, at)
				x.PutMany(n, at)
			case k < 84:
				x = roundTrip(t, x)
			case k < 85: // a start without a snapshot: the same documents in order
				b := NewBuilder()
				x.ForEach(b.Add)
				x = b.Index()
			default:
				nk, kk := g.word(g.kanji, 1+g.rng.IntN(5)), ""
				if g.rng.IntN(2) == 0 {
					kk = g.word(g.kana, 1+g.rng.IntN(5))
				}
				if g.rng.IntN(5) == 0 {
					nk = ""
				}
				if g.rng.IntN(10) == 0 {
					nk = g.word([]rune("nguyenNGUYEN"), 1+g.rng.IntN(4))
				}
				limit := []int{1, 5, 20, 100}[g.rng.IntN(4)]
				got, want := x.Search(nk, kk, limit), old.Search(nk, kk, limit)
				if fmt.Sprint(got) != fmt.Sprint(want) {
					t.Fatalf("round %d step %d: %q %q limit %d:\n got %v\nwant %v", round, step, nk, kk, limit, got, want)
				}
				if x.Len() != old.Len() {
					t.Fatalf("round %d step %d: Len %d, legacy %d", round, step, x.Len(), old.Len())
				}
			}
		}
		// every document with its keys, in the same order
		var a, b []string
		x.ForEach(func(id, n, k string) { a = append(a, id+"|"+n+"|"+k) })
		for _, d := range old.docs {
			if d.live {
				b = append(b, d.id+"|"+d.name+"|"+d.kana)
			}
		}
		if strings.Join(a, "\n") != strings.Join(b, "\n") {
			t.Fatalf("round %d: documents differ (%d vs %d)", round, len(a), len(b))
		}
	}
}

// TestSnapshotDamage: a snapshot with any byte changed, cut short or
// lengthened is refused with ErrCorrupt; one whose checksum was made to
// match a changed body never makes the reader panic.
func TestSnapshotDamage(t *testing.T) {
	seed := testSeed(t)
	g := newGen(seed)
	x := New()
	for i := 0; i < 300; i++ {
		x.Put(testID(i), g.name(), g.reading())
	}
	var b bytes.Buffer
	if err := WriteSnapshot(&b, []byte("meta"), []string{"a", "b"}, []*Frozen{x.Freeze(), New().Freeze()}); err != nil {
		t.Fatal(err)
	}
	good := b.Bytes()
	read := func(data []byte) error {
		_, _, _, err := ReadSnapshot(bytes.NewReader(data), int64(len(data)))
		return err
	}
	if err := read(good); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 400; i++ {
		bad := bytes.Clone(good)
		bad[g.rng.IntN(len(bad))] ^= byte(1 + g.rng.IntN(255))
		if err := read(bad); !errors.Is(err, ErrCorrupt) {
			t.Fatalf("changed byte not detected: %v", err)
		}
	}
	for _, n := range []int{0, 5, len(good) / 2, len(good) - 1} {
		if err := read(good[:n]); !errors.Is(err, ErrCorrupt) {
			t.Fatalf("cut at %d: %v", n, err)
		}
	}
	if err := read(append(bytes.Clone(good), 0)); !errors.Is(err, ErrCorrupt) {
		t.Fatalf("lengthened: %v", err)
	}
	// a body changed on purpose, with its checksum made to match
	for i := 0; i < 2000; i++ {
		bad := bytes.Clone(good)
		for range 1 + g.rng.IntN(3) {
			bad[g.rng.IntN(len(bad)-8)] = byte(g.rng.IntN(256))
		}
		binary.LittleEndian.PutUint32(bad[len(bad)-8:], crc32.Checksum(bad[:len(bad)-8], castagnoli))
		_, _, xs, err := ReadSnapshot(bytes.NewReader(bad), int64(len(bad)))
		if err == nil {
			for _, y := range xs { // whatever it holds must be searchable
				y.Search("高", "タカ", 20)
				y.Search("高橋一", "", 20)
			}
		}
	}
}

// TestFreezeWhileWriting: a frozen index, written while another goroutine
// keeps putting, removing, merging and compacting, holds exactly the
// documents it had when frozen (run with -race).
func TestFreezeWhileWriting(t *testing.T) {
	seed := testSeed(t)
	setThresholds(t, 16, 32)
	x := New()
	var opMu sync.Mutex // held around each write and around each freeze
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		g := newGen(seed)
		for {
			select {
			case <-stop:
				return
			default:
			}
			opMu.Lock()
			i := testID(g.rng.IntN(500))
			if g.rng.IntN(5) == 0 {
				x.Delete(i)
			} else {
				x.Put(i, g.name(), g.reading())
			}
			opMu.Unlock()
		}
	})
	for round := 0; round < 40; round++ {
		opMu.Lock()
		f := x.Freeze()
		var want []string
		x.ForEach(func(id, n, k string) { want = append(want, id+"|"+n+"|"+k) })
		opMu.Unlock()
		var b bytes.Buffer
		if err := WriteSnapshot(&b, nil, []string{"m"}, []*Frozen{f}); err != nil {
			t.Fatal(err)
		}
		_, _, xs, err := ReadSnapshot(&b, int64(b.Len()))
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		xs[0].ForEach(func(id, n, k string) { got = append(got, id+"|"+n+"|"+k) })
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Fatalf("round %d: snapshot holds %d documents, index had %d when frozen", round, len(got), len(want))
		}
	}
	close(stop)
	wg.Wait()
}

func TestPackedIDs(t *testing.T) {
	for i := range 50 {
		id := testID(i)
		if got := unpackID(packID(id)); got != id {
			t.Fatalf("%q → %q", id, got)
		}
	}
	if p := packID("01a24d50-362e-7000-8002-a9135e00b0cc"); len(p) != 17 {
		t.Fatalf("a UUID is stored in %d bytes", len(p))
	}
	for _, id := range []string{"01a24d50-362e-7000-8002-a9135e00b0cG", "01a24d50x362e-7000-8002-a9135e00b0cc", "", "\x01", "\x02"} {
		if got := unpackID(packID(id)); got != id {
			t.Fatalf("%q → %q", id, got)
		}
	}
}
