package sqldb

import "testing"

// TestUnfilteredIgnoresWhatToReturn: the options that say what a page
// returns (its size, offset, order, the counts, the filter choices) do not
// narrow the cases, so the counts still come from the kept counters
// (migration 0043) instead of every team row of the organization. A new
// option of that kind forgotten in unfiltered made the case list 5× slower
// under load (issue 24).
func TestUnfilteredIgnoresWhatToReturn(t *testing.T) {
	f := CaseFilter{Status: "active", Limit: 100, Offset: 200, Sort: "-received", WithCounts: true, WithChoices: true, WithoutTeams: true}
	if !f.unfiltered() {
		t.Fatal("a page's size, offset, order, counts and choices count as a filter")
	}
	f.Problem = "hikikomori"
	if f.unfiltered() {
		t.Fatal("a problem filter does not count as a filter")
	}
}
