package sqldb

import (
	"context"
	"strings"
	"sync"
	"time"

	"kasane/internal/casework"
)

// CreateMunicipality creates a tenant and the head of its audit chain.
func (db *DB) CreateMunicipality(ctx context.Context, code, name string) (casework.Municipality, error) {
	m := casework.Municipality{ID: newID(), Code: strings.TrimSpace(code), Name: strings.TrimSpace(name), Version: 1}
	v := casework.Invalid{}
	if len(m.Code) != 6 {
		v.Add("code", "全国地方公共団体コードは6桁で入力してください。")
	}
	if m.Name == "" {
		v.Add("name", "市区町村名を入力してください。")
	}
	if err := v.Err(); err != nil {
		return m, err
	}
	err := db.inTx(ctx, true, "市区町村", func(tx *Tx) error {
		m.Created = tx.now
		if _, err := tx.exec(ctx, "INSERT INTO municipalities (id, code, name, settings, version, created_at) VALUES (?,?,?,?,1,?)",
			m.ID, m.Code, m.Name, "{}", ts(tx.now)); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, "INSERT INTO audit_heads (municipality_id, seq, hash) VALUES (?, 0, ?)", m.ID, casework.GenesisHash); err != nil {
			return err
		}
		// the directory of services starts with the national programs
		for _, s := range casework.NationalServices {
			if _, err := tx.exec(ctx, "INSERT INTO services (id, municipality_id, "+serviceCols[4:]+") VALUES (?,?,?,?,?,?,?,?,1,?)",
				newID(), m.ID, s.Name, s.Category, joinList(s.Bunya), s.Description, s.Contact, "national", ts(tx.now)); err != nil {
				return err
			}
		}
		return nil
	})
	return m, err
}

// Municipalities lists every tenant in the database.
func (db *DB) Municipalities(ctx context.Context) ([]casework.Municipality, error) {
	var out []casework.Municipality
	err := db.inTx(ctx, false, "市区町村", func(tx *Tx) error {
		var err error
		out, err = collect(ctx, tx, func(s scanner) (casework.Municipality, error) {
			var m casework.Municipality
			var c string
			err := s.Scan(&m.ID, &m.Code, &m.Name, &m.Version, &c)
			m.Created = parseTS(c)
			return m, err
		}, "SELECT id, code, name, version, created_at FROM municipalities ORDER BY code")
		return err
	})
	return out, err
}

const orgCols = "id, municipality_id, name, kind, code, bunya, jigyo, contracted, version, created_at, retired_on, operation"

func scanOrg(s scanner) (casework.Organization, error) {
	var o casework.Organization
	var bunya, jigyo, created string
	var contracted int
	err := s.Scan(&o.ID, &o.MunicipalityID, &o.Name, &o.Kind, &o.Code, &bunya, &jigyo, &contracted, &o.Version, &created, &o.RetiredOn, &o.OperationChosen)
	o.Bunya, o.Jigyo, o.Contracted, o.Created = splitList(bunya), splitList(jigyo), contracted == 1, parseTS(created)
	return o, err
}

// CreateOrganization adds an organization to the actor's municipality.
func (db *DB) CreateOrganization(ctx context.Context, a casework.Actor, o *casework.Organization) error {
	if !casework.CanManageOrganizations(a) {
		return casework.Errorf(casework.EFORBIDDEN, "機関を登録する権限がありません。")
	}
	if err := o.Validate(); err != nil {
		return err
	}
	err := db.inTx(ctx, true, "機関", func(tx *Tx) error {
		o.ID, o.MunicipalityID, o.Version, o.Created = newID(), a.MunicipalityID, 1, tx.now
		if _, err := tx.exec(ctx, "INSERT INTO organizations ("+orgCols+") VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
			o.ID, o.MunicipalityID, o.Name, o.Kind, o.Code, joinList(o.Bunya), joinList(o.Jigyo), boolInt(o.Contracted), 1, ts(tx.now), "", o.OperationChosen); err != nil {
			return err
		}
		return tx.audit(ctx, a, auditRecord{Action: casework.ActCreate, ObjectType: "organization", ObjectID: o.ID})
	})
	db.orgNames.forgetList(a.MunicipalityID)
	return err
}

// Organizations lists the organizations of the actor's municipality.
func (db *DB) Organizations(ctx context.Context, a casework.Actor) ([]casework.Organization, error) {
	now := time.Now()
	if l, ok := db.orgNames.list(a.MunicipalityID, now); ok {
		return l, nil
	}
	var out []casework.Organization
	err := db.inTx(ctx, false, "機関", func(tx *Tx) error {
		var err error
		out, err = collect(ctx, tx, scanOrg, "SELECT "+orgCols+" FROM organizations WHERE municipality_id = ? ORDER BY kind, name", a.MunicipalityID)
		return err
	})
	if err == nil {
		casework.SortOrgs(out)
		db.orgNames.putList(a.MunicipalityID, out, now)
	}
	return out, err
}

