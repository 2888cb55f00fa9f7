package sqldb

import (
	"context"

	"kasane/internal/casework"
)

// Duplicate candidates found as records arrive (issue 23): every person
// registered, changed or imported is compared, in the same transaction,
// with the persons sharing a blocking key with it (the lookups of the check
// at registration: name, reading, birth date, phone, other names), and the
// pairs at or above the review threshold join the review list of the
// duplicates page (duplicate_candidates), not only when an administrator
// runs `kasane duplicates`. The comparison is the system's: the list
// applies rules 4 and 6 to whoever reads it (DuplicateReview). Nothing is
// read for the caller, so nothing is audited beyond the write itself.

// noteArrival mirrors p's 旧姓 and 通称 (person_aliases) and lists the
// candidate pairs of p, replacing those listed before for p.
func (t *Tx) noteArrival(ctx context.Context, muni string, p casework.Person) error {
	if err := t.saveFormAliases(ctx, muni, &p); err != nil {
		return err
	}
	for _, col := range []string{"person_a", "person_b"} {
		if _, err := t.exec(ctx, "DELETE FROM duplicate_candidates WHERE municipality_id = ? AND "+col+" = ?", muni, p.ID); err != nil {
			return err
		}
	}
	if !p.Identified {
		return nil
	}
	th, err := t.thresholds(ctx, muni)
	if err != nil {
		return err
	}
	as, err := t.aliasesOf(ctx, []string{p.ID})
	if err != nil {
		return err
	}
	p.OtherNames = nil
	for _, a := range as[p.ID] {
		if a.Source != casework.AliasSourceSelf {
			p.OtherNames = append(p.OtherNames, a)
		}
	}
	r := PersonRecord(p)
	cs, pairs, err := t.candidates(ctx, muni, r, p.NameKey, p.KanaKey, otherKeys(p), birthKeys(p.BirthDate), p.Phone, th)
	if err != nil || len(pairs) == 0 {
		return err
	}
	decided, err := t.decisionsOf(ctx, muni, p.ID)
	if err != nil {
		return err
	}
	var found []DuplicatePair
	for _, pr := range pairs {
		other := cs[pr.B].ID
		if decided[other] != "" {
			continue
		}
		found = append(found, DuplicatePair{A: p.ID, B: other, Score: pr.Score, Same: th.IsSame(pr.Score, pr.Reasons), Reasons: pr.Reasons})
	}
	return t.insertCandidates(ctx, muni, found)
}
