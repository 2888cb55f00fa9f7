package sqldb

import (
	"context"
	"runtime"
	"sync"

	"kasane/internal/dedupe"
)

// dupChunk is the number of rows read before they are handed to a worker.
const dupChunk = 4096

// dupRow holds the stored fields of one person that duplicate detection
// compares, as read.
type dupRow [12]string

// readDupRecords reads the comparison records of every identified person of
// the municipality, with their other names (旧姓, 通称), in one streaming query: the table in storage order (an
// index would turn the read into a random walk over the table), rows handed
// in chunks to GOMAXPROCS workers that derive the keys (width folding,
// variant kanji, readings) while the next rows are read.
func readDupRecords(ctx context.Context, tx *Tx, muni string) ([]dedupe.Record, error) {
	rows, err := tx.query(ctx, "SELECT "+dupCols+" FROM persons WHERE "+tx.dialect.noIndex("municipality_id")+" = ? AND identified = 1", muni)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	type job struct {
		in  []dupRow
		out []dedupe.Record
	}
	jobs := make(chan *job, 4)
	var wg sync.WaitGroup
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				for i := range j.in {
					f := &j.in[i]
					j.out[i] = dedupe.NewRecord(f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7], f[8]+f[9], f[10], f[11])
				}
				j.in = nil
			}
		}()
	}
	var all []*job
	cur := &job{in: make([]dupRow, 0, dupChunk)}
	send := func() {
		cur.out = make([]dedupe.Record, len(cur.in))
		all = append(all, cur)
		jobs <- cur
		cur = &job{in: make([]dupRow, 0, dupChunk)}
	}
	for rows.Next() {
		var f dupRow
		if err = rows.Scan(&f[0], &f[1], &f[2], &f[3], &f[4], &f[5], &f[6], &f[7], &f[8], &f[9], &f[10], &f[11]); err != nil {
			break
		}
		cur.in = append(cur.in, f)
		if len(cur.in) == dupChunk {
			send()
		}
	}
	if err == nil {
		err = rows.Err()
	}
	if len(cur.in) > 0 {
		send()
	}
	close(jobs)
	wg.Wait()
	if err != nil {
		return nil, err
	}
	n := 0
	for _, j := range all {
		n += len(j.out)
	}
	out := make([]dedupe.Record, 0, n)
	for _, j := range all {
		out = append(out, j.out...)
	}
	// the other names (旧姓, 通称): few persons have any
	as, err := tx.allAliases(ctx, muni)
	if err != nil {
		return nil, err
	}
	if len(as) > 0 {
		for i := range out {
			if a, ok := as[out[i].ID]; ok {
				addOthers(&out[i], a)
			}
		}
	}
	return out, nil
}
