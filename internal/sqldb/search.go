package sqldb

import (
	"context"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"kasane/internal/casework"
	"kasane/internal/japanese"
	"kasane/internal/nameindex"
)

// PersonHit is one search result. Outside the team (Visible=false) only ID,
// DisplayName and Inquiry are filled (DisplayName stays empty when the
// search was by birth date or phone: the hit must not tell whose the date
// or the number is): KnownBy stays empty (the field is kept
// for the API contract) and Inquiry names the municipality's contact point,
// never the services that know the person (casework.CanSearchPersons).
type PersonHit struct {
	ID          string                   `json:"id"`
	DisplayName string                   `json:"display_name"`
	Kana        string                   `json:"kana,omitempty"`
	BirthDate   string                   `json:"birth_date,omitempty"`
	BirthShown  string                   `json:"birth_date_display,omitempty"`
	Age         *int                     `json:"age,omitempty"`
	Sex         string                   `json:"sex,omitempty"`
	District    string                   `json:"district,omitempty"` // 地区: only to those who see the address
	KnownBy     []string                 `json:"known_by"`
	Inquiry     *casework.InquiryContact `json:"inquiry_contact,omitempty"`
	Visible     bool                     `json:"visible"`
	// LinkedKnownBy are the organizations working with the other records
	// linked to this one as the same person (名寄せ), to contact; Linked
	// counts those records. Only to a searcher who may see one record of
	// the group (casework.LinkedView); a record under DV等支援措置 whose
	// organizations may not be named sets Inquiry instead.
	LinkedKnownBy []string `json:"linked_known_by,omitempty"`
	Linked        int      `json:"linked_records,omitempty"`
	// FormerName: the hit matched a former name (旧姓・旧氏名) of the person.
	FormerName bool `json:"matched_former_name,omitempty"`
	// Own: the person is a record of the searcher's organization (one it may
	// make a case's focus person, rule 0). Not part of the API.
	Own   bool `json:"-"`
	Score int  `json:"score"`
}

