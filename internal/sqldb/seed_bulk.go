package sqldb

import (
	"context"
	"fmt"
	"strings"

	"kasane/internal/casework"
)

// SeedOrg is an organization and its workers for SeedBulk.
type SeedOrg struct {
	OrganizationID string
	WorkerIDs      []string
}

var (
	seedFamily = [][2]string{{"佐藤", "サトウ"}, {"鈴木", "スズキ"}, {"高橋", "タカハシ"}, {"田中", "タナカ"}, {"伊藤", "イトウ"},
		{"渡辺", "ワタナベ"}, {"山本", "ヤマモト"}, {"中村", "ナカムラ"}, {"小林", "コバヤシ"}, {"加藤", "カトウ"},
		{"吉田", "ヨシダ"}, {"山田", "ヤマダ"}, {"佐々木", "ササキ"}, {"山口", "ヤマグチ"}, {"松本", "マツモト"},
		{"井上", "イノウエ"}, {"木村", "キムラ"}, {"林", "ハヤシ"}, {"斎藤", "サイトウ"}, {"清水", "シミズ"}}
	seedGiven = [][2]string{{"一郎", "イチロウ"}, {"花子", "ハナコ"}, {"太郎", "タロウ"}, {"洋子", "ヨウコ"}, {"健", "ケン"},
		{"恵子", "ケイコ"}, {"誠", "マコト"}, {"幸子", "サチコ"}, {"翔太", "ショウタ"}, {"美咲", "ミサキ"},
		{"大輔", "ダイスケ"}, {"由美", "ユミ"}, {"浩", "ヒロシ"}, {"陽菜", "ヒナ"}, {"蓮", "レン"}}
	seedProblems = []string{"介護", "ひきこもり", "8050", "生活困窮", "就労", "住まい", "子育て", "障害", "債務", "孤立"}
	seedBunya    = []string{"kaigo", "shogai", "kodomo", "konkyu"}
)

// SeedBulk inserts n fictitious persons (架空) with one case each, for the
// load test. Cases are led by orgs in turn, with one of their workers as
// lead worker, received over the five years before the clock's year. Rows go
// in multi-row INSERTs, batch transactions of 500 cases, each batch audited
// as one event. progress (optional) gets the number done after each batch.
func (db *DB) SeedBulk(ctx context.Context, sys casework.Actor, orgs []SeedOrg, n int, progress func(done int)) error {
	if len(orgs) == 0 {
		return fmt.Errorf("seed: no organizations")
	}
	const batch = 500
	year := db.Now().Year()
	perYear := map[int]int{}
	for done := 0; done < n; done += batch {
		k := min(batch, n-done)
		err := db.inTx(ctx, true, "試験データ", func(tx *Tx) error {
			var persons, cases, team [][]any
			for i := done; i < done+k; i++ {
				o := orgs[i%len(orgs)]
				fam, giv := seedFamily[i%len(seedFamily)], seedGiven[(i/len(seedFamily))%len(seedGiven)]
				p := casework.Person{Identified: true, FamilyName: fam[0], GivenName: giv[0], FamilyKana: fam[1], GivenKana: giv[1],
					BirthDate: fmt.Sprintf("%04d-%02d-%02d", 1930+i%75, 1+i%12, 1+i%28), Sex: []string{"male", "female"}[i%2],
					Phone: fmt.Sprintf("090-%04d-%04d", i/10000, i%10000)}
				if err := p.Normalize(tx.now); err != nil {
					return err
				}
				p.ID, p.RegisteredByOrgID = newID(), o.OrganizationID
				persons = append(persons, append(append([]any{p.ID, sys.MunicipalityID}, personArgs(&p)...), 1, ts(tx.now), ts(tx.now)))
				y := year - 4 + i%5
				perYear[y]++
				received := fmt.Sprintf("%04d-%02d-%02d", y, 1+(i/5)%12, 1+(i/60)%28)
				worker := ""
				if len(o.WorkerIDs) > 0 {
					worker = o.WorkerIDs[(i/len(orgs))%len(o.WorkerIDs)]
				}
				caseID := newID()
				status := []string{"intake", "assessment", "active", "active", "monitoring", "closed"}[i%6]
				cases = append(cases, []any{caseID, sys.MunicipalityID, fmt.Sprintf("%04d-%05d", y, perYear[y]), p.ID, received,
					"本人", "来所", seedBunya[i%len(seedBunya)], seedProblems[i%len(seedProblems)] + "\n" + seedProblems[(i+3)%len(seedProblems)],
					"（試験データ）相談内容", status, o.OrganizationID, worker, ts(tx.now), ts(tx.now)})
				team = append(team, []any{newID(), sys.MunicipalityID, caseID, o.OrganizationID, "主担当（受付機関）", casework.BasisLead, received, ts(tx.now)})
			}
			if err := tx.insertRows(ctx, "persons (id, municipality_id, "+personColsNoID()+")", persons); err != nil {
				return err
			}
			if err := tx.insertRows(ctx, `cases (id, municipality_id, number, focus_person_id, received_on, route, method, bunya, problems,
				complaint, status, lead_org_id, lead_worker_id, created_at, updated_at)`, cases); err != nil {
				return err
			}
			if err := tx.insertRows(ctx, "case_team (id, municipality_id, case_id, organization_id, role, basis, from_on, created_at)", team); err != nil {
				return err
			}
			return tx.audit(ctx, sys, auditRecord{Action: casework.ActCreate, ObjectType: "seed", ObjectID: "", Reason: fmt.Sprintf("試験データ %d 件", k)})
		})
		if err != nil {
			return err
		}
		if progress != nil {
			progress(done + k)
		}
	}
	return nil
}

// insertRows inserts rows into "table (cols)" with multi-row INSERTs of at
// most 8000 placeholders each.
func (t *Tx) insertRows(ctx context.Context, into string, rows [][]any) error {
	if len(rows) == 0 {
		return nil
	}
	per := max(1, 8000/len(rows[0]))
	one := "(" + placeholders(len(rows[0])) + ")"
	for start := 0; start < len(rows); start += per {
		chunk := rows[start:min(start+per, len(rows))]
		var args []any
		for _, r := range chunk {
			args = append(args, r...)
		}
		q := "INSERT INTO " + into + " VALUES " + strings.TrimSuffix(strings.Repeat(one+",", len(chunk)), ",")
		if _, err := t.exec(ctx, q, args...); err != nil {
			return fmt.Errorf("bulk insert: %w", err)
		}
	}
	return nil
}
