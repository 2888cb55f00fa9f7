package sqldb

import "context"

// RawStrings runs a query of one text column, for tests that check what a
// disposal left in the tables (retention_test.go).
func (db *DB) RawStrings(ctx context.Context, q string, args ...any) ([]string, error) {
	var out []string
	err := db.inTx(ctx, false, "test", func(tx *Tx) error {
		var err error
		out, err = collect(ctx, tx, scanString, q, args...)
		return err
	})
	return out, err
}

// RetentionSteps lists, by table, the columns the disposal steps empty or
// "*" for the tables whose rows it deletes (TestRetentionColumnsClassified).
func RetentionSteps() map[string][]string {
	out := map[string][]string{}
	for _, steps := range [][]wipeStep{caseSteps, consentSteps, meetingSteps, outreachSteps, personSteps, householdSteps} {
		for _, s := range steps {
			if s.del {
				out[s.table] = append(out[s.table], "*")
				continue
			}
			for _, c := range s.set {
				name, _, _ := cutEq(c)
				out[s.table] = append(out[s.table], name)
			}
		}
	}
	return out
}

func cutEq(s string) (string, string, bool) {
	for i := 0; i < len(s); i++ {
		if s[i] == ' ' || s[i] == '=' {
			return s[:i], s[i:], true
		}
	}
	return s, "", false
}