// SearchPersons finds persons by name in kanji or kana, any width, with or
// without the space, variant kanji folded, from one character up. The
// candidates come from the in-process name index (unigram and bigram
// postings of the name keys, kept in step through name_index_log); the rows
// and the access rules come from the database in the audited transaction.
// Roles that take consultations may search, to avoid duplicates
// (casework.CanSearchPersons); the search is audited.
func (db *DB) SearchPersons(ctx context.Context, a casework.Actor, q string, limit int) ([]PersonHit, error) {
	if !casework.CanSearchPersons(a) {
		return nil, casework.Errorf(casework.EFORBIDDEN, "本人を検索する権限がありません。")
	}
	pq := casework.ParsePersonQuery(q)
	nk, kk := japanese.NameKey(q), japanese.KanaKey(q)
	if nk == "" {
		return nil, &casework.Error{Code: casework.EINVALID, Message: "検索する氏名を入力してください。", Fields: map[string]string{"q": "検索する氏名、生年月日または電話番号を入力してください。"}}
	}
	if utf8.RuneCountInString(nk) > 60 {
		return nil, &casework.Error{Code: casework.EINVALID, Message: "検索語が長すぎます。", Fields: map[string]string{"q": "検索語は60文字以内で入力してください。"}}
	}
	if limit <= 0 || limit > 100 {
		limit = 50
	}
	var found []nameindex.Hit
	var viaFormer map[string]int // persons found under a former name: the score of that match
	if pq.Kind == casework.SearchByName {
		kq := ""
		if kk != "" && isKanaKey(kk) {
			kq = kk
		}
		idx, err := db.NameIndex(ctx, a.MunicipalityID)
		if err != nil {
			return nil, err
		}
		found, viaFormer = nameindex.Collapse(idx.Search(nk, kq, limit)) // former names: juki_names.go
	}
	var hits []PersonHit
	err := db.inRead(ctx, "本人", func(tx *Tx) error {
		if pq.Kind != casework.SearchByName {
			var err error
			if found, err = tx.personsByBirthOrPhone(ctx, a.MunicipalityID, pq, limit); err != nil {
				return err
			}
		}
		ps, err := tx.personsByID(ctx, a.MunicipalityID, found)
		if err != nil {
			return err
		}
		orgNames, err := tx.orgNames(ctx, a.MunicipalityID)
		if err != nil {
			return err
		}
		var contact *casework.InquiryContact // loaded on the first hit outside the team
		day := casework.Today(tx.now)
		refs := make([]personRef, 0, len(ps))
		for _, p := range ps {
			if p.Identified {
				refs = append(refs, refOf(p))
			}
		}
		factsOf, err := tx.personsFacts(ctx, a.MunicipalityID, refs)
		if err != nil {
			return err
		}
		links, err := tx.searchLinks(ctx, a, ps, factsOf)
		if err != nil {
			return err
		}
		for _, p := range ps {
			if !p.Identified {
				continue
			}
			l, grouped := links[p.ID]
			if grouped && l.skip {
				continue // another record of its group is listed
			}
			matched := p
			if grouped && l.rep != nil { // the record of the group the searcher sees
				p = l.rep.p
				factsOf[p.ID] = l.rep.f
			}
			pf := factsOf[p.ID]
			cases := append(append([]casework.CaseFacts{}, pf.Focus...), pf.Member...)
			h := PersonHit{ID: p.ID, DisplayName: p.DisplayName(), Score: 100, KnownBy: []string{}}
			if pq.Kind == casework.SearchByName {
				h.Score = score(matched, nk, kk)
				if s, ok := viaFormer[matched.ID]; ok && h.Score < s-1 {
					// found under a former name (旧姓): ranked just below
					// the same match on a current name
					h.Score, h.FormerName = s-1, true
				}
			}
			if casework.CanSeePerson(a, pf, day) {
				p.Decorate(tx.now)
				h.Visible, h.Kana, h.BirthDate, h.BirthShown = true, p.DisplayKana(), p.BirthDate, p.BirthDisplay
				h.Own = p.RegisteredByOrgID == a.OrganizationID
				h.Age, h.Sex = p.Age, p.Sex
				if casework.CanSeeAddress(a, pf, day) { // rule 6: the 地区 is part of the address
					h.District = p.Address.District()
					if p.Address.Empty() {
						h.District = p.ActualAddress.District()
					}
				}
				h.KnownBy = append(h.KnownBy, orgNames[p.RegisteredByOrgID])
				for _, f := range cases { // only the cases the searcher reads
					if casework.CanReadCase(a, f, day) {
						h.KnownBy = appendUnique(h.KnownBy, orgNames[f.LeadOrgID])
					}
				}
				if grouped { // 名寄せ: the organizations of the other records
					h.Linked = len(l.others)
					for _, m := range l.others {
						switch casework.LinkedView(a, m.f, true, day) {
						case casework.LinkedRecord, casework.LinkedContacts:
							for _, o := range m.organizations(orgNames) {
								if !slices.Contains(h.KnownBy, o) {
									h.LinkedKnownBy = appendUnique(h.LinkedKnownBy, o)
								}
							}
						case casework.LinkedInquiryOnly:
							if contact == nil {
								if contact, err = tx.inquiryContact(ctx, a.MunicipalityID); err != nil {
									return err
								}
							}
							h.Inquiry = contact
						}
					}
				}
			} else {
				if pq.Kind != casework.SearchByName || h.FormerName {
					// a hit under a former name must not tell the name
					// the person has now (issue 23)
					h.DisplayName = ""
				}
				if contact == nil {
					if contact, err = tx.inquiryContact(ctx, a.MunicipalityID); err != nil {
						return err
					}
				}
				h.Inquiry = contact
			}
			hits = append(hits, h)
		}
		sort.SliceStable(hits, func(i, j int) bool {
			if hits[i].Score != hits[j].Score {
				return hits[i].Score > hits[j].Score
			}
			return hits[i].DisplayName < hits[j].DisplayName
		})
		if hits, err = tx.oneEntryPerPerson(ctx, a.MunicipalityID, hits); err != nil {
			return err
		}
		// the terms go to the audit log (access-controlled), never to
		// the server log
		return tx.audit(ctx, a, auditRecord{Action: casework.ActSearch, ObjectType: "person", Reason: SearchTermsReason(q)})
	})
	if err != nil {
		return nil, err
	}
	return hits, nil
}

