package sqldb

import (
	"context"

	"kasane/internal/japanese"
	"kasane/internal/nameindex"
)

// A person is found by the name search under its former names too (issue
// 23): each kept former name (person_former_names) and the typed 旧姓
// (maiden_name with the given name) is an extra document of the in-process
// name index (nameindex.AltID). Adding a former name or changing the 旧姓
// logs the person in name_index_log (triggers of migration 0035), so the
// sync that patches the person's keys patches its extra documents too.

// altDoc is one extra name of a person: its name and reading keys.
type altDoc struct{ name, kana string }

// altNames collects the extra names of persons: the kept former names and
// the 旧姓 with the given name, without repeats. Unidentified persons have
// none.
type altNames map[string][]altDoc

func (m altNames) add(person, name, kana string) {
	if name == "" && kana == "" {
		return
	}
	for _, d := range m[person] {
		if d.name == name && (d.kana == kana || kana == "") {
			return
		}
	}
	m[person] = append(m[person], altDoc{name, kana})
}

// maidenDoc is the name key of the 旧姓 with the given name ("" when none).
func maidenDoc(maiden, given string) string {
	if maiden == "" {
		return ""
	}
	return japanese.NameKey(maiden + given)
}

// altNamesOf loads the extra names of the persons ids (chunked).
func (t *Tx) altNamesOf(ctx context.Context, ids []string) (altNames, error) {
	out := altNames{}
	for start := 0; start < len(ids); start += 500 {
		chunk := ids[start:min(start+500, len(ids))]
		args := make([]any, len(chunk))
		for i, id := range chunk {
			args[i] = id
		}
		in := placeholders(len(chunk))
		type row struct{ id, name, kana string }
		fs, err := collect(ctx, t, func(s scanner) (row, error) {
			var r row
			return r, s.Scan(&r.id, &r.name, &r.kana)
		}, "SELECT f.person_id, f.name_key, f.kana_key FROM person_former_names f JOIN persons p ON p.id = f.person_id WHERE p.identified = 1 AND f.person_id IN ("+in+") ORDER BY f.created_at", args...)
		if err != nil {
			return nil, err
		}
		for _, r := range fs {
			out.add(r.id, r.name, r.kana)
		}
		ms, err := collect(ctx, t, func(s scanner) (row, error) {
			var r row
			return r, s.Scan(&r.id, &r.name, &r.kana)
		}, "SELECT id, maiden_name, given_name FROM persons WHERE identified = 1 AND maiden_name <> '' AND id IN ("+in+")", args...)
		if err != nil {
			return nil, err
		}
		for _, r := range ms {
			out.add(r.id, maidenDoc(r.name, r.kana), "")
		}
	}
	return out, nil
}

// allFormerNames loads every kept former name, by municipality.
func (t *Tx) allFormerNames(ctx context.Context) (map[string]altNames, error) {
	rows, err := t.query(ctx, "SELECT p.municipality_id, f.person_id, f.name_key, f.kana_key FROM person_former_names f JOIN persons p ON p.id = f.person_id WHERE p.identified = 1 ORDER BY f.created_at")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]altNames{}
	for rows.Next() {
		var muni, id, name, kana string
		if err := rows.Scan(&muni, &id, &name, &kana); err != nil {
			return nil, err
		}
		if out[muni] == nil {
			out[muni] = altNames{}
		}
		out[muni].add(id, name, kana)
	}
	return out, rows.Err()
}

// putAlts replaces the extra documents of person in idx by docs; c.mu is
// held. c.alts remembers how many each person has, to remove the rest.
func (c *nameCache) putAlts(idx *nameindex.Index, person string, docs []altDoc) {
	if c.alts == nil {
		c.alts = map[string]int{}
	}
	for i, d := range docs {
		idx.Put(nameindex.AltID(person, i), d.name, d.kana)
	}
	for i := len(docs); i < c.alts[person]; i++ {
		idx.Delete(nameindex.AltID(person, i))
	}
	if len(docs) == 0 {
		delete(c.alts, person)
	} else {
		c.alts[person] = len(docs)
	}
}
