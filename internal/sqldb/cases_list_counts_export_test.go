package sqldb

import (
	"context"
	"fmt"
)

// CaseLeadCountsDriftForTest compares case_lead_counts (migration 0043)
// with a plain GROUP BY over the cases and their teams, and the copies on
// the team rows (0042) with their cases, and describes every difference
// ("" when there is none).
func CaseLeadCountsDriftForTest(ctx context.Context, db *DB) (string, error) {
	type key struct{ m, o, s string }
	kept, plain := map[key]int{}, map[key]int{}
	err := db.inSnapshot(ctx, "試験", func(tx *Tx) error {
		for q, into := range map[string]map[key]int{
			"SELECT municipality_id, organization_id, status, n FROM case_lead_counts WHERE n <> 0": kept,
			`SELECT c.municipality_id, c.lead_org_id, c.status, COUNT(*) FROM cases c
				WHERE EXISTS (SELECT 1 FROM case_team t WHERE t.case_id = c.id AND t.organization_id = c.lead_org_id) GROUP BY 1, 2, 3`: plain,
		} {
			rows, err := tx.query(ctx, q)
			if err != nil {
				return err
			}
			for rows.Next() {
				var k key
				var n int
				if err := rows.Scan(&k.m, &k.o, &k.s, &n); err != nil {
					rows.Close()
					return err
				}
				into[k] = n
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return "", err
	}
	diff := ""
	var stale int
	if err := db.inSnapshot(ctx, "試験", func(tx *Tx) error {
		return tx.queryRow(ctx, `SELECT COUNT(*) FROM case_team t JOIN cases c ON c.id = t.case_id
			WHERE t.case_lead_org_id <> c.lead_org_id OR t.case_status <> c.status OR t.case_received_on <> c.received_on OR t.case_created_at <> c.created_at`).Scan(&stale)
	}); err != nil {
		return "", err
	}
	if stale > 0 {
		diff += fmt.Sprintf("%d team rows with a stale copy of their case's status, lead (0042), 受付日 or creation (0014, 0045); ", stale)
	}
	for k, n := range plain {
		if kept[k] != n {
			diff += fmt.Sprintf("%s/%s: kept %d, counted %d; ", k.o, k.s, kept[k], n)
		}
	}
	for k, n := range kept {
		if _, ok := plain[k]; !ok {
			diff += fmt.Sprintf("%s/%s: kept %d, counted 0; ", k.o, k.s, n)
		}
	}
	return diff, nil
}
