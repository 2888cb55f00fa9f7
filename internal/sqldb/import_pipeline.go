package sqldb

import (
	"context"
	"crypto/rand"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"io"
	"runtime"
	"sort"
	"sync"
	"time"

	"kasane/internal/casework"
	"kasane/internal/dedupe"
)

// importChunkRows is the number of rows read, validated and compared as one
// piece of work.
const importChunkRows = 1024

// importChunk is a run of rows of the file and what the workers made of
// them; done is closed when they are finished.
type importChunk struct {
	rows    []ImportRow
	persons []casework.Person
	recs    []dedupe.Record
	probs   [][]ImportProblem
	hits    [][]DuplicateHit
	err     error
	done    chan struct{}
}

// importPipeline reads chunks of rows with next on one goroutine, has
// GOMAXPROCS workers validate them and compare them with the persons
// already registered, and one goroutine compare each valid row with the
// earlier ones of the file, in file order. The chunks come out in the
// order of the file, finished; at most a few are in flight, whatever the
// size of the file. Each valid row is also added to inFile, for the check
// against the earlier rows of the file after the last row. stop ends the
// pipeline early (call it in any case).
func importPipeline(ctx context.Context, next func() (ImportRow, error), now time.Time, a casework.Actor, known *blocks, th dedupe.Thresholds, inFile *fileRuns) (<-chan *importChunk, func()) {
	ctx, cancel := context.WithCancel(ctx)
	workers := runtime.GOMAXPROCS(0)
	out := make(chan *importChunk, 2*workers)
	checked := make(chan *importChunk, 2)
	work := make(chan *importChunk, 2*workers)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for c := range work {
				c.prepare(now, a, known, th)
				close(c.done)
			}
		}()
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		defer close(out)
		defer close(work)
		for {
			c := &importChunk{rows: make([]ImportRow, 0, importChunkRows), done: make(chan struct{})}
			var err error
			for len(c.rows) < importChunkRows {
				var r ImportRow
				if r, err = next(); err != nil {
					break
				}
				c.rows = append(c.rows, r)
			}
			eof := errors.Is(err, io.EOF)
			if err != nil && !eof {
				c.err = err
				close(c.done)
			}
			if len(c.rows) == 0 && c.err == nil {
				return
			}
			select {
			case out <- c:
			case <-ctx.Done():
				return
			}
			if c.err != nil {
				return
			}
			select {
			case work <- c:
			case <-ctx.Done():
				return
			}
			if eof {
				return
			}
		}
	}()
	wg.Add(1)
	go func() {
		defer wg.Done()
		defer close(checked)
		for c := range out {
			select {
			case <-c.done:
			case <-ctx.Done():
				return
			}
			if c.err == nil {
				c.err = c.addInFile(inFile)
			}
			select {
			case checked <- c:
			case <-ctx.Done():
				return
			}
			if c.err != nil {
				return
			}
		}
	}()
	return checked, func() {
		cancel()
		for range checked { // let the stages see the end
		}
		wg.Wait()
	}
}

// addInFile adds the valid rows of c to the file's rows, for the check
// within the file.
func (c *importChunk) addInFile(x *fileRuns) error {
	for i := range c.rows {
		if len(c.probs[i]) > 0 {
			continue
		}
		if err := x.add(c.recs[i], c.rows[i].Row); err != nil {
			return err
		}
		c.recs[i] = dedupe.Record{} // no longer needed
	}
	return nil
}

// prepare validates each row as CreatePerson does and compares the valid
// ones with the persons already registered.
func (c *importChunk) prepare(now time.Time, a casework.Actor, known *blocks, th dedupe.Thresholds) {
	n := len(c.rows)
	c.persons, c.recs = make([]casework.Person, n), make([]dedupe.Record, n)
	c.probs, c.hits = make([][]ImportProblem, n), make([][]DuplicateHit, n)
	for i := range c.rows {
		row := &c.rows[i]
		p := row.Person
		probs := row.Problems
		if err := p.Normalize(now); err != nil {
			var ce *casework.Error
			if !errors.As(err, &ce) {
				c.err = err
				return
			}
			keys := make([]string, 0, len(ce.Fields))
			for f := range ce.Fields {
				keys = append(keys, f)
			}
			sort.Strings(keys)
			for _, f := range keys {
				probs = append(probs, ImportProblem{Row: row.Row, Field: f, Message: ce.Fields[f]})
			}
		}
		if len(probs) > 0 {
			c.probs[i] = probs
			continue
		}
		p.MunicipalityID, p.RegisteredByOrgID = a.MunicipalityID, a.OrganizationID // the id is given in file order when written
		c.persons[i] = p
		c.recs[i] = PersonRecord(p)
		c.hits[i] = known.check(c.recs[i], th)
		row.Person = casework.Person{} // held once, in persons
	}
}

// importIDs gives the persons of one import time-ordered UUIDs (version 7:
// the import's start in milliseconds, then a counter in rand_a and the top
// of rand_b, then 50 random bits). Random version 4 ids would land all over
// the primary key index, which at a million rows no longer fits the page
// cache; these append to its end.
type importIDs struct {
	ms uint64
	n  uint64
}

func newImportIDs(now time.Time) *importIDs { return &importIDs{ms: uint64(now.UnixMilli())} }

func (g *importIDs) next() string {
	var b [16]byte
	if _, err := rand.Read(b[8:]); err != nil {
		panic(err) // crypto/rand never fails on supported platforms
	}
	n := g.n
	g.n++
	binary.BigEndian.PutUint64(b[0:8], g.ms<<16|0x7000|(n>>12)&0x0fff) // 48 bits time, version 7, counter bits 12–23
	b[8] = 0x80 | byte(n>>6)&0x3f                                      // variant, counter bits 6–11
	b[9] = byte(n<<2) | b[9]&0x03                                      // counter bits 0–5, 2 random bits
	h := hex.EncodeToString(b[:])
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}
