package sqldb

import (
	"context"
	"database/sql"
	"sync"
)

// stmtCache keeps prepared statements of the hot reads (the case list and
// the facts of its cases) for the SQLite reader pool: database/sql prepares
// each once per connection and Tx.StmtContext reuses it, instead of parsing
// the SQL again on every request (sqlite3_prepare_v2 was about 6% of a case
// list's CPU). PostgreSQL needs none: pgx caches prepared statements itself.
//
// A statement must never run again while rows of it are still open in the
// same transaction (the driver keeps ONE SQLite statement per connection and
// would reset it): only collectCached uses the cache, and it reads all rows
// before it returns.
type stmtCache struct {
	pool *sql.DB
	mu   sync.Mutex
	m    map[string]*sql.Stmt // nil value: being prepared
}

// stmtCacheMax bounds the cache (each entry is prepared on up to every
// reader connection): the hot statements are a few dozen, but the IN lists
// of the facts loaders make a statement per list length, so a full cache
// stops taking new ones and those run unprepared as before.
const stmtCacheMax = 128

func newStmtCache(pool *sql.DB) *stmtCache {
	return &stmtCache{pool: pool, m: map[string]*sql.Stmt{}}
}

// get returns the cached statement of q, or nil. On the first miss it
// prepares q in the background: preparing on the pool needs a free
// connection, and the caller holds one in its transaction (with every
// connection held so, waiting here would never end).
func (c *stmtCache) get(q string) *sql.Stmt {
	c.mu.Lock()
	defer c.mu.Unlock()
	s, ok := c.m[q]
	if ok || len(c.m) >= stmtCacheMax {
		return s
	}
	c.m[q] = nil
	go func() {
		s, err := c.pool.PrepareContext(context.Background(), q)
		c.mu.Lock()
		defer c.mu.Unlock()
		if err != nil {
			delete(c.m, q) // tried again on a later miss
			return
		}
		c.m[q] = s
	}()
	return nil
}

// collectCached is collect through the statement cache of a SQLite read
// transaction (plain collect elsewhere).
func collectCached[T any](ctx context.Context, t *Tx, scan func(scanner) (T, error), q string, args ...any) ([]T, error) {
	var s *sql.Stmt
	if t.stmts != nil {
		s = t.stmts.get(q)
	}
	if s == nil {
		return collect(ctx, t, scan, q, args...)
	}
	ts := t.tx.StmtContext(ctx, s)
	defer ts.Close()
	rows, err := ts.QueryContext(ctx, args...)
	if err != nil {
		return nil, err
	}
	return scanRows(rows, scan)
}
