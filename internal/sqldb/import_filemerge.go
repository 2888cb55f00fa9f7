package sqldb

import (
	"bufio"
	"cmp"
	"context"
	"encoding/binary"
	"fmt"
	"io"
	"runtime"
	"slices"
	"strings"
	"sync"

	"kasane/internal/dedupe"
)

// runReader yields the entries of one sorted run, from the temporary file
// or from the buffer still in memory, in (key, line) order.
type runReader struct {
	r    *bufio.Reader // file run
	left int64         // bytes of the run not yet read
	x    *fileRuns     // the buffer
	i    int
	key  uint64
	line int32
	data []byte // payload of the current entry, valid until next
}

func (s *runReader) next() (bool, error) {
	if s.x != nil {
		if s.i >= len(s.x.ents) {
			return false, nil
		}
		e := s.x.ents[s.i]
		s.i++
		s.key, s.line, s.data = e.key, e.line, s.x.buf[e.off:e.off+e.n]
		return true, nil
	}
	if s.left <= 0 {
		return false, nil
	}
	var h [12]byte
	if _, err := io.ReadFull(s.r, h[:]); err != nil {
		return false, err
	}
	n, err := binary.ReadUvarint(s.r)
	if err != nil {
		return false, err
	}
	if uint64(cap(s.data)) < n {
		s.data = make([]byte, n, max(n, 256))
	}
	s.data = s.data[:n]
	if _, err := io.ReadFull(s.r, s.data); err != nil {
		return false, err
	}
	s.key, s.line = binary.BigEndian.Uint64(h[:8]), int32(binary.BigEndian.Uint32(h[8:]))
	s.left -= int64(12+uvarintLen(n)) + int64(n)
	if s.left < 0 {
		return false, fmt.Errorf("取り込みの一時ファイルが壊れています")
	}
	return true, nil
}

func uvarintLen(n uint64) int {
	var b [binary.MaxVarintLen64]byte
	return binary.PutUvarint(b[:], n)
}

func (s *runReader) less(o *runReader) bool {
	if s.key != o.key {
		return s.key < o.key
	}
	return s.line < o.line
}

// fileBlock is the rows sharing one blocking key, in file order: the
// payload of row i is data[ends[i-1]:ends[i]].
type fileBlock struct {
	lines []int32
	ends  []int
	data  []byte
}

// pairs merges the runs by key and scores each block on GOMAXPROCS
// workers: the pairs "row ≈ earlier row" at or above th.Review, by row,
// best first, then by the earlier row (the order of the streaming check).
func (x *fileRuns) pairs(ctx context.Context, th dedupe.Thresholds) ([]ImportDuplicate, error) {
	var srcs []*runReader
	if len(x.runs) == 0 { // all in the buffer
		x.sortBuffer()
		srcs = append(srcs, &runReader{x: x})
	} else { // the buffer too goes to disk, and its memory is let go
		if err := x.spill(); err != nil {
			return nil, err
		}
		x.buf, x.ents, x.w = nil, nil, nil
		for _, r := range x.runs {
			srcs = append(srcs, &runReader{r: bufio.NewReaderSize(io.NewSectionReader(x.f, r.off, r.n), 64<<10), left: r.n})
		}
	}
	h := srcs[:0]
	for _, s := range srcs {
		ok, err := s.next()
		if err != nil {
			return nil, err
		}
		if ok {
			h = append(h, s)
		}
	}
	for i := len(h)/2 - 1; i >= 0; i-- {
		siftDown(h, i)
	}

	workers := runtime.GOMAXPROCS(0)
	work := make(chan []*fileBlock, 2*workers)
	found := make([]scoredPairs, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var recs []dedupe.Record
			for bs := range work {
				for _, b := range bs {
					recs = found[w].scoreBlock(b, th, recs)
				}
			}
		}()
	}
	err := x.mergeBlocks(ctx, h, work)
	close(work)
	wg.Wait()
	if err != nil {
		return nil, err
	}
	var all []rawPair
	for w := range found {
		for _, p := range found[w].pairs {
			p.why = found[w].ids[p.why] // the worker's id → the shared one
			all = append(all, p)
		}
		found[w].pairs = nil
	}
	slices.SortFunc(all, func(a, b rawPair) int {
		return cmp.Or(cmp.Compare(a.row, b.row), cmp.Compare(b.score, a.score), cmp.Compare(a.other, b.other))
	})
	// a pair sharing several blocking keys was scored in each block
	all = slices.CompactFunc(all, func(a, b rawPair) bool { return a.row == b.row && a.other == b.other })
	out := make([]ImportDuplicate, len(all))
	for i, p := range all {
		out[i] = ImportDuplicate{Row: int(p.row), OtherRow: int(p.other), Score: int(p.score), Reasons: reasonSets.list[p.why]}
	}
	return out, nil
}

