package sqldb

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
)

// Report counters (issue 24, migration 0040): tables the annual report reads
// instead of scanning the records, kept in step by triggers in the same
// transaction as every write of the records they count. A counter is never
// the only truth: Verify compares it with the plain GROUP BY over the
// records, and Rebuild recomputes it from them.

// counterDef describes one counter table.
type counterDef struct {
	// Name is the counter's name in the verify output; Label says in
	// Japanese what it holds.
	Name, Label string
	// Table is the counter table; Keys and Values its columns.
	Table        string
	Keys, Values []string
	// Source is the SELECT over the records giving Keys then Values, per
	// dialect (the month of Japan time is written differently).
	Source func(Dialect) string
	// Copies is set for columns copied onto the records' own table (Table
	// is then a table of records): rebuilt by an UPDATE from Rebuild, not
	// by deleting the table.
	Copies func(Dialect) string
	// Counted replaces the plain read of Table for a copy of a large
	// table: it reads only the rows that may differ (Source then reads the
	// same rows from the records), so verify does not hold a million rows.
	Counted string
}

// jstMonth is the SQL giving the JST month ("2006-01") of a stored instant
// column (casework.TimeFormat, UTC): the same expression the triggers use.
func jstMonth(d Dialect, col string) string {
	if d == Postgres {
		return "report_month(" + col + ")"
	}
	return "strftime('%Y-%m', substr(" + col + ", 1, 19), '+9 hours')"
}

// presenceSource computes report_case_presence (migration 0041) from the
// contacts: per case and fiscal year, `jigyo/bunya/mask` of the fiscal
// months with a contact (bit 0 = April), joined by ';' in byte order; the
// triggers compute the same for one case.
func presenceSource(d Dialect) string {
	if d == Postgres {
		return `SELECT g.municipality_id, g.fy, g.case_id, k.focus_person_id, k.household_id, g.marks FROM (
			SELECT municipality_id, fy, case_id, string_agg(mark, ';' ORDER BY mark COLLATE "C") AS marks FROM (
			SELECT municipality_id, report_fy(at) AS fy, case_id, jigyo || '/' || bunya || '/' || bit_or(1 << ((substr(report_month(at), 6, 2)::int + 8) % 12))::text AS mark
			FROM contacts GROUP BY 1, 2, 3, jigyo, bunya) m GROUP BY 1, 2, 3) g JOIN cases k ON k.id = g.case_id`
	}
	return `SELECT g.municipality_id, g.fy, g.case_id, k.focus_person_id, k.household_id, g.marks FROM (
		SELECT municipality_id, fy, case_id, group_concat(mark, ';' ORDER BY mark) AS marks FROM (
		SELECT municipality_id, fy, case_id, jigyo || '/' || bunya || '/' || SUM(DISTINCT 1 << ((CAST(substr(ym, 6, 2) AS INTEGER) + 8) % 12)) AS mark FROM (
		SELECT municipality_id, case_id, jigyo, bunya, ym, CAST(substr(ym, 1, 4) AS INTEGER) - (CAST(substr(ym, 6, 2) AS INTEGER) < 4) AS fy FROM (
		SELECT municipality_id, case_id, jigyo, bunya, strftime('%Y-%m', substr(at, 1, 19), '+9 hours') AS ym FROM contacts))
		GROUP BY municipality_id, fy, case_id, jigyo, bunya) GROUP BY municipality_id, fy, case_id) g JOIN cases k ON k.id = g.case_id`
}

