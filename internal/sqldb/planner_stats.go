package sqldb

import "context"

// RefreshPlannerStats updates PostgreSQL's planner statistics (ANALYZE), as
// autovacuum would after a bulk load; without them PostgreSQL estimates a
// handful of rows per table and picks plans that scan whole indexes. On
// SQLite it does nothing: the queries are written for SQLite without
// statistics (sqlite_stat1), and gathering them changes plans.
func (db *DB) RefreshPlannerStats(ctx context.Context) error {
	if db.dialect != Postgres {
		return nil
	}
	_, err := db.write.ExecContext(ctx, "ANALYZE")
	return mapError(err, "統計情報")
}
