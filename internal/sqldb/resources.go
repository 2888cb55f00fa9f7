package sqldb

import (
	"context"
	"sort"
	"strconv"
	"strings"

	"kasane/internal/casework"
)

const resourceCols = `id, registered_by_org_id, host_org_id, name, kind, operator, address, district, lat, lng, target_groups,
	accepts_participants, menus, activities, schedule, days, time_slots, capacity, accessibility, host_support_needs, version, created_at`

func scanResource(s scanner) (casework.Resource, error) {
	var r casework.Resource
	var lat, lng, groups, menus, acts, days, slots, access, created string
	var accepts int
	err := s.Scan(&r.ID, &r.RegisteredByOrgID, &r.HostOrgID, &r.Name, &r.Kind, &r.Operator, &r.Address, &r.District, &lat, &lng, &groups,
		&accepts, &menus, &acts, &r.Schedule, &days, &slots, &r.Capacity, &access, &r.HostSupportNeeds, &r.Version, &created)
	r.Lat, r.Lng = parseCoord(lat), parseCoord(lng)
	r.TargetGroups, r.Menus, r.Activities = splitList(groups), splitLines(menus), splitList(acts)
	r.Days, r.TimeSlots, r.Accessibility = splitList(days), splitList(slots), splitList(access)
	r.AcceptsParticipants, r.Created = accepts == 1, parseTS(created)
	return r, err
}

func parseCoord(s string) *float64 {
	if s == "" {
		return nil
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return nil
	}
	return &f
}

func coordText(f *float64) string {
	if f == nil {
		return ""
	}
	return strconv.FormatFloat(*f, 'f', -1, 64)
}

// canReadResources: resources carry no personal data; staff who work with
// cases and the municipal administrator read them; a host user reads those
// its organization hosts (casework.CanReadResource).
func canReadResources(a casework.Actor) bool {
	return casework.CanReadCommunityCounts(a) || casework.IsHost(a)
}

// CreateResource registers a place or a host.
func (db *DB) CreateResource(ctx context.Context, a casework.Actor, r *casework.Resource) error {
	if !casework.CanWriteCases(a) {
		return casework.Errorf(casework.EFORBIDDEN, "社会資源を登録する権限がありません。")
	}
	return db.inTx(ctx, true, "社会資源", func(tx *Tx) error {
		if err := r.Validate(); err != nil {
			return err
		}
		var err error
		if r.District, err = tx.canonicalDistrict(ctx, a.MunicipalityID, r.District, "district"); err != nil {
			return err
		}
		if r.HostOrgID != "" {
			if _, err := tx.organization(ctx, a.MunicipalityID, r.HostOrgID); err != nil {
				return &casework.Error{Code: casework.EINVALID, Message: "受け入れ先の機関が見つかりません。", Fields: map[string]string{"host_organization_id": "受け入れ先の機関が見つかりません。"}}
			}
		}
		r.ID, r.RegisteredByOrgID, r.Version, r.Created = newID(), a.OrganizationID, 1, tx.now
		if _, err := tx.exec(ctx, `INSERT INTO resources (id, municipality_id, registered_by_org_id, host_org_id, name, kind, operator, address, district,
			lat, lng, target_groups, accepts_participants, menus, activities, schedule, days, time_slots, capacity, accessibility, host_support_needs,
			version, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,1,?,?)`,
			r.ID, a.MunicipalityID, r.RegisteredByOrgID, r.HostOrgID, r.Name, r.Kind, r.Operator, r.Address, r.District,
			coordText(r.Lat), coordText(r.Lng), joinList(r.TargetGroups), boolInt(r.AcceptsParticipants), joinLines(r.Menus),
			joinList(r.Activities), r.Schedule, joinList(r.Days), joinList(r.TimeSlots), r.Capacity, joinList(r.Accessibility),
			r.HostSupportNeeds, ts(tx.now), ts(tx.now)); err != nil {
			return err
		}
		return tx.audit(ctx, a, auditRecord{Action: casework.ActCreate, ObjectType: "resource", ObjectID: r.ID})
	})
}