var reportCounters = []counterDef{
	{
		Name: "contacts", Label: "支援経過記録の件数・時間（月・事業・分野）", Table: "report_contact_counts",
		Keys: []string{"municipality_id", "month", "jigyo", "bunya"}, Values: []string{"n", "minutes"},
		Source: func(d Dialect) string {
			return "SELECT municipality_id, " + jstMonth(d, "at") + ", jigyo, bunya, COUNT(*), SUM(minutes) FROM contacts GROUP BY 1, 2, 3, 4"
		},
	},
	{
		Name: "presence", Label: "支援経過記録のあった月（ケース・年度ごと、実人数・世帯数用）", Table: "report_case_presence",
		Keys: []string{"municipality_id", "fy", "case_id"}, Values: []string{"person_id", "household_id", "marks"},
		Source: presenceSource,
	},
	{
		// the focus person's sex and birth date on the case row (0041), read
		// by the breakdowns by sex and age band
		Name: "case_person", Label: "ケースに写した本人の性別・生年月日（内訳用）", Table: "cases",
		Keys: []string{"id"}, Values: []string{"focus_sex", "focus_birth_date"},
		Source: func(Dialect) string {
			return "SELECT c.id, COALESCE(p.sex, ''), COALESCE(p.birth_date, '') FROM cases c LEFT JOIN persons p ON p.id = c.focus_person_id"
		},
		Copies: func(d Dialect) string {
			if d == Postgres {
				return "UPDATE cases SET focus_sex = p.sex, focus_birth_date = p.birth_date FROM persons p WHERE p.id = cases.focus_person_id AND (cases.focus_sex, cases.focus_birth_date) IS DISTINCT FROM (p.sex, p.birth_date)"
			}
			return "UPDATE cases SET (focus_sex, focus_birth_date) = (SELECT p.sex, p.birth_date FROM persons p WHERE p.id = cases.focus_person_id) " +
				"WHERE EXISTS (SELECT 1 FROM persons p WHERE p.id = cases.focus_person_id AND (p.sex <> cases.focus_sex OR p.birth_date <> cases.focus_birth_date))"
		},
	},
	{
		// the case's lead organization on each contact (0044), read by the
		// drill-down of 支援経過記録; only the contacts whose copy differs
		// from their case are read, from both sides
		Name: "contact_lead", Label: "支援経過記録に写した主担当機関（明細用、食い違う記録のみ）", Table: "contacts",
		Keys: []string{"id"}, Values: []string{"lead_org_id"},
		Counted: "SELECT c.id, c.lead_org_id FROM contacts c JOIN cases k ON k.id = c.case_id WHERE c.lead_org_id <> k.lead_org_id",
		Source: func(Dialect) string {
			return "SELECT c.id, k.lead_org_id FROM contacts c JOIN cases k ON k.id = c.case_id WHERE c.lead_org_id <> k.lead_org_id"
		},
		Copies: func(d Dialect) string {
			if d == Postgres {
				return "UPDATE contacts SET lead_org_id = k.lead_org_id FROM cases k WHERE k.id = contacts.case_id AND contacts.lead_org_id <> k.lead_org_id"
			}
			return "UPDATE contacts SET lead_org_id = (SELECT k.lead_org_id FROM cases k WHERE k.id = contacts.case_id) " +
				"WHERE EXISTS (SELECT 1 FROM cases k WHERE k.id = contacts.case_id AND k.lead_org_id <> contacts.lead_org_id)"
		},
	},
}

// CounterDrift is one group where a counter and its records disagree.
type CounterDrift struct {
	Counter string
	Key     string
	Counted []string // what the counter table holds
	Records []string // what the records give
}

func (d CounterDrift) String() string {
	return fmt.Sprintf("%s %s: 集計表 %v / 記録 %v", d.Counter, d.Key, d.Counted, d.Records)
}

// CounterCheck is the result of verifying one counter.
type CounterCheck struct {
	Counter string
	Label   string
	Groups  int // groups with a non-zero value in the records
	Drifts  []CounterDrift
}

