package sqldb

import (
	"strconv"
	"strings"
)

// Dialect names the SQL flavour. Every difference between SQLite and
// PostgreSQL lives in this file.
type Dialect string

const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// rebind turns the portable ? placeholders into $1, $2… for PostgreSQL.
// Question marks inside single-quoted literals are left alone.
func (d Dialect) rebind(q string) string {
	if d != Postgres || !strings.Contains(q, "?") {
		return q
	}
	var b strings.Builder
	b.Grow(len(q) + 8)
	n := 0
	inStr := false
	for i := 0; i < len(q); i++ {
		c := q[i]
		switch {
		case c == '\'':
			inStr = !inStr
			b.WriteByte(c)
		case c == '?' && !inStr:
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// forUpdate is the row-locking suffix of a SELECT. SQLite has one writer at a
// time (BEGIN IMMEDIATE), so it needs none.
func (d Dialect) forUpdate() string {
	if d == Postgres {
		return " FOR UPDATE"
	}
	return ""
}

// tablesQuery lists the user tables with their columns, for the schema test.
func (d Dialect) tablesQuery() string {
	if d == Postgres {
		return `SELECT table_name, column_name FROM information_schema.columns
			WHERE table_schema = current_schema() ORDER BY table_name, column_name`
	}
	return `SELECT m.name, p.name FROM sqlite_master m, pragma_table_info(m.name) p
		WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' ORDER BY m.name, p.name`
}

// likeEscape is the ESCAPE clause for LIKE patterns built by likePattern.
const likeEscape = ` ESCAPE '\'`

// likePattern escapes s for a LIKE match anywhere in the text.
func likePattern(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return "%" + r.Replace(s) + "%"
}

// noIndex keeps the SQLite planner from choosing an index on col (its unary
// + is a no-op that hides the column from index selection); PostgreSQL plans
// with statistics and needs no hint.
func (d Dialect) noIndex(col string) string {
	if d == SQLite {
		return "+" + col
	}
	return col
}

// columnsInOrderQuery lists the user tables' columns in the order of each
// table (the 個人情報ファイル簿 names the items as the tables hold them).
func (d Dialect) columnsInOrderQuery() string {
	if d == Postgres {
		return `SELECT table_name, column_name FROM information_schema.columns
			WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position`
	}
	return `SELECT m.name, p.name FROM sqlite_master m, pragma_table_info(m.name) p
		WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' ORDER BY m.name, p.cid`
}
