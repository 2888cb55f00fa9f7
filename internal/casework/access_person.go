package casework

// PersonFacts are what the rules need to know of a person: who registered
// the record, the cases about the person (as focus person, as household
// member), the person's own consents and the DV designations.
type PersonFacts struct {
	RegisteredBy string
	DVProtected  bool
	// Designated are the organizations designated for a person under
	// DV等支援措置 (rule 6): the one that set the flag and those it named.
	Designated []string
	// Focus are the cases whose focus person this is; Member the cases whose
	// household lists the person (and whose focus person is someone else).
	Focus, Member []CaseFacts
	// Own are the person's own consents (all versions).
	Own []Consent
}

// CanSeePerson is rule 4 with rule 0: the person's record (name, birth
// date, contact) is visible to
//   - the registering organization (its own record),
//   - an organization on the team of a case about the person as focus
//     person, when its scope includes `basic`,
//   - an organization on the team of a case whose household lists the
//     person, when it is the lead or a statutory member, when the focus
//     person's consent gives it `household`, or when the person's own
//     effective consent lists it.
//
// Nothing else opens it: not a break-glass grant (which opens the emergency
// view only), not seeing another member of the household.
func CanSeePerson(a Actor, f PersonFacts, day string) bool {
	if !CanHandleCases(a) || a.OrganizationID == "" {
		return false
	}
	org := a.OrganizationID
	if org == f.RegisteredBy {
		return true
	}
	for _, c := range f.Focus {
		if c.Scope(org, day).Has(CatBasic) {
			return true
		}
	}
	_, ownConsent := CoveredBy(f.Own, org, day)
	for _, c := range f.Member {
		s := c.Scope(org, day)
		if s.Has(CatHousehold) || (len(s) > 0 && ownConsent) {
			return true
		}
	}
	return false
}

// CanSeeAddress is rule 6 over rule 4: under DV等支援措置 only the designated
// organizations see the address, in any page, export or print. Leading a
// case about the person designates nobody.
func CanSeeAddress(a Actor, f PersonFacts, day string) bool {
	if !CanSeePerson(a, f, day) {
		return false
	}
	return !f.DVProtected || contains(f.Designated, a.OrganizationID)
}

// IsDesignated reports whether the actor's organization is designated for a
// DV-protected person.
func IsDesignated(a Actor, f PersonFacts) bool { return contains(f.Designated, a.OrganizationID) }

// CheckDVChange decides a change of the DV flag. Setting it needs someone
// who sees the address (the setter's organization becomes designated);
// clearing it needs a designated organization and a reason, and is flagged
// to the privacy officer.
func CheckDVChange(a Actor, f PersonFacts, set bool, reason string, day string) error {
	if set {
		if !CanSeeAddress(a, f, day) {
			return Errorf(EFORBIDDEN, "住所を閲覧できない機関はDV等支援措置を設定できません。")
		}
		return nil
	}
	if !IsDesignated(a, f) {
		return &Error{Code: EFORBIDDEN, Message: "DV等支援措置の解除は、この方について指定された機関だけが行えます。",
			Fields: map[string]string{"dv_protected": "指定された機関だけが解除できます。"}}
	}
	if len([]rune(reason)) < 5 {
		msg := "DV等支援措置を解除する理由（措置の終了の確認方法など）を入力してください。"
		return &Error{Code: EINVALID, Message: msg, Fields: map[string]string{"dv_clear_reason": msg}}
	}
	return nil
}

// CheckDesignate decides whether the actor may designate another
// organization for a DV-protected person: only a designated organization.
func CheckDesignate(a Actor, f PersonFacts, reason string) error {
	if !CanWriteCases(a) || !IsDesignated(a, f) || !f.DVProtected {
		return Errorf(EFORBIDDEN, "DV等支援措置の対象者について機関を指定できるのは、既に指定された機関だけです。")
	}
	if len([]rune(reason)) < 5 {
		msg := "指定する理由を入力してください。"
		return &Error{Code: EINVALID, Message: msg, Fields: map[string]string{"reason": msg}}
	}
	return nil
}

// CheckOwnRecord is rule 0 for writes that connect records: a case's focus
// person and household, a household's members and a relation's persons must
// be records the actor's organization registered itself. An organization
// that reads another's record by consent and takes its own consultation
// registers its own record of what it collected itself; 名寄せ links the two
// without merging access.
func CheckOwnRecord(a Actor, registeredBy, field, what string) error {
	if a.OrganizationID != "" && a.OrganizationID == registeredBy {
		return nil
	}
	msg := what + "は、自機関が登録した記録だけを指定できます。他機関の記録を使うと、その機関が持つ情報が同意なく広がるためです。自機関で聞き取った内容で登録してください。"
	return &Error{Code: EINVALID, Message: msg, Fields: map[string]string{field: msg}}
}

// CanRecordConsent: a consent is recorded by the holder of the information,
// the registering organization or the lead of a case about the person as
// focus person; an organization never records a consent that widens its
// own access from a position the consent itself gave it.
func CanRecordConsent(a Actor, f PersonFacts) bool {
	if !CanWriteCases(a) {
		return false
	}
	if a.OrganizationID == f.RegisteredBy {
		return true
	}
	for _, c := range f.Focus {
		if c.LeadOrgID == a.OrganizationID {
			return true
		}
	}
	return false
}

// PersonScope is what of a person's own data (beyond the record of rule 4)
// an organization reads: every category for the registering organization;
// otherwise the union of its scopes on the cases about the person as focus
// person, and `basic` through a household it may read. A needs profile, a
// participation record or an assessment-like note about the person is cut
// to it (casework.NeedsProfile.LimitTo).
func PersonScope(a Actor, f PersonFacts, day string) Scope {
	if !CanHandleCases(a) || a.OrganizationID == "" {
		return nil
	}
	if a.OrganizationID == f.RegisteredBy {
		return ScopeAll
	}
	var out Scope
	add := func(cat string) {
		if cat != "" && !out.Has(cat) {
			out = append(out, cat)
		}
	}
	for _, c := range f.Focus {
		for _, cat := range c.Scope(a.OrganizationID, day) {
			add(cat)
		}
	}
	if CanSeePerson(a, f, day) {
		add(CatBasic)
	}
	return out
}

// LimitTo blanks what the viewer may not read of a needs profile: the home
// position and districts follow the address (rule 6: a DV-protected
// person's home is an address), health limits need `health`.
func (p *NeedsProfile) LimitTo(seeAddress bool, s Scope) {
	if !seeAddress {
		p.HomeLat, p.HomeLng, p.Districts = nil, nil, []string{}
	}
	if !s.Has(CatHealth) {
		p.HealthLimits = ""
	}
}
