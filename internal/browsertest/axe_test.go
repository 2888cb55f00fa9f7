package browsertest

import (
	"context"
	_ "embed"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"kasane/internal/casework"
)

// axeJS is the vendored axe-core (testdata/axe-core, with its licence). It
// is embedded here, in the tests, and never in the kasane binary.
//
//go:embed testdata/axe-core/axe.min.js
var axeJS string

// violation is one axe-core rule that failed, with the nodes it failed on.
type violation struct {
	ID      string     `json:"id"`
	Impact  string     `json:"impact"`
	Help    string     `json:"help"`
	Targets [][]string `json:"targets"`
}

// axeCheck injects axe-core into the page and fails the test (without
// stopping it) for every serious or critical violation.
func (b *tab) axeCheck(name string) {
	b.t.Helper()
	b.do(chromedp.Evaluate[chromedp.Void](axeJS))
	vs := evalAwait[[]violation](b, `axe.run(document, {resultTypes: ['violations']}).then(r =>
		r.violations.map(v => ({id: v.id, impact: v.impact || '', help: v.help, targets: v.nodes.map(n => n.target.map(String))})))`)
	var bad []string
	for _, v := range vs {
		if v.Impact == "serious" || v.Impact == "critical" {
			bad = append(bad, fmt.Sprintf("  %s (%s): %s\n    %v", v.ID, v.Impact, v.Help, v.Targets))
		}
	}
	// axe takes a label[for=id] as labelling the control even when another
	// element has the same id and the browser gives the label to that one;
	// so check what the browser itself associates.
	bad = append(bad, eval[[]string](b, unlabelledJS)...)
	if len(bad) > 0 {
		b.t.Errorf("axe on %s (%s): %d serious or critical violations:\n%s", name, b.path(), len(bad), strings.Join(bad, "\n"))
	}
}

// unlabelledJS lists duplicate ids and visible form controls that the
// browser gives no accessible name (no label, aria-label or title).
const unlabelledJS = `(() => {
	const out = [], seen = {};
	for (const e of document.querySelectorAll('[id]')) {
		if (seen[e.id]) out.push('  duplicate-id: #' + e.id + ' (' + e.tagName.toLowerCase() + ')');
		seen[e.id] = true;
	}
	for (const e of document.querySelectorAll('input:not([type=hidden]), select, textarea')) {
		if (!e.getClientRects().length) continue;
		if ((e.labels && e.labels.length) || e.getAttribute('aria-label') || e.getAttribute('aria-labelledby') || e.title) continue;
		out.push('  unlabelled control: ' + e.outerHTML.split('>')[0] + '>');
	}
	return out })()`

// axePage opens a path and checks it.
func (b *tab) axePage(path string) {
	b.t.Helper()
	if st := b.openStatus(path); st != 200 {
		b.t.Errorf("axe: GET %s: status %d", path, st)
		return
	}
	b.axeCheck(path)
}

// axeData is what the pages of the axe tests show.
type axeData struct {
	a       *app
	person  casework.Person
	kase    casework.Case
	consent casework.Consent
	house   casework.Household
}

// seedAxe makes a person with a case, a consent and a household of two.
func seedAxe(t *testing.T) axeData {
	t.Helper()
	a := newApp(t, false)
	p := a.person("worker", "髙橋", "一郎", "タカハシ", "イチロウ", "1950-02-03")
	son := a.person("worker", "髙橋", "進", "タカハシ", "ススム", "1978-09-10")
	d := axeData{a: a, person: p, kase: a.caseFor("worker", p.ID), consent: a.consent("worker", p.ID, "kurashi")}
	ctx := context.Background()
	d.house = casework.Household{Label: "髙橋さん世帯", Kind: "二世代"}
	if err := a.db.CreateHousehold(ctx, a.as("worker"), &d.house); err != nil {
		t.Fatal(err)
	}
	for _, m := range []casework.HouseholdMember{{PersonID: p.ID, Relationship: "本人", Cohabiting: true, Roles: []string{"被介護者"}},
		{PersonID: son.ID, Relationship: "子", Cohabiting: true, Roles: []string{"主たる介護者"}}} {
		if err := a.db.AddHouseholdMember(ctx, a.as("worker"), d.house.ID, &m); err != nil {
			t.Fatal(err)
		}
	}
	if err := a.db.AddRelation(ctx, a.as("worker"), &casework.PersonRelation{FromPersonID: p.ID, ToPersonID: son.ID, Kind: "親子", Quality: "疎遠"}); err != nil {
		t.Fatal(err)
	}
	return d
}

// TestBrowserAxe runs axe-core on the pages of the daily casework (and on
// the forms shown again with errors) and allows no serious or critical
// violation.
func TestBrowserAxe(t *testing.T) {
	t.Parallel()
	d := seedAxe(t)
	p, c, h := d.person, d.kase, d.house
	b := newTab(t, d.a.url)
	b.axePage("/login")
	// the login page with an error
	b.typeIn("#f-email", "worker@example.jp")
	b.click(`form[action="/login"] button[type=submit]`)
	b.axeCheck("login with an error")
	b.login("worker")
	for _, path := range []string{
		"/", "/persons", "/persons?q=たかはし", "/persons/" + p.ID, "/persons/new", "/persons/" + p.ID + "/edit",
		"/cases", "/cases/new?person_id=" + p.ID, "/cases/" + c.ID, "/cases/" + c.ID + "/print",
		"/consents/new?person_id=" + p.ID, "/consents/" + d.consent.ID + "/print",
		"/households/" + h.ID, "/households/" + h.ID + "?q=たかはし", "/households/new?person_id=" + p.ID, "/services",
	} {
		b.axePage(path)
	}
	// forms shown again with errors beside the fields
	b.open("/persons/new")
	b.click(`main form button[type=submit]`)
	b.axeCheck("person form with an error")
	b.open("/cases/" + c.ID)
	b.click(`#contact button[type=submit]`)
	b.axeCheck("case page with an error")
	b.open("/consents/new?person_id=" + p.ID)
	b.click(`main form[action="/consents"] button[type=submit]`)
	b.axeCheck("consent form with an error")
}

// TestBrowserAxeMore runs axe-core on the pages of meetings, plans,
// reports and outreach, the audit log as the privacy
// officer and the administration as the municipal administrator.
func TestBrowserAxeMore(t *testing.T) {
	t.Parallel()
	d := seedAxe(t)
	c := d.kase
	b := newTab(t, d.a.url)
	b.login("worker")
	for _, path := range []string{"/meetings", "/meetings/new", "/cases/" + c.ID + "/plans", "/cases/" + c.ID + "/assessments/new",
		"/cases/" + c.ID + "/plans/new", "/households/" + d.house.ID + "/genogram", "/resource-gaps", "/reports", "/reports/annual",
		"/reports/targets", "/reports/snapshots", "/exports", "/outreach"} {
		b.axePage(path)
	}

	privacy := b.other("privacy")
	privacy.login("privacy")
	privacy.axePage("/")
	privacy.axePage("/audit")

	admin := b.other("admin")
	admin.login("admin")
	admin.axePage("/admin/organizations")
	admin.axePage("/admin/users")
}
