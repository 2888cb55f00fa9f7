package casework

// Who writes the community directory (issue 18, path 7). A resource (place
// or host) belongs to the organization that registered it: only that
// organization's staff and the municipal administrator edit it. Its host
// organization (host_organization_id) decides who gets the host view of the
// placements there, so only the municipal administrator changes it to
// another organization — otherwise an editor could name itself host and read
// the placements of others. Sessions (開催記録) are recorded by the
// registering organization, by the host organization for its own resource,
// and by the municipal administrator.

// CanEditResource: the registering organization's writers, or the municipal
// administrator.
func CanEditResource(a Actor, cur Resource) error {
	if a.Has("municipal_admin") || (CanWriteCases(a) && cur.RegisteredByOrgID == a.OrganizationID) {
		return nil
	}
	return Errorf(EFORBIDDEN, "この社会資源を変更できるのは、登録した機関と市区町村管理者だけです。")
}

// CheckResourceHostChange: the host organization stays as it was unless the
// municipal administrator changes it.
func CheckResourceHostChange(a Actor, cur, next Resource) error {
	if next.HostOrgID == cur.HostOrgID || a.Has("municipal_admin") {
		return nil
	}
	msg := "受け入れ先の機関を変更できるのは市区町村管理者だけです。"
	return &Error{Code: EFORBIDDEN, Message: msg, Fields: map[string]string{"host_organization_id": msg}}
}

// CanRecordSession: who records a session of a resource.
func CanRecordSession(a Actor, r Resource) error {
	switch {
	case a.Has("municipal_admin"):
		return nil
	case CanWriteCases(a) && (r.RegisteredByOrgID == a.OrganizationID || r.HostOrgID == a.OrganizationID):
		return nil
	case IsHost(a) && r.HostOrgID == a.OrganizationID:
		return nil
	}
	return Errorf(EFORBIDDEN, "開催記録を登録できるのは、この社会資源を登録した機関、受け入れ先の機関と市区町村管理者だけです。")
}

// CanEditPlatform: the registering organization's writers, or the municipal
// administrator.
func CanEditPlatform(a Actor, p Platform) error {
	if a.Has("municipal_admin") || (CanWriteCases(a) && p.RegisteredByOrgID == a.OrganizationID) {
		return nil
	}
	return Errorf(EFORBIDDEN, "このプラットフォームを変更できるのは、登録した機関と市区町村管理者だけです。")
}

// CanReadResource: staff and the municipal administrator read every
// resource; a host user only those its organization hosts.
func CanReadResource(a Actor, r Resource) bool {
	return CanReadCommunityCounts(a) || (IsHost(a) && r.HostOrgID != "" && r.HostOrgID == a.OrganizationID)
}
