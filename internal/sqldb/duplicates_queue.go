package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strings"

	"kasane/internal/casework"
	"kasane/internal/dedupe"
)

// DuplicatePerson is one side of a candidate pair as the review list shows it.
type DuplicatePerson struct {
	ID          string `json:"id"`
	DisplayName string `json:"display_name"`
	Kana        string `json:"kana"`
	BirthShown  string `json:"birth_date_display"`
	Address     string `json:"address,omitempty"` // prefecture and city only
	// Link: the reader may open the person's page (staff on a record it
	// sees; not the municipality's roles, who see the identity only).
	Link bool `json:"-"`
}

// DuplicateItem is a candidate pair to decide.
type DuplicateItem struct {
	A, B    DuplicatePerson
	Score   int
	Same    bool
	Reasons []string
}

// DecidedPair is a live decision with both persons, to show and revoke.
type DecidedPair struct {
	Decision DuplicateDecision
	A, B     DuplicatePerson
}

// DuplicateReview is the duplicates page: the candidate pairs still to
// decide and the decisions in force, only on persons the actor may see in
// full.
type DuplicateReview struct {
	Person    *DuplicatePerson // set when the review is of one person
	Items     []DuplicateItem
	Decisions []DecidedPair
	BatchAt   string // when the stored candidates were last found ("" if never)
	// Municipal: read by the municipality's roles (every pair, identity only).
	Municipal bool
}

// reviewLimit bounds the pairs of one page of the review list.
const reviewLimit = 100

// DuplicateReview lists what those who may decide
// (casework.CanReviewDuplicates: staff on the records they see in full, the
// municipality's roles on every record, identity fields only) have to
// decide: with personID, the candidates of that person found now (as at
// registration) and its decisions; without, the best pairs of the last
// batch (kasane duplicates) and the latest decisions. Audited as a search.
func (db *DB) DuplicateReview(ctx context.Context, a casework.Actor, personID string) (DuplicateReview, error) {
	var out DuplicateReview
	if !casework.CanReviewDuplicates(a) {
		return out, casework.Errorf(casework.EFORBIDDEN, "重複の判定を行う権限がありません。")
	}
	municipal := casework.DecidesForMunicipality(a) // every pair, identity fields only
	out.Municipal = municipal
	err := db.inTx(ctx, true, "重複候補", func(tx *Tx) error {
		seen := reviewSeer{tx: tx, a: a, cache: map[string]*DuplicatePerson{}}
		var ds []DuplicateDecision
		if personID != "" {
			me, err := seen.person(ctx, personID)
			if err != nil {
				return err
			}
			if me == nil {
				return casework.NotFound("本人")
			}
			out.Person = me
			stored, err := scanPerson(tx.queryRow(ctx, "SELECT "+personCols+" FROM persons WHERE id = ?", personID))
			if err != nil {
				return err
			}
			p := stored
			if municipal {
				if stored.DVProtected {
					p.HideAddress() // rule 6: a protected address is never compared for them
				}
			} else if p, err = tx.visiblePerson(ctx, a, personID); err != nil {
				return err
			}
			p.Phone = stored.Phone
			if err := tx.loadAliases(ctx, &p); err != nil { // 旧姓・通称 compared
				return err
			}
			if !p.AddressHidden {
				p.Address = stored.Address // a protected address is never compared (rule 6)
			}
			hits, err := tx.duplicatesOf(ctx, a, p, municipal)
			if err != nil {
				return err
			}
			for _, h := range hits {
				if h.Decision != "" {
					continue
				}
				other, err := seen.person(ctx, h.PersonID)
				if err != nil {
					return err
				}
				if other != nil {
					out.Items = append(out.Items, DuplicateItem{A: *me, B: *other, Score: h.Score, Same: h.Same, Reasons: h.Reasons})
				}
			}
			if ds, err = collect(ctx, tx, scanDecision, "SELECT "+decisionCols+" FROM duplicate_decisions WHERE municipality_id = ? AND person_a = ? AND revoked_at = '' UNION SELECT "+decisionCols+" FROM duplicate_decisions WHERE municipality_id = ? AND person_b = ? AND revoked_at = '' ORDER BY created_at DESC", a.MunicipalityID, personID, a.MunicipalityID, personID); err != nil {
				return err
			}
		} else {
			th, err := tx.thresholds(ctx, a.MunicipalityID)
			if err != nil {
				return err
			}
			if err := tx.queryRow(ctx, "SELECT COALESCE(MAX(found_at), '') FROM duplicate_candidates WHERE municipality_id = ?", a.MunicipalityID).Scan(&out.BatchAt); err != nil {
				return err
			}
			// pairs already decided are left out in SQL; pairs the actor may not see are skipped
			// here, so read more than one page's worth
			rows, err := tx.query(ctx, `SELECT c.person_a, c.person_b, c.score, c.reasons FROM duplicate_candidates c
				WHERE c.municipality_id = ? AND NOT EXISTS (SELECT 1 FROM duplicate_decisions d WHERE d.municipality_id = c.municipality_id
				AND d.person_a = c.person_a AND d.person_b = c.person_b AND d.revoked_at = '')
				ORDER BY c.score DESC, c.person_a, c.person_b LIMIT 2000`, a.MunicipalityID)
			if err != nil {
				return err
			}
			type cand struct {
				a, b    string
				score   int
				reasons string
			}
			var cs []cand
			for rows.Next() {
				var c cand
				if err := rows.Scan(&c.a, &c.b, &c.score, &c.reasons); err != nil {
					rows.Close()
					return err
				}
				cs = append(cs, c)
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return err
			}
			for _, c := range cs {
				if len(out.Items) == reviewLimit {
					break
				}
				pa, err := seen.person(ctx, c.a)
				if err != nil {
					return err
				}
				pb, err := seen.person(ctx, c.b)
				if err != nil {
					return err
				}
				if pa == nil || pb == nil {
					continue
				}
				reasons := splitReasons(c.reasons)
				if slices.Contains(reasons, dedupe.RPostal) || slices.Contains(reasons, dedupe.RStreet) {
					// rule 6: a pair found by a protected address is not shown
					// to an organization not designated for it
					hid, err := tx.hiddenAddresses(ctx, a, []string{c.a, c.b})
					if err != nil {
						return err
					}
					if len(hid) > 0 {
						continue
					}
				}
				out.Items = append(out.Items, DuplicateItem{A: *pa, B: *pb, Score: c.score, Same: th.IsSame(c.score, reasons), Reasons: reasons})
			}
			if ds, err = collect(ctx, tx, scanDecision, "SELECT "+decisionCols+" FROM duplicate_decisions WHERE municipality_id = ? AND revoked_at = '' ORDER BY created_at DESC LIMIT 200", a.MunicipalityID); err != nil {
				return err
			}
		}
		for _, d := range ds {
			pa, err := seen.person(ctx, d.PersonA)
			if err != nil {
				return err
			}
			pb, err := seen.person(ctx, d.PersonB)
			if err != nil {
				return err
			}
			if pa != nil && pb != nil {
				out.Decisions = append(out.Decisions, DecidedPair{Decision: d, A: *pa, B: *pb})
			}
		}
		return tx.audit(ctx, a, auditRecord{Action: casework.ActSearch, ObjectType: "person_duplicates", ObjectID: personID})
	})
	return out, err
}

