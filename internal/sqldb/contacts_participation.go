package sqldb

import (
	"context"
	"sort"

	"kasane/internal/casework"
	"kasane/internal/report"
)

// Participation logs in the support record. A match's retention and
// host-support logs (participation_logs) are part of the record of every
// case whose focus person is the match's person, as entries of 事業 参加支援.
// They are read where the case's `records` are read (the callers check
// that) and are written and corrected on the match itself. The annual
// report counts them once each from participation_logs, whatever the
// number of cases they show in.

// caseMatchLogs lists the participation logs of the case's focus person as
// support-record entries.
func (t *Tx) caseMatchLogs(ctx context.Context, caseID string) ([]casework.Contact, error) {
	return collect(ctx, t, func(s scanner) (casework.Contact, error) {
		var c casework.Contact
		var at, created, kind, note, menu string
		err := s.Scan(&c.ID, &c.CaseID, &at, &kind, &c.Method, &note, &c.AuthorID, &c.AuthorOrgID, &c.AuthorName, &c.Counterpart, &menu, &c.MatchID, &created)
		c.At, c.Created, c.Updated = parseTS(at), parseTS(created), parseTS(created)
		c.Jigyo, c.Version, c.Source = "sanka", 1, "participation_log"
		c.Content = "【参加支援・" + casework.MatchLogKinds.Label(kind) + "】メニュー: " + menu + "\n" + note
		return c, err
	}, `SELECT l.id, k.id, l.at, l.kind, l.method, l.note, l.author_id, l.author_org_id, COALESCE(u.name, ''), r.name, m.menu, m.id, l.created_at
		FROM cases k JOIN participation_matches m ON m.person_id = k.focus_person_id AND m.municipality_id = k.municipality_id
		JOIN participation_logs l ON l.match_id = m.id JOIN resources r ON r.id = m.resource_id LEFT JOIN users u ON u.id = l.author_id
		WHERE k.id = ?`, caseID)
}

// withMatchLogs merges the participation logs into a case's support
// record, newest first.
func (t *Tx) withMatchLogs(ctx context.Context, caseID string, contacts []casework.Contact) ([]casework.Contact, error) {
	logs, err := t.caseMatchLogs(ctx, caseID)
	if err != nil || len(logs) == 0 {
		return contacts, err
	}
	out := append(append([]casework.Contact{}, contacts...), logs...)
	sort.SliceStable(out, func(i, j int) bool {
		if !out[i].At.Equal(out[j].At) {
			return out[i].At.After(out[j].At)
		}
		return out[i].Created.After(out[j].Created)
	})
	return out, nil
}

// matchLogNote explains the participation logs in the count of records.
const matchLogNote = "参加支援には、マッチングの定着支援・受け入れ先支援の記録を含みます（1件を1回だけ数えます。分野は記録されないため分野別の行には入りません）。"

// matchLogCounts counts the participation logs of fiscal range r by month
// (each log once, however many cases show it).
func matchLogCounts(ctx context.Context, t *Tx, muni string, r report.FiscalRange, fn func(month int, n int64)) error {
	mc, args := monthCase("at", r)
	args = append(args, muni, r.MonthStarts[0], r.MonthStarts[12])
	rows, err := t.query(ctx, "SELECT "+mc+", COUNT(*) FROM participation_logs WHERE municipality_id = ? AND at >= ? AND at < ? GROUP BY 1", args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var month int
		var n int64
		if err := rows.Scan(&month, &n); err != nil {
			return err
		}
		fn(month, n)
	}
	return rows.Err()
}

// matchLogRecords are the participation logs between two instants as
// records of the drill-down: personal data without a case, shown only to
// the organization that wrote them.
func (t *Tx) matchLogRecords(ctx context.Context, muni, from, to string) ([]Record, error) {
	return collect(ctx, t, func(s scanner) (Record, error) {
		rec := Record{Kind: "participation_log", personal: true}
		var at, kind, name string
		err := s.Scan(&rec.ID, &at, &kind, &name, &rec.owner)
		rec.Date = casework.Today(parseTS(at))
		rec.Detail = "参加支援・" + casework.MatchLogKinds.Label(kind) + "（" + name + "）"
		return rec, err
	}, `SELECT l.id, l.at, l.kind, r.name, l.author_org_id FROM participation_logs l JOIN participation_matches m ON m.id = l.match_id
		JOIN resources r ON r.id = m.resource_id WHERE l.municipality_id = ? AND l.at >= ? AND l.at < ? ORDER BY l.at, l.id`, muni, from, to)
}