// mergeBlocks pops the entries in (key, line) order and sends the blocks
// of two rows or more to work, in batches.
func (x *fileRuns) mergeBlocks(ctx context.Context, h []*runReader, work chan<- []*fileBlock) error {
	var batch []*fileBlock
	size := 0
	cur := &fileBlock{}
	var curKey uint64
	flush := func() error {
		if len(cur.lines) >= 2 {
			batch = append(batch, cur)
			size += len(cur.lines)
			cur = &fileBlock{}
		} else {
			cur.lines, cur.ends, cur.data = cur.lines[:0], cur.ends[:0], cur.data[:0]
		}
		if size >= 4096 {
			if err := ctx.Err(); err != nil {
				return err
			}
			work <- batch
			batch, size = nil, 0
		}
		return nil
	}
	for len(h) > 0 {
		s := h[0]
		if len(cur.lines) > 0 && s.key != curKey {
			if err := flush(); err != nil {
				return err
			}
		}
		curKey = s.key
		if len(cur.lines) <= dedupe.MaxBlock { // later rows of a big block are never compared
			cur.lines = append(cur.lines, s.line)
			cur.data = append(cur.data, s.data...)
			cur.ends = append(cur.ends, len(cur.data))
		}
		ok, err := s.next()
		if err != nil {
			return err
		}
		if !ok {
			h[0] = h[len(h)-1]
			h = h[:len(h)-1]
		}
		if len(h) > 0 {
			siftDown(h, 0)
		}
	}
	if err := flush(); err != nil {
		return err
	}
	if len(batch) > 0 {
		work <- batch
	}
	return nil
}

func siftDown(h []*runReader, i int) {
	for {
		l := 2*i + 1
		if l >= len(h) {
			return
		}
		m := l
		if r := l + 1; r < len(h) && h[r].less(h[l]) {
			m = r
		}
		if !h[m].less(h[i]) {
			return
		}
		h[i], h[m] = h[m], h[i]
		i = m
	}
}

// rawPair is a pair found in a block, 12 bytes: the reasons are an index
// into the shared reason lists.
type rawPair struct {
	row, other int32
	score      int16
	why        uint16
}

// reasonLists interns the lists of reasons (a handful of distinct lists,
// shared by all pairs).
type reasonLists struct {
	mu   sync.Mutex
	ids  map[string]uint16
	list [][]string
}

var reasonSets = &reasonLists{ids: map[string]uint16{}}

func (r *reasonLists) id(why []string) uint16 {
	k := strings.Join(why, "\x00")
	r.mu.Lock()
	defer r.mu.Unlock()
	id, ok := r.ids[k]
	if !ok {
		id = uint16(len(r.list))
		r.ids[k] = id
		r.list = append(r.list, slices.Clip(why))
	}
	return id
}

// scoredPairs are the pairs one worker found, with its own small cache of
// reason list ids (the shared table is looked up once per distinct list).
type scoredPairs struct {
	pairs []rawPair
	ids   []uint16 // local id → shared id
	local map[string]uint16
}

func (f *scoredPairs) reasonID(why []string) uint16 {
	if f.local == nil {
		f.local = map[string]uint16{}
	}
	k := strings.Join(why, "\x00")
	if id, ok := f.local[k]; ok {
		return id
	}
	id := uint16(len(f.ids))
	f.local[k] = id
	f.ids = append(f.ids, reasonSets.id(why))
	return id
}

// scoreBlock compares the k-th row of b with the k rows before it, for k
// up to dedupe.MaxBlock (the streaming check skipped a key once more than
// MaxBlock earlier rows had it), and keeps the pairs at or above
// th.Review. recs is scratch space, returned for reuse.
func (f *scoredPairs) scoreBlock(b *fileBlock, th dedupe.Thresholds, recs []dedupe.Record) []dedupe.Record {
	n := min(len(b.lines), dedupe.MaxBlock+1)
	all := string(b.data[:b.ends[n-1]]) // the records' strings share it
	recs = recs[:0]
	start := 0
	for i := range n {
		recs = append(recs, unpack(all[start:b.ends[i]]))
		start = b.ends[i]
	}
	for k := 1; k < n; k++ {
		for m := 0; m < k; m++ {
			if b.lines[m] == b.lines[k] {
				continue
			}
			if s, why := dedupe.Score(recs[k], recs[m]); s >= th.Review {
				f.pairs = append(f.pairs, rawPair{row: b.lines[k], other: b.lines[m], score: int16(s), why: f.reasonID(why)})
			}
		}
	}
	clear(recs)
	return recs
}