// personsByID loads the persons of index hits, in the hits' order. The
// database is the truth: a hit whose row no longer matches is dropped by
// the caller's checks.
func (t *Tx) personsByID(ctx context.Context, muni string, found []nameindex.Hit) ([]casework.Person, error) {
	if len(found) == 0 {
		return nil, nil
	}
	args := []any{}
	for _, h := range found {
		args = append(args, h.ID)
	}
	// by primary key only: with municipality_id in the WHERE clause SQLite
	// walks a (municipality_id, …) index over every person
	type row struct {
		muni string
		p    casework.Person
	}
	all, err := collect(ctx, t, func(s scanner) (row, error) {
		var r row
		var err error
		r.p, err = scanPerson(prefixScanner{s, &r.muni})
		return r, err
	}, "SELECT municipality_id, "+personCols+" FROM persons WHERE id IN ("+placeholders(len(found))+")", args...)
	if err != nil {
		return nil, err
	}
	var ps []casework.Person
	for _, r := range all {
		if r.muni == muni {
			ps = append(ps, r.p)
		}
	}
	pos := make(map[string]int, len(found))
	for i, h := range found {
		pos[h.ID] = i
	}
	sort.Slice(ps, func(i, j int) bool { return pos[ps[i].ID] < pos[ps[j].ID] })
	return ps, nil
}

// oneEntryPerPerson keeps one hit of each group of records decided to be
// the same person (名寄せ): search shows the person once. Of a group it keeps
// the first record the searcher may see, else the first (hits are in rank
// order): a registration link (casework/samelink.go) between an
// organization's own record and another's must not hide its own record
// behind the hit view, nor the other's record from that other organization.
func (t *Tx) oneEntryPerPerson(ctx context.Context, muni string, hits []PersonHit) ([]PersonHit, error) {
	if len(hits) < 2 {
		return hits, nil
	}
	ids := make([]any, len(hits))
	for i, h := range hits {
		ids[i] = h.ID
	}
	in := placeholders(len(ids))
	q := "SELECT person_a, person_b FROM duplicate_decisions WHERE municipality_id = ? AND decision = 'same' AND revoked_at = '' AND person_a IN (" + in + ")"
	args := append([]any{muni}, ids...)
	links, err := collect(ctx, t, func(s scanner) ([2]string, error) {
		var l [2]string
		return l, s.Scan(&l[0], &l[1])
	}, q+" UNION "+strings.Replace(q, "person_a IN", "person_b IN", 1), append(args, args...)...)
	if err != nil || len(links) == 0 {
		return hits, err
	}
	group := personRoots{}
	for _, l := range links {
		if ra, rb := group.root(l[0]), group.root(l[1]); ra != rb {
			group[rb] = ra
		}
	}
	keep := map[string]int{} // group → index of the kept hit
	for i, h := range hits {
		g := group.root(h.ID)
		if k, ok := keep[g]; !ok || (h.Visible && !hits[k].Visible) {
			keep[g] = i
		}
	}
	out := make([]PersonHit, 0, len(keep))
	for i, h := range hits {
		if keep[group.root(h.ID)] == i {
			out = append(out, h)
		}
	}
	return out, nil
}

// prefixScanner scans one leading column into first, then the rest.
type prefixScanner struct {
	s     scanner
	first *string
}

func (p prefixScanner) Scan(dest ...any) error { return p.s.Scan(append([]any{p.first}, dest...)...) }

func isKanaKey(s string) bool {
	for _, r := range s {
		if !(r >= 'ァ' && r <= 'ヺ') {
			return false
		}
	}
	return true
}

// score ranks an exact name above a prefix above a partial match.
func score(p casework.Person, nk, kk string) int {
	best := 0
	try := func(key, q string, exact, prefix, part int) {
		if q == "" || key == "" {
			return
		}
		s := 0
		switch {
		case key == q:
			s = exact
		case strings.HasPrefix(key, q):
			s = prefix
		case strings.Contains(key, q):
			s = part
		}
		if s > best {
			best = s
		}
	}
	try(strings.ToLower(p.NameKey), nk, 100, 80, 50) // a key stored before NameKey folded case
	try(japanese.NameKey(p.FamilyName), nk, 90, 70, 40)
	if isKanaKey(kk) {
		try(p.KanaKey, kk, 95, 75, 45)
		try(japanese.KanaKey(p.FamilyKana), kk, 85, 65, 35)
	}
	return best
}