// Resources lists the municipality's places and hosts by district and name.
func (db *DB) Resources(ctx context.Context, a casework.Actor) ([]casework.Resource, error) {
	var out []casework.Resource
	err := db.inTx(ctx, false, "社会資源", func(tx *Tx) error {
		if !canReadResources(a) {
			return casework.Errorf(casework.EFORBIDDEN, "社会資源を見る権限がありません。")
		}
		all, err := tx.resources(ctx, a.MunicipalityID)
		for _, r := range all {
			if casework.CanReadResource(a, r) {
				out = append(out, r)
			}
		}
		return err
	})
	return out, err
}

func (t *Tx) resources(ctx context.Context, muni string) ([]casework.Resource, error) {
	return collect(ctx, t, scanResource, "SELECT "+resourceCols+" FROM resources WHERE municipality_id = ? ORDER BY district, name, id", muni)
}

func (t *Tx) resource(ctx context.Context, muni, id string) (casework.Resource, error) {
	r, err := scanResource(t.queryRow(ctx, "SELECT "+resourceCols+" FROM resources WHERE municipality_id = ? AND id = ?", muni, id))
	return r, mapError(err, "社会資源")
}

// Resource returns a place or host with its sessions (newest first).
func (db *DB) Resource(ctx context.Context, a casework.Actor, id string) (casework.Resource, error) {
	var r casework.Resource
	err := db.inTx(ctx, false, "社会資源", func(tx *Tx) error {
		if !canReadResources(a) {
			return casework.NotFound("社会資源")
		}
		var err error
		if r, err = tx.resource(ctx, a.MunicipalityID, id); err != nil {
			return err
		}
		if !casework.CanReadResource(a, r) {
			return casework.NotFound("社会資源")
		}
		r.Sessions, err = collect(ctx, tx, scanSession, "SELECT "+sessionCols+" FROM resource_sessions WHERE resource_id = ? ORDER BY held_on DESC, created_at DESC", id)
		return err
	})
	return r, err
}

const sessionCols = "id, resource_id, held_on, participants, total, note, version"

func scanSession(s scanner) (casework.Session, error) {
	var x casework.Session
	var parts string
	err := s.Scan(&x.ID, &x.ResourceID, &x.HeldOn, &parts, &x.Total, &x.Note, &x.Version)
	x.Participants = decodeCounts(parts)
	return x, err
}

// encodeCounts stores {group: count} as "group=count" lines in a fixed order.
func encodeCounts(m map[string]int) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var lines []string
	for _, k := range keys {
		if m[k] > 0 {
			lines = append(lines, k+"="+strconv.Itoa(m[k]))
		}
	}
	return strings.Join(lines, "\n")
}

func decodeCounts(s string) map[string]int {
	out := map[string]int{}
	for _, line := range splitLines(s) {
		k, v, ok := strings.Cut(line, "=")
		if n, err := strconv.Atoi(v); ok && err == nil {
			out[k] += n
		}
	}
	return out
}

// AddSession records a session of a place with participant counts.
func (db *DB) AddSession(ctx context.Context, a casework.Actor, resourceID string, s *casework.Session) error {
	if !casework.CanWriteCases(a) && !casework.IsHost(a) && !a.Has("municipal_admin") {
		return casework.Errorf(casework.EFORBIDDEN, "開催記録を登録する権限がありません。")
	}
	return db.inTx(ctx, true, "開催記録", func(tx *Tx) error {
		r, err := tx.resource(ctx, a.MunicipalityID, resourceID)
		if err != nil {
			return err
		}
		if !casework.CanReadResource(a, r) {
			return casework.NotFound("社会資源")
		}
		if err := casework.CanRecordSession(a, r); err != nil {
			return err
		}
		if err := s.Validate(tx.now); err != nil {
			return err
		}
		s.ID, s.ResourceID, s.Version = newID(), resourceID, 1
		if _, err := tx.exec(ctx, `INSERT INTO resource_sessions (id, municipality_id, resource_id, held_on, participants, total, note, recorded_by, version, created_at)
			VALUES (?,?,?,?,?,?,?,?,1,?)`, s.ID, a.MunicipalityID, resourceID, s.HeldOn, encodeCounts(s.Participants), s.Total, s.Note, a.UserID, ts(tx.now)); err != nil {
			return err
		}
		return tx.audit(ctx, a, auditRecord{Action: casework.ActCreate, ObjectType: "resource_session", ObjectID: s.ID})
	})
}