// Organization returns one organization of the actor's municipality.
func (db *DB) Organization(ctx context.Context, a casework.Actor, id string) (casework.Organization, error) {
	var o casework.Organization
	err := db.inTx(ctx, false, "機関", func(tx *Tx) error {
		var err error
		o, err = tx.organization(ctx, a.MunicipalityID, id)
		return err
	})
	return o, err
}

func (t *Tx) organization(ctx context.Context, muni, id string) (casework.Organization, error) {
	o, err := scanOrg(t.queryRow(ctx, "SELECT "+orgCols+" FROM organizations WHERE municipality_id = ? AND id = ?", muni, id))
	if err != nil {
		return o, mapError(err, "機関")
	}
	return o, nil
}

// splitList and joinList store short code lists as comma-separated text.
func splitList(s string) []string {
	if s == "" {
		return []string{}
	}
	return strings.Split(s, ",")
}

func joinList(ss []string) string { return strings.Join(ss, ",") }

// splitLines and joinLines store free-text lists, one item a line.
func splitLines(s string) []string {
	if s == "" {
		return []string{}
	}
	return strings.Split(s, "\n")
}

func joinLines(ss []string) string {
	var out []string
	for _, s := range ss {
		if s = strings.TrimSpace(strings.ReplaceAll(s, "\n", " ")); s != "" {
			out = append(out, s)
		}
	}
	return strings.Join(out, "\n")
}

// orgNameTTL bounds how long a cached organization name is used: names are
// read on every page (the header) and change rarely (UpdateOrganization
// drops the cached name). Another server's change shows within the TTL.
const orgNameTTL = time.Minute

// orgListTTL bounds how long a cached list of a municipality's
// organizations is used (every page with an organization column or choice
// reads it). An organization created through this DB drops the list at once.
const orgListTTL = 10 * time.Second

// orgNameCache caches organization names by municipality and id, and each
// municipality's list of organizations.
type orgNameCache struct {
	mu    sync.Mutex
	m     map[[2]string]orgNameEntry
	lists map[string]orgListEntry
}

type orgListEntry struct {
	orgs []casework.Organization
	at   time.Time
}

// list is a copy of the cached list, so callers may change it.
func (c *orgNameCache) list(muni string, now time.Time) ([]casework.Organization, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.lists[muni]
	if !ok || now.Sub(e.at) > orgListTTL || now.Before(e.at) {
		return nil, false
	}
	out := make([]casework.Organization, len(e.orgs))
	for i, o := range e.orgs {
		o.Bunya, o.Jigyo = append([]string{}, o.Bunya...), append([]string{}, o.Jigyo...)
		out[i] = o
	}
	return out, true
}

func (c *orgNameCache) putList(muni string, orgs []casework.Organization, now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.lists == nil || len(c.lists) > 1000 {
		c.lists = map[string]orgListEntry{}
	}
	kept := make([]casework.Organization, len(orgs))
	for i, o := range orgs {
		o.Bunya, o.Jigyo = append([]string{}, o.Bunya...), append([]string{}, o.Jigyo...)
		kept[i] = o
	}
	c.lists[muni] = orgListEntry{kept, now}
}

func (c *orgNameCache) forgetList(muni string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.lists, muni)
}

type orgNameEntry struct {
	name string
	at   time.Time
}

func (c *orgNameCache) get(muni, id string, now time.Time) (string, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.m[[2]string{muni, id}]
	if !ok || now.Sub(e.at) > orgNameTTL || now.Before(e.at) {
		return "", false
	}
	return e.name, true
}

func (c *orgNameCache) put(muni, id, name string, now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil || len(c.m) > 10000 {
		c.m = map[[2]string]orgNameEntry{}
	}
	c.m[[2]string{muni, id}] = orgNameEntry{name, now}
}

// OrganizationName is the name of an organization of the actor's
// municipality, from a small cache (orgNameTTL). Not audited, like
// Organization.
func (db *DB) OrganizationName(ctx context.Context, a casework.Actor, id string) (string, error) {
	now := time.Now()
	if n, ok := db.orgNames.get(a.MunicipalityID, id, now); ok {
		return n, nil
	}
	o, err := db.Organization(ctx, a, id)
	if err != nil {
		return "", err
	}
	db.orgNames.put(a.MunicipalityID, id, o.Name, now)
	return o.Name, nil
}
