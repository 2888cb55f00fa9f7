// Package casework is kasane's domain: the types, their validation, the
// state machines and — in one place — the rules of access and consent of
// DOMAIN.md, as pure functions over facts that package sqldb loads inside
// its transaction right before each read or write.
//
// The invariants of the access model (issue 18), in plain words:
//
//   - No self-granting (rule 0). No request of an organization widens what
//     that same organization can read. A case's focus person and household,
//     a household's members and a relation's persons must be records the
//     acting organization registered itself (CheckOwnRecord). Consents are
//     recorded by the holder of the information (CanRecordConsent); only the
//     lead adds organizations to a team or sends referrals.
//   - Derived access ends with its source. A consent member is on the team
//     only while an effective consent lists it (CaseFacts.ActiveOn), and
//     what it read through the case — the person (CanSeePerson), the
//     household, the meeting items shared under the consent
//     (CanReadMeetingItem) — ends with it.
//   - Consent scope (rule 2). A member under consent reads only the data
//     categories its consents give (CaseFacts.Scope, access_scope.go lists
//     what each category opens); the lead and statutory members read all.
//   - DV by designation (rule 6). A protected address shows only to the
//     designated organizations (CanSeeAddress), never because an
//     organization leads a case; clearing the flag needs a designated
//     organization and a reason (CheckDVChange).
//   - Statutory bases have owners and an end (rule 2). 106条の6 is never a
//     team basis (CheckJoin); a statutory membership has an end date and who
//     confirmed it; 要対協 needs the registered case and the roster; another
//     law needs its article and a privacy officer's approval
//     (CheckStatutory, CheckApproveStatutory).
//   - Break-glass is read-only and opens the emergency view only.
//   - 開示 is the privacy officer's explicit path (CanHandleDisclosure; 個人
//     情報保護法第76条, the municipality being a 行政機関等): one person's
//     records across organizations, only against a recorded 開示請求, every
//     bundle audited with its request number before anything is read; it
//     opens no case page (disclosure.go).
package casework