// VerifyReportCounters compares every counter with the plain GROUP BY over
// its records, in one snapshot so a commit in between cannot look like a
// drift. A group the counter holds at zero equals a group absent from the
// records.
func (db *DB) VerifyReportCounters(ctx context.Context) ([]CounterCheck, error) {
	var out []CounterCheck
	err := db.inSnapshot(ctx, "集計表", func(tx *Tx) error {
		for _, c := range reportCounters {
			q := "SELECT " + strings.Join(append(append([]string{}, c.Keys...), c.Values...), ", ") + " FROM " + c.Table
			if c.Counted != "" {
				q = c.Counted
			}
			counted, err := tx.counterGroups(ctx, q, len(c.Keys), len(c.Values))
			if err != nil {
				return err
			}
			records, err := tx.counterGroups(ctx, c.Source(tx.dialect), len(c.Keys), len(c.Values))
			if err != nil {
				return err
			}
			check := CounterCheck{Counter: c.Name, Label: c.Label, Groups: len(records)}
			keys := map[string]bool{}
			for k := range counted {
				keys[k] = true
			}
			for k := range records {
				keys[k] = true
			}
			sorted := make([]string, 0, len(keys))
			for k := range keys {
				sorted = append(sorted, k)
			}
			sort.Strings(sorted)
			zero := make([]string, len(c.Values))
			for i := range zero {
				zero[i] = "0"
			}
			for _, k := range sorted {
				a, b := counted[k], records[k]
				if a == nil {
					a = zero
				}
				if b == nil {
					b = zero
				}
				if !slices.Equal(a, b) {
					check.Drifts = append(check.Drifts, CounterDrift{Counter: c.Name, Key: k, Counted: a, Records: b})
				}
			}
			out = append(out, check)
		}
		return nil
	})
	return out, err
}

// RebuildReportCounters recomputes every counter from its records in one
// write transaction (writers wait meanwhile, so no write is missed) and
// returns the number of groups of each.
func (db *DB) RebuildReportCounters(ctx context.Context) (map[string]int, error) {
	out := map[string]int{}
	err := db.inTx(ctx, true, "集計表", func(tx *Tx) error {
		if tx.dialect == Postgres {
			// READ COMMITTED: lock the records so no write lands between the
			// delete and the insert below.
			for _, c := range reportCounters {
				if _, err := tx.exec(ctx, "LOCK TABLE "+c.Table+" IN EXCLUSIVE MODE"); err != nil {
					return err
				}
			}
			if _, err := tx.exec(ctx, "LOCK TABLE contacts, persons IN SHARE MODE"); err != nil {
				return err
			}
		}
		for _, c := range reportCounters {
			if c.Copies != nil {
				res, err := tx.exec(ctx, c.Copies(tx.dialect))
				if err != nil {
					return err
				}
				n, _ := res.RowsAffected()
				out[c.Name] = int(n)
				continue
			}
			if _, err := tx.exec(ctx, "DELETE FROM "+c.Table); err != nil {
				return err
			}
			res, err := tx.exec(ctx, "INSERT INTO "+c.Table+" ("+strings.Join(append(append([]string{}, c.Keys...), c.Values...), ", ")+") "+c.Source(tx.dialect))
			if err != nil {
				return err
			}
			n, _ := res.RowsAffected()
			out[c.Name] = int(n)
		}
		return nil
	})
	return out, err
}

// counterGroups reads a query of nk key columns then nv value columns into
// a map from the joined key; groups whose values are all zero (or empty)
// are left out.
func (t *Tx) counterGroups(ctx context.Context, q string, nk, nv int) (map[string][]string, error) {
	rows, err := t.query(ctx, q)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string][]string{}
	for rows.Next() {
		keys := make([]string, nk)
		vals := make([]string, nv)
		dest := make([]any, 0, nk+nv)
		for i := range keys {
			dest = append(dest, &keys[i])
		}
		for i := range vals {
			dest = append(dest, &vals[i])
		}
		if err := rows.Scan(dest...); err != nil {
			return nil, err
		}
		nonZero := false
		for _, v := range vals {
			nonZero = nonZero || (v != "0" && v != "")
		}
		if nonZero {
			out[strings.Join(keys, "|")] = vals
		}
	}
	return out, rows.Err()
}
