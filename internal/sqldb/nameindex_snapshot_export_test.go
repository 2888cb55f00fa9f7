package sqldb

import (
	"context"
	"strings"
)

// DeletePersonRow deletes a person's row as a disposal of records would
// (test only).
func DeletePersonRow(ctx context.Context, db *DB, id string) error {
	return db.inTx(ctx, true, "test", func(tx *Tx) error {
		_, err := tx.exec(ctx, "DELETE FROM persons WHERE id = ?", id)
		return err
	})
}

// AnonymizePersonRow blanks a person's names as an anonymization would
// (test only).
func AnonymizePersonRow(ctx context.Context, db *DB, id string) error {
	return db.inTx(ctx, true, "test", func(tx *Tx) error {
		_, err := tx.exec(ctx, "UPDATE persons SET family_name = '', given_name = '', family_kana = '', given_kana = '', name_key = '', kana_key = '', identified = 0, label = '匿名' WHERE id = ?", id)
		return err
	})
}

// IndexedKeys is what the name index must hold: municipality, name key (of
// identified persons) and reading key of each person with a key (test only).
func IndexedKeys(ctx context.Context, db *DB) (map[string][3]string, error) {
	out := map[string][3]string{}
	err := db.inTx(ctx, false, "test", func(tx *Tx) error {
		rows, err := tx.query(ctx, "SELECT id, municipality_id, name_key, kana_key, identified FROM persons")
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id, muni, name, kana string
			var ident int
			if err := rows.Scan(&id, &muni, &name, &kana, &ident); err != nil {
				return err
			}
			if ident != 1 {
				name = ""
			}
			if name != "" || kana != "" {
				out[id] = [3]string{muni, strings.ToLower(name), strings.ToLower(kana)}
			}
		}
		return rows.Err()
	})
	return out, err
}

// RewriteLogRow changes the person of a name_index_log row, as a database
// restored from an older backup and written to since holds another row
// under the same number (test only).
func RewriteLogRow(ctx context.Context, db *DB) error {
	return db.inTx(ctx, true, "test", func(tx *Tx) error {
		_, err := tx.exec(ctx, "UPDATE name_index_log SET person_id = 'someone-else' WHERE seq = (SELECT MAX(seq) FROM name_index_log)")
		return err
	})
}

// DamageSnapshotTable changes one byte of the snapshot kept in the
// database (test only).
func DamageSnapshotTable(ctx context.Context, db *DB, at int) error {
	return db.inTx(ctx, true, "test", func(tx *Tx) error {
		var data []byte
		if err := tx.queryRow(ctx, "SELECT data FROM name_index_snapshot WHERE part = 0").Scan(&data); err != nil {
			return err
		}
		data[at%len(data)] ^= 0x5a
		_, err := tx.exec(ctx, "UPDATE name_index_snapshot SET data = ? WHERE part = 0", data)
		return err
	})
}

// SnapshotIfDue runs one round of KeepNameIndexSnapshot (test only).
func SnapshotIfDue(ctx context.Context, db *DB) (bool, error) {
	due, err := db.nameSnapshotDue(ctx)
	if err != nil || !due {
		return false, err
	}
	return true, db.SaveNameIndexSnapshot(ctx)
}

// SetSnapshotAfter changes how many changes make a snapshot stale and
// returns the old value (test only).
func SetSnapshotAfter(n int) int {
	old := snapshotAfter
	snapshotAfter = n
	return old
}

// SyncNamesNow makes the next use of the name index read the log, as it
// does nameSyncEvery after the last read (test only).
func SyncNamesNow(ctx context.Context, db *DB) error {
	c := db.names()
	c.mu.Lock()
	c.syncedAt = c.syncedAt.AddDate(-1, 0, 0)
	c.mu.Unlock()
	_, err := db.syncedNames(ctx)
	return err
}
