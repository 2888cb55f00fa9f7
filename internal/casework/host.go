package casework

// Hosts are not staff (issue 18, path 11). A user with the role "host"
// (受け入れ先) belongs to an organization that receives participants — a
// business, or an NPO that only hosts. It sees only the participation
// matches and the sessions of its own organization's resources, and of a
// match only the host view (HostView: menu, status, dates, the participant's
// name when an effective consent gives the host the basic information). It
// does not search persons, use break-glass, read cases, meetings, reports,
// the duplicate queue or outreach: none of those rules lists "host"
// (CanHandleCases, CanWriteCases, CanSearchPersons).
//
// Matches belong to the organization that proposed them: only that
// organization changes a match's state or writes its retention logs
// (定着支援, contacts with the person). The host records its own part only:
// a 受け入れ先支援 log (kind "host_support") on a match at its own resource,
// and the sessions of its own places. Another organization on the person's
// case team reads the match but changes nothing of it.

// RoleHost is the role of a receiving organization's user.
const RoleHost = "host"

// IsHost reports whether the actor acts as a host: it holds the host role.
func IsHost(a Actor) bool { return a.Has(RoleHost) }

// CanSeeAsHost: the actor's organization hosts the resource (hostOrg) and
// the actor is a host user or works with cases there.
func CanSeeAsHost(a Actor, hostOrg string) bool {
	return hostOrg != "" && hostOrg == a.OrganizationID && (IsHost(a) || CanHandleCases(a))
}

// CanMoveMatch decides who may change a match's state: only a writer of
// the organization that proposed it. The host, and any other organization
// on the person's case team, may not.
func CanMoveMatch(a Actor, m Match) error {
	if !CanWriteCases(a) || m.OrgID != a.OrganizationID {
		return Errorf(EFORBIDDEN, "マッチングの状態を変更できるのは、提案した機関だけです。")
	}
	return nil
}

// CanAddMatchLog decides who may write a log of a match: a writer of the
// proposing organization (either kind); the host organization's user a
// 受け入れ先支援 log (host_support) on a match at its own resource that has
// not ended. hostOrg is the host organization of the match's resource.
func CanAddMatchLog(a Actor, m Match, hostOrg, kind string) error {
	if CanWriteCases(a) && m.OrgID == a.OrganizationID {
		return nil
	}
	if CanSeeAsHost(a, hostOrg) {
		if kind != "host_support" {
			return Errorf(EFORBIDDEN, "受け入れ先が記録できるのは「受け入れ先支援」の記録だけです。")
		}
		if m.Status == "ended" {
			return Errorf(EFORBIDDEN, "終了したマッチングには記録できません。")
		}
		return nil
	}
	return Errorf(EFORBIDDEN, "このマッチングに記録できるのは、提案した機関と受け入れ先だけです。")
}

// HostLogs are the logs a host sees of a match: those its own organization
// wrote (its own part), never the proposing organization's.
func HostLogs(logs []MatchLog, hostOrg string) []MatchLog {
	var out []MatchLog
	for _, l := range logs {
		if l.AuthorOrgID == hostOrg {
			out = append(out, l)
		}
	}
	return out
}

// CheckNotHostOnly refuses the lists of cases and meetings to a host user
// (issue 18: hosts are not staff); a host is told so rather than shown an
// empty list as if there were nothing.
func CheckNotHostOnly(a Actor) error {
	if IsHost(a) && !CanHandleCases(a) {
		return Errorf(EFORBIDDEN, "受け入れ先の職員は、ケースや会議を閲覧できません。")
	}
	return nil
}