func splitReasons(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, "、")
}

// reviewSeer gives the persons the actor may see in full (nil for others),
// each read once.
type reviewSeer struct {
	tx    *Tx
	a     casework.Actor
	cache map[string]*DuplicatePerson
}

func (s *reviewSeer) person(ctx context.Context, id string) (*DuplicatePerson, error) {
	if p, ok := s.cache[id]; ok {
		return p, nil
	}
	p, err := scanPerson(s.tx.queryRow(ctx, "SELECT "+personCols+" FROM persons WHERE municipality_id = ? AND id = ?", s.a.MunicipalityID, id))
	if err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			s.cache[id] = nil
			return nil, nil
		}
		return nil, err
	}
	if !casework.DecidesForMunicipality(s.a) { // the municipality's roles see the identity of every record
		facts, err := s.tx.personFacts(ctx, s.a.MunicipalityID, p)
		if err != nil {
			return nil, err
		}
		if !casework.CanSeePerson(s.a, facts, casework.Today(s.tx.now)) {
			s.cache[id] = nil
			return nil, nil
		}
	}
	p.Decorate(s.tx.now)
	dp := &DuplicatePerson{ID: p.ID, DisplayName: p.DisplayName(), Kana: p.DisplayKana(), BirthShown: p.BirthDisplay, Link: casework.CanHandleCases(s.a)}
	if !p.DVProtected {
		dp.Address = p.Address.Prefecture + p.Address.City
	}
	s.cache[id] = dp
	return dp, nil
}

// saveCandidates replaces the stored candidate pairs of the municipality
// with those of a batch.
func (t *Tx) saveCandidates(ctx context.Context, muni string, pairs []DuplicatePair) error {
	if _, err := t.exec(ctx, "DELETE FROM duplicate_candidates WHERE municipality_id = ?", muni); err != nil {
		return err
	}
	return t.insertCandidates(ctx, muni, pairs)
}

// insertCandidates adds candidate pairs to the review list (a pair already
// listed takes the new score and reasons).
func (t *Tx) insertCandidates(ctx context.Context, muni string, pairs []DuplicatePair) error {
	// each pair once (one statement may not update a row twice)
	at := make(map[[2]string]int, len(pairs))
	uniq := pairs[:0:0]
	for _, p := range pairs {
		if p.A > p.B {
			p.A, p.B = p.B, p.A
		}
		k := [2]string{p.A, p.B}
		if i, ok := at[k]; ok {
			if p.Score > uniq[i].Score {
				uniq[i] = p
			}
			continue
		}
		at[k] = len(uniq)
		uniq = append(uniq, p)
	}
	pairs = uniq
	const per = 256
	now := ts(t.now)
	for s := 0; s < len(pairs); s += per {
		e := min(s+per, len(pairs))
		args := make([]any, 0, 6*(e-s))
		for _, p := range pairs[s:e] { // A < B, as decisions store a pair
			args = append(args, muni, p.A, p.B, p.Score, strings.Join(p.Reasons, "、"), now)
		}
		q := "INSERT INTO duplicate_candidates (municipality_id, person_a, person_b, score, reasons, found_at) VALUES " +
			strings.TrimSuffix(strings.Repeat("(?,?,?,?,?,?),", e-s), ",") +
			" ON CONFLICT (municipality_id, person_a, person_b) DO UPDATE SET score = excluded.score, reasons = excluded.reasons, found_at = excluded.found_at"
		if _, err := t.exec(ctx, q, args...); err != nil {
			return err
		}
	}
	return nil
}
