package sqldb

import (
	"context"
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

// importPipeline reads chunks of rows with next on one goroutine and has
// GOMAXPROCS workers validate them and compare them with the persons
// already registered. The chunks come out in the order of the file; at
// most a few are in flight, whatever the size of the file. stop ends the
// pipeline early (call it in any case).
func importPipeline(ctx context.Context, next func() (ImportRow, error), now time.Time, a casework.Actor, known *blocks, th dedupe.Thresholds) (<-chan *importChunk, func()) {
	ctx, cancel := context.WithCancel(ctx)
	workers := runtime.GOMAXPROCS(0)
	out := make(chan *importChunk, 2*workers)
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
	return out, func() {
		cancel()
		for range out { // let the reader see the end
		}
		wg.Wait()
	}
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
		p.ID, p.MunicipalityID, p.RegisteredByOrgID = newID(), a.MunicipalityID, a.OrganizationID
		c.persons[i] = p
		c.recs[i] = PersonRecord(p)
		c.hits[i] = known.check(c.recs[i], th)
		row.Person = casework.Person{} // held once, in persons
	}
}
