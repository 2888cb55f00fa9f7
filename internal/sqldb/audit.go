package sqldb

import (
	"context"
	"fmt"
	"time"

	"kasane/internal/casework"
)

// auditRecord describes one audited action.
type auditRecord struct {
	Action     string
	ObjectType string
	ObjectID   string
	Reason     string
	Flagged    bool
}

// audit appends an event to the municipality's hash chain inside the caller's
// transaction. If it fails the caller's whole action fails (rule 8). In a
// read transaction (db.inRead) the event is only collected here; inRead
// hands it to the group-commit audit writer and returns the data only once
// the event is durable.
func (t *Tx) audit(ctx context.Context, a casework.Actor, r auditRecord) error {
	if a.MunicipalityID == "" {
		return fmt.Errorf("audit: actor without municipality")
	}
	if t.deferred != nil {
		*t.deferred = append(*t.deferred, pendingAudit{actor: a, rec: r, at: t.now})
		return nil
	}
	return t.appendAudit(ctx, a.MunicipalityID, []pendingAudit{{actor: a, rec: r, at: t.now}})
}

// appendAudit appends events of one municipality to its chain: the head row
// is read FOR UPDATE (PostgreSQL; SQLite has one writer), so writers in
// every process append one after another.
func (t *Tx) appendAudit(ctx context.Context, muni string, ps []pendingAudit) error {
	var seq int64
	var prev string
	err := t.queryRow(ctx, "SELECT seq, hash FROM audit_heads WHERE municipality_id = ?"+t.dialect.forUpdate(), muni).Scan(&seq, &prev)
	if err != nil {
		return fmt.Errorf("audit head: %w", err)
	}
	head := seq
	const perInsert = 50
	for start := 0; start < len(ps); start += perInsert {
		chunk := ps[start:min(start+perInsert, len(ps))]
		args := make([]any, 0, 14*len(chunk))
		q := `INSERT INTO audit_events (municipality_id, seq, id, at, actor_id, actor_org_id, action,
		object_type, object_id, reason, flagged, address, prev_hash, hash) VALUES `
		for i, p := range chunk {
			a, r := p.actor, p.rec
			e := casework.AuditEvent{
				Seq: seq + 1, ID: newID(), MunicipalityID: muni, At: p.at,
				ActorID: a.UserID, ActorOrgID: a.OrganizationID, Action: r.Action,
				ObjectType: r.ObjectType, ObjectID: r.ObjectID, Reason: r.Reason, Flagged: r.Flagged,
				Address: a.Address, PrevHash: prev,
			}
			e.Hash = casework.ChainHash(prev, e)
			if i > 0 {
				q += ","
			}
			q += "(?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
			args = append(args, e.MunicipalityID, e.Seq, e.ID, ts(e.At), e.ActorID, e.ActorOrgID, e.Action, e.ObjectType, e.ObjectID,
				e.Reason, boolInt(e.Flagged), e.Address, e.PrevHash, e.Hash)
			seq, prev = e.Seq, e.Hash
		}
		if _, err := t.exec(ctx, q, args...); err != nil {
			return fmt.Errorf("audit insert: %w", err)
		}
	}
	return t.execOne(ctx, fmt.Errorf("audit head moved"),
		"UPDATE audit_heads SET seq = ?, hash = ? WHERE municipality_id = ? AND seq = ?", seq, prev, muni, head)
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// AuditFilter selects audit events for the privacy officer. PersonID and
// CaseID match the event's object (CaseID also by case number); OrgID is
// the acting staff member's organization. Before and After are keyset
// cursors (seq): events older than Before, or newer than After.
type AuditFilter struct {
	ObjectID   string
	ActorID    string
	OrgID      string
	PersonID   string
	CaseID     string
	Action     string
	From, To   time.Time
	Flagged    bool
	Unreviewed bool
	Before     int64
	After      int64
	Limit      int
}

// VerifyResult is the outcome of an audit chain check.
type VerifyResult struct {
	Events int64
	// BrokenMunicipality and BrokenSeq name the first event that does not
	// verify (0 when the chain is intact).
	BrokenMunicipality string
	BrokenSeq          int64
	Problem            string
}

// VerifyAudit recomputes every municipality's chain from the start. It
// detects a changed field, a deleted or inserted event, and a head that does
// not match the last event.
func (db *DB) VerifyAudit(ctx context.Context) (VerifyResult, error) {
	var res VerifyResult
	if err := db.flushJournal(ctx, ""); err != nil {
		return res, err
	}
	err := db.inSnapshot(ctx, "監査ログ", func(tx *Tx) error {
		heads := map[string][4]any{}
		rows, err := tx.query(ctx, "SELECT municipality_id, seq, hash, base_seq, base_hash FROM audit_heads ORDER BY municipality_id")
		if err != nil {
			return err
		}
		var munis []string
		for rows.Next() {
			var m, h, bh string
			var s, bs int64
			if err := rows.Scan(&m, &s, &h, &bs, &bh); err != nil {
				rows.Close()
				return err
			}
			heads[m] = [4]any{s, h, bs, bh}
			munis = append(munis, m)
		}
		rows.Close()
		for _, m := range munis {
			h := heads[m]
			ok, err := verifyChain(ctx, tx, m, h[0].(int64), h[1].(string), h[2].(int64), h[3].(string), &res)
			if err != nil || !ok {
				return err
			}
		}
		return nil
	})
	return res, err
}

func verifyChain(ctx context.Context, tx *Tx, muni string, headSeq int64, headHash string, baseSeq int64, baseHash string, res *VerifyResult) (bool, error) {
	rows, err := tx.query(ctx, `SELECT seq, id, at, actor_id, actor_org_id, action, object_type, object_id, reason, flagged, address, prev_hash, hash
		FROM audit_events WHERE municipality_id = ? ORDER BY seq`, muni)
	if err != nil {
		return false, err
	}
	defer rows.Close()
	prev := casework.GenesisHash
	want := baseSeq + 1
	if baseSeq > 0 {
		prev = baseHash // events up to baseSeq were purged under the retention setting
	}
	fail := func(seq int64, p string) (bool, error) {
		res.BrokenMunicipality, res.BrokenSeq, res.Problem = muni, seq, p
		return false, nil
	}
	for rows.Next() {
		var e casework.AuditEvent
		var at string
		var flagged int
		if err := rows.Scan(&e.Seq, &e.ID, &at, &e.ActorID, &e.ActorOrgID, &e.Action, &e.ObjectType, &e.ObjectID, &e.Reason, &flagged, &e.Address, &e.PrevHash, &e.Hash); err != nil {
			return false, err
		}
		e.MunicipalityID, e.Flagged = muni, flagged == 1
		e.At, err = time.Parse(casework.TimeFormat, at)
		if err != nil {
			return fail(e.Seq, "時刻の形式が不正です")
		}
		if e.Seq != want {
			return fail(want, "イベントが欠落しているか、挿入されています")
		}
		if e.PrevHash != prev {
			return fail(e.Seq, "直前のイベントとのつながりが壊れています")
		}
		if casework.ChainHash(prev, e) != e.Hash {
			return fail(e.Seq, "内容が変更されています")
		}
		prev = e.Hash
		want++
		res.Events++
	}
	if err := rows.Err(); err != nil {
		return false, err
	}
	if want-1 != headSeq || prev != headHash {
		return fail(want, "末尾のイベントが削除されているか、追加されています")
	}
	return true, nil
}

// RecordPrint writes the audit event of a print view. The page data was
// read (and audited) just before; a failed write stops the page.
func (db *DB) RecordPrint(ctx context.Context, a casework.Actor, objectType, id string) error {
	return db.inTx(ctx, true, "印刷", func(tx *Tx) error {
		return tx.audit(ctx, a, auditRecord{Action: casework.ActPrint, ObjectType: objectType, ObjectID: id})
	})
}
