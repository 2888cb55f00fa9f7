package sqldb

import (
	"context"
	"errors"
	"strings"

	"kasane/internal/casework"
)

// ExecForTest runs one statement in a write transaction: deletes and moves
// of records that no page makes, for the counter tests.
func ExecForTest(ctx context.Context, db *DB, q string, args ...any) (int64, error) {
	var n int64
	err := db.inTx(ctx, true, "試験", func(tx *Tx) error {
		res, err := tx.exec(ctx, q, args...)
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	return n, err
}

// errCrash stands for a process dying in the middle of a transaction.
var errCrash = errors.New("試験: 書き込みの途中で中断")

// CrashAfterWrites runs the statements in one write transaction and then
// fails it, as a crash between the record's write and the commit would:
// nothing of it may remain, counters included.
func CrashAfterWrites(ctx context.Context, db *DB, stmts ...[]any) error {
	err := db.inTx(ctx, true, "試験", func(tx *Tx) error {
		for _, s := range stmts {
			if _, err := tx.exec(ctx, s[0].(string), s[1:]...); err != nil {
				return err
			}
		}
		return errCrash
	})
	// the transaction's error comes back mapped (mapError): recognise the
	// crash by its text; any other error is the test's failure
	if err != nil && strings.Contains(err.Error(), errCrash.Error()) {
		return nil
	}
	if err == nil {
		return errors.New("試験: 中断したはずのトランザクションが確定しました")
	}
	return err
}

// ContactCaseForTest gives the case of a contact.
func ContactCaseForTest(ctx context.Context, db *DB, id string) (string, error) {
	var c string
	err := db.inTx(ctx, false, "試験", func(tx *Tx) error {
		return tx.queryRow(ctx, "SELECT case_id FROM contacts WHERE id = ?", id).Scan(&c)
	})
	return c, err
}

// RecordsReadableForTest says whether a may read the 支援経過記録 of a case,
// decided one case at a time with every fact loaded (the slow path the
// drill-down's batches must agree with).
func RecordsReadableForTest(ctx context.Context, db *DB, a casework.Actor, caseID string) (bool, error) {
	ok := false
	err := db.inTx(ctx, false, "試験", func(tx *Tx) error {
		_, _, err := tx.readableCaseData(ctx, a, caseID, casework.CatRecords)
		switch casework.ErrorCode(err) {
		case "":
			ok = true
		case casework.ENOTFOUND, casework.EFORBIDDEN:
		default:
			return err
		}
		return nil
	})
	return ok, err
}

// ContactsOfMonthForTest lists the ids and cases of a municipality's
// contacts between two instants, under the filters, in the drill-down's
// order, by a plain query.
func ContactsOfMonthForTest(ctx context.Context, db *DB, muni, from, to, jigyo, bunya string) (ids, cases []string, err error) {
	err = db.inTx(ctx, false, "試験", func(tx *Tx) error {
		rows, err := tx.query(ctx, "SELECT id, case_id FROM contacts WHERE municipality_id = ? AND at >= ? AND at < ? AND (? = '' OR jigyo = ?) AND (? = '' OR bunya = ?) ORDER BY at, id",
			muni, from, to, jigyo, jigyo, bunya, bunya)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id, c string
			if err := rows.Scan(&id, &c); err != nil {
				return err
			}
			ids, cases = append(ids, id), append(cases, c)
		}
		return rows.Err()
	})
	return ids, cases, err
}
